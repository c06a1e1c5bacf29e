"""Every hook of .pre-commit-config.yaml, run as a test so that any finding
fails the test command.

Offline and as pre-commit runs them: the same tools at the same versions
(requirements-test.txt, package.json), each on the files pre-commit would pass
it (the configuration's `files`, `exclude` and types). They run on a copy of
the repository's files put as in an OCA repository: a folder named like the
addon in a git checkout. pylint-odoo and oca-checks-odoo-module look for the
manifest only below the checkout's top, so in a checkout whose root is the
addon they skip their addon checks without a word. As with pre-commit, a hook
fails when it exits non-zero or changes a file.
"""

import difflib
import json
import subprocess
from importlib.metadata import version
from pathlib import Path

import _addon_files as files
import _odoo_env as env
import _pre_commit as pre_commit
import pytest

ADDON_ROOT = Path(__file__).resolve().parents[2]
HOOKS = pre_commit.HOOKS
# The Python distribution that provides each remote repository's hooks here:
# its version must be the configured revision. whool-init only writes the
# build-system table of pyproject.toml; the wheel's whool is pinned apart.
REMOTE_DISTRIBUTIONS = {
    "https://github.com/OCA/odoo-pre-commit-hooks": "oca-odoo-pre-commit-hooks",
    "https://github.com/pre-commit/pre-commit-hooks": "pre-commit-hooks",
}


def repository_copy(parent):
    """The repository's files (those git tracks or would track) in a folder
    named like the addon, in a git checkout: an addons folder."""
    copy = files.copy_files(
        ADDON_ROOT, files.git_files(ADDON_ROOT, untracked=True), parent / env.ADDON_NAME
    )
    for command in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *command], cwd=parent, check=True, capture_output=True)
    return copy


def diff(before, root):
    """A unified diff of the files a hook changed."""
    lines = []
    for name, old in before.items():
        new = (root / name).read_bytes()
        lines += difflib.unified_diff(
            old.decode(errors="replace").splitlines(),
            new.decode(errors="replace").splitlines(),
            f"a/{name}",
            f"b/{name}",
            lineterm="",
        )
    return "\n".join(lines)


@pytest.mark.parametrize("hook_id", sorted(HOOKS))
def test_pre_commit_hook_passes(hook_id, tmp_path):
    hook = HOOKS[hook_id]
    copy = repository_copy(tmp_path)
    names = files.git_files(copy)
    if hook["language"] == "fail":
        found = pre_commit.selected_files(hook, copy, names)
        assert not found, f"{hook['entry']}: {found}"
        return
    result = pre_commit.run_hook(hook, copy, names)
    if result is None:
        return
    returncode, output, changed = result
    assert returncode == 0 and not changed, (
        f"{hook_id} (exit code {returncode}), paths relative to the repository:"
        f"\n{output}\n{diff(changed, copy)[:20000]}"
    )


# A finding planted in the copy for each tool that works from the manifest:
# {hook: (file, the text appended to it, or None to prefix its first xmlid
# with the addon's name, the check that must report it)}.
PLANTED_FINDINGS = {
    "oca-checks-odoo-module": (
        "security/accrochage_security.xml",
        None,
        "xml-redundant-module-name",
    ),
    "pylint_odoo --rcfile=.pylintrc-mandatory": (
        "models/__init__.py",
        "from odoo.addons.l10n_fr_accrochage import flux  # noqa\n",
        "odoo-addons-relative-import",
    ),
}


@pytest.mark.parametrize("hook_id", sorted(PLANTED_FINDINGS))
def test_addon_checks_see_the_addon(hook_id, tmp_path):
    """The manifest-based checks do run here: a planted finding fails."""
    copy = repository_copy(tmp_path)
    name, appended, check = PLANTED_FINDINGS[hook_id]
    path = copy / name
    if appended is None:  # an xmlid prefixed with the addon's own name
        path.write_text(path.read_text().replace('id="', 'id="l10n_fr_accrochage.', 1))
    else:
        path.write_text(path.read_text() + appended)
    returncode, output, _changed = pre_commit.run_hook(HOOKS[hook_id], copy, [name])
    assert returncode != 0
    assert check in output, output


def test_pre_commit_config_pins_the_tested_versions():
    """The hooks pre-commit installs are the tools the tests run."""
    for repository in pre_commit.CONFIG["repos"]:
        if repository["repo"] in REMOTE_DISTRIBUTIONS:
            distribution = REMOTE_DISTRIBUTIONS[repository["repo"]]
            assert repository["rev"] == f"v{version(distribution)}", distribution
    package = json.loads((ADDON_ROOT / "package.json").read_text())
    node_hooks = [hook for hook in HOOKS.values() if hook["language"] == "node"]
    assert {hook["id"] for hook in node_hooks} == {"prettier", "eslint"}
    pinned = {
        dependency
        for hook in node_hooks
        for dependency in hook["additional_dependencies"]
    }
    assert pinned == {
        f"{name}@{pin}" for name, pin in package["devDependencies"].items()
    }
    lock = json.loads((ADDON_ROOT / "package-lock.json").read_text())
    assert lock["packages"][""]["devDependencies"] == package["devDependencies"]
