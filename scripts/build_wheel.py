"""Build the addon's wheel the way OCA publishes addons (whool).

Usage: python3 scripts/build_wheel.py [--wheel-dir DIR] [--addon-dir DIR]
                                      [--no-build-isolation]

whool names the package after the addon's folder (`odoo-addon-<folder>`) and
packages the files git lists in it. The repository may be cloned under any
folder name and holds its tooling beside the addon, so the addon's files
(scripts/_addon_files.py: git's files less the tooling and the nested addons)
are first copied into a folder named after the addon, outside any git
checkout, and pip builds the wheel from there with the `whool` backend of
pyproject.toml. The version is the manifest's.

`--addon-dir` builds a nested addon (a folder with its own __manifest__.py
and a pyproject.toml made by `whool init`) on its own the same way.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _addon_files as files
from _odoo_env import ADDON_ROOT


def build_wheel(wheel_dir, addon_dir=ADDON_ROOT, *, build_isolation=True):
    """Build the wheel of the addon at `addon_dir` into `wheel_dir`; return
    its path."""
    addon_dir = Path(addon_dir).resolve()
    wheel_dir = Path(wheel_dir).resolve()
    name = files.addon_name(addon_dir)
    with tempfile.TemporaryDirectory(prefix="accrochage-wheel-") as temporary:
        source = files.copy_files(
            addon_dir, files.addon_files(addon_dir), Path(temporary, "source", name)
        )
        built = Path(temporary, "wheels")
        command = [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            f"--wheel-dir={built}",
            str(source),
        ]
        if not build_isolation:
            command.insert(4, "--no-build-isolation")
        # git must not find a repository above the copy (a temporary folder
        # may sit inside a checkout): whool then packages the whole copy and
        # takes the manifest's version as is.
        build_env = dict(os.environ, GIT_CEILING_DIRECTORIES=str(source.parent))
        subprocess.run(command, env=build_env, check=True)
        (wheel,) = built.glob("*.whl")
        wheel_dir.mkdir(parents=True, exist_ok=True)
        return Path(wheel.replace(wheel_dir / wheel.name))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--wheel-dir",
        type=Path,
        default=ADDON_ROOT / "dist",
        help="where the wheel is written (default: dist/)",
    )
    parser.add_argument(
        "--addon-dir",
        type=Path,
        default=ADDON_ROOT,
        help="the addon to build (default: the repository's addon)",
    )
    parser.add_argument(
        "--no-build-isolation",
        dest="build_isolation",
        action="store_false",
        help="use the whool installed here instead of fetching it from PyPI",
    )
    args = parser.parse_args(argv)
    try:
        wheel = build_wheel(
            args.wheel_dir, args.addon_dir, build_isolation=args.build_isolation
        )
    except (files.NotAGitCheckout, subprocess.CalledProcessError) as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    print(wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
