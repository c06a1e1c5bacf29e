"""The hooks of .pre-commit-config.yaml, run offline as pre-commit runs them.

The same tools at the same versions (requirements-test.txt, package.json),
each on the files pre-commit would pass it: the configuration's `files`,
`exclude` and types (pre-commit's `identify`). Used by the tests
(scripts/tests/test_code_quality.py) and the formatter (scripts/format_code.py).
"""

import re
import shlex
import subprocess
import sys
from collections import Counter

import _addon_files as files
import _js_linters as js_linters
from _odoo_env import ADDON_ROOT
from identify import identify
from ruamel.yaml import YAML

CONFIG = YAML(typ="safe").load((ADDON_ROOT / ".pre-commit-config.yaml").read_text())

# What the hooks' repositories declare (.pre-commit-hooks.yaml at the
# configured revisions), completed below by the configuration's settings.
REMOTE_HOOKS = {
    "whool-init": {
        "entry": "whool init --exit-non-zero-on-changes",
        "always_run": True,
        "pass_filenames": False,
    },
    "oca-checks-odoo-module": {
        "entry": "oca-checks-odoo-module",
        "types_or": ["csv", "python", "xml"],
        "files": r"\.(csv|xml)$|/\_\_(manifest|openerp)\_\_.py$",
    },
    "oca-checks-po": {
        "entry": "oca-checks-po",
        "types_or": ["text"],
        "files": r"\.(po|pot)$",
    },
    "trailing-whitespace": {"entry": "trailing-whitespace-fixer", "types": ["text"]},
    "end-of-file-fixer": {"entry": "end-of-file-fixer", "types": ["text"]},
    "debug-statements": {"entry": "debug-statement-hook", "types": ["python"]},
    "fix-encoding-pragma": {"entry": "fix-encoding-pragma", "types": ["python"]},
    "check-case-conflict": {"entry": "check-case-conflict"},
    "check-docstring-first": {"entry": "check-docstring-first", "types": ["python"]},
    "check-executables-have-shebangs": {
        "entry": "check-executables-have-shebangs",
        "types": ["text", "executable"],
    },
    # outside a merge this hook checks nothing: here it always looks
    "check-merge-conflict": {
        "entry": "check-merge-conflict --assume-in-merge",
        "types": ["text"],
    },
    "check-symlinks": {"entry": "check-symlinks", "types": ["symlink"]},
    "check-xml": {"entry": "check-xml", "types": ["xml"]},
    "mixed-line-ending": {"entry": "mixed-line-ending", "types": ["text"]},
}
# Runs a console script of the Python environment the tests run in.
CONSOLE_SCRIPT = """
import sys
from importlib.metadata import entry_points
(script,) = entry_points(group="console_scripts", name=sys.argv[1])
sys.argv = sys.argv[1:]
sys.exit(script.load()())
"""
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def configured_hooks():
    """{test id: hook settings} for every hook of the configuration."""
    hooks = []
    for repository in CONFIG["repos"]:
        for settings in repository["hooks"]:
            hook = {"language": "python", "repo": repository["repo"]}
            if repository["repo"] != "local":
                if settings["id"] not in REMOTE_HOOKS:
                    raise LookupError(
                        f"hook {settings['id']} of {repository['repo']}: add what "
                        "its repository declares to REMOTE_HOOKS to run it here"
                    )
                hook.update(REMOTE_HOOKS[settings["id"]])
            hook.update(settings)
            hooks.append(hook)
    counts = Counter(hook["id"] for hook in hooks)
    return {
        hook["id"]
        if counts[hook["id"]] == 1
        else f"{hook['id']} {' '.join(hook.get('args', []))}": hook
        for hook in hooks
    }


HOOKS = configured_hooks()


def selected_files(hook, root, names):
    """The files pre-commit passes to `hook`, among `names` under `root`."""
    global_files = re.compile(CONFIG.get("files", ""))
    global_exclude = re.compile(CONFIG.get("exclude", "^$"))
    include = re.compile(hook.get("files", ""))
    exclude = re.compile(hook.get("exclude", "^$"))
    types = set(hook.get("types", ["file"]))
    types_or = set(hook.get("types_or", []))
    exclude_types = set(hook.get("exclude_types", []))
    selected = []
    for name in names:
        if not (global_files.search(name) and include.search(name)):
            continue
        if global_exclude.search(name) or exclude.search(name):
            continue
        tags = identify.tags_from_path(str(root / name))
        if (
            types <= tags
            and (not types_or or types_or & tags)
            and not (exclude_types & tags)
        ):
            selected.append(name)
    return selected


def hook_command(hook):
    entry = shlex.split(hook["entry"])
    if hook["language"] == "node":
        return [*js_linters.command(entry[0]), *entry[1:]]
    if entry[0] == "python3":
        return [sys.executable, *entry[1:]]
    return [sys.executable, "-c", CONSOLE_SCRIPT, *entry]


def contents(root, names):
    return {name: (root / name).read_bytes() for name in names}


def changed_files(before, root):
    return [name for name, old in before.items() if (root / name).read_bytes() != old]


def run_hook(hook, root, names):
    """Run `hook` on the files it takes among `names`, in `root`: (exit code,
    output, {file: content before} of the files it changed), or None when it
    has no files."""
    selected = selected_files(hook, root, names)
    if not selected and not hook.get("always_run"):
        return None  # pre-commit skips a hook without files
    before = contents(root, files.git_files(root, untracked=True))
    arguments = selected if hook.get("pass_filenames", True) else []
    result = subprocess.run(
        [*hook_command(hook), *hook.get("args", []), *arguments],
        cwd=root,
        env=js_linters.environment() if hook["language"] == "node" else None,
        capture_output=True,
        text=True,
        check=False,
    )
    output = ANSI_ESCAPE.sub("", f"{result.stdout}\n{result.stderr}")
    output = output.replace(f"{root}/", "").strip()
    changed = changed_files(before, root)
    return result.returncode, output, {name: before[name] for name in changed}
