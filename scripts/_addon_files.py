"""The repository's files, and which of them make the addon.

The repository root is the addon, beside its tooling (scripts, CI, linter
configurations). Like whool, which packages the files under git control, the
wheel and the linters work on git's list of files, never on a folder walk:
caches, build outputs and `accrochage-output/` stay out.
"""

import shutil
import subprocess
from pathlib import Path, PurePosixPath

from _odoo_env import ADDON_NAME, ADDON_ROOT

MANIFEST_NAME = "__manifest__.py"

# Top-level entries of the repository that are its tooling, not the addon:
# they stay out of the wheel, as in an OCA repository where they sit beside
# the addon folders.
REPOSITORY_TOOLING = frozenset(
    {
        ".ci",
        ".editorconfig",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".pylintrc",
        ".pylintrc-mandatory",
        "README.md",
        "eslint.config.cjs",
        "package-lock.json",
        "package.json",
        "prettier.config.cjs",
        "requirements-oca.txt",
        "requirements-test.txt",
        "scripts",
    }
)


class NotAGitCheckout(Exception):
    """The files are listed by git: the folder must be a git checkout."""


def git_files(root=ADDON_ROOT, *, untracked=False):
    """The files git knows under `root`, as POSIX paths relative to it.

    With `untracked`, also the files not yet added that .gitignore does not
    exclude (what the next commit may hold). Files deleted from the working
    tree are left out.
    """
    command = ["git", "ls-files", "-z", "--cached"]
    if untracked:
        command += ["--others", "--exclude-standard"]
    try:
        output = subprocess.run(
            command, cwd=root, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise NotAGitCheckout(
            f"{root} is not a git checkout (or git is missing): its files are "
            f"listed with `git ls-files` ({error})."
        ) from error
    names = sorted({name for name in output.decode().split("\0") if name})
    return [
        name
        for name in names
        if (Path(root) / name).is_symlink() or (Path(root) / name).exists()
    ]


def nested_addons(files):
    """The folders below the root holding their own addon (a manifest)."""
    return sorted(
        str(PurePosixPath(name).parent)
        for name in files
        if PurePosixPath(name).name == MANIFEST_NAME and "/" in name
    )


def is_checkout_top(root):
    """Whether `root` is the top of its git checkout: the main addon."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return False
    return Path(top).resolve() == Path(root).resolve()


def addon_name(root=ADDON_ROOT):
    """The technical name of the addon at `root`: the repository's root is
    l10n_fr_accrochage whatever the clone's folder is called; a nested addon
    is named after its folder."""
    return ADDON_NAME if is_checkout_top(root) else Path(root).resolve().name


def addon_files(root=ADDON_ROOT):
    """The files of the addon at `root`: what its wheel holds.

    Git's files of `root`, less the nested addons (each is packaged on its
    own) and, at the repository's root, less the repository's tooling.
    """
    files = git_files(root)
    nested = tuple(f"{folder}/" for folder in nested_addons(files))
    tooling = REPOSITORY_TOOLING if is_checkout_top(root) else frozenset()
    return [
        name
        for name in files
        if not name.startswith(nested) and name.split("/")[0] not in tooling
    ]


def copy_files(root, files, destination):
    """Copy `files` (relative to `root`) into `destination`, modes kept."""
    destination = Path(destination)
    for name in files:
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(root) / name, target, follow_symlinks=False)
    return destination
