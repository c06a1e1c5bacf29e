"""The JavaScript linters (prettier, eslint) from the npm registry.

package.json pins them and package-lock.json pins their dependencies; `npm ci`
installs exactly that into a user cache folder named after the lock file's
digest (outside the repository, so that every clone of the same lock shares
it and nothing lands in the checkout).
"""

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from _odoo_env import ADDON_NAME, ADDON_ROOT, SetupError

PACKAGE_FILES = ("package.json", "package-lock.json")
MINIMUM_NODE = (18, 18)  # eslint 9.12.0's minimum


def cache_dir():
    digest = hashlib.sha256((ADDON_ROOT / "package-lock.json").read_bytes())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / ADDON_NAME / "node" / digest.hexdigest()[:16]


def node_modules():
    return cache_dir() / "node_modules"


def node():
    """The `node` executable, or a SetupError saying what to install."""
    executable = shutil.which("node")
    if not executable or not shutil.which("npm"):
        raise SetupError(
            "Node.js and npm are needed for the prettier and eslint checks and "
            "were not found. Install Node.js 18.18 or later with npm (Debian/"
            "Ubuntu: `sudo apt-get install nodejs npm`)."
        )
    version = subprocess.run(
        [executable, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    match = re.fullmatch(r"v(\d+)\.(\d+)\..*", version)
    if not match or tuple(map(int, match.groups())) < MINIMUM_NODE:
        raise SetupError(
            f"Node.js {version} is too old for eslint: install Node.js "
            f"{'.'.join(map(str, MINIMUM_NODE))} or later."
        )
    return executable


def install():
    """Install the pinned packages with `npm ci` unless already there."""
    node()
    target = cache_dir()
    if (target / "node_modules").is_dir():
        return target / "node_modules"
    target.parent.mkdir(parents=True, exist_ok=True)
    # installed beside, then renamed: an interrupted install leaves no cache
    staging = Path(tempfile.mkdtemp(prefix="partial-", dir=target.parent))
    try:
        for name in PACKAGE_FILES:
            shutil.copy(ADDON_ROOT / name, staging / name)
        result = subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=staging,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise SetupError(
                f"`npm ci` failed for the JavaScript linters:\n{result.stderr[-3000:]}"
            )
        if not (target / "node_modules").is_dir():  # else another run made it
            staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target / "node_modules"


def command(tool):
    """The command line that runs `tool` (its package's executable)."""
    script = node_modules() / ".bin" / tool
    if not script.exists():
        raise SetupError(
            f"{tool} is not installed in {node_modules()}: run "
            "`python3 scripts/run_tests.py`, which installs it with npm ci."
        )
    return [node(), str(script.resolve())]


def environment():
    """The environment the linters run in: their configurations
    (prettier.config.cjs, eslint.config.cjs) `require` the plugins."""
    return dict(os.environ, NODE_PATH=str(node_modules()))
