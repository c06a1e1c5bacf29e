"""Format the repository's files as the tests expect: prettier, eslint, ruff.

Usage: python3 scripts/format_code.py

Runs, in place, the `prettier` hook of .pre-commit-config.yaml (XML, JS, YAML,
JSON, Markdown...), the `eslint` hook (which fixes what it can in the
tours), then the `ruff` and `ruff-format` hooks (Python), on the files
pre-commit would give them, with the pinned versions of package.json
(installed with npm ci when missing). Exits non-zero if a linter still
reports something it cannot fix, which is then to be fixed by hand.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _addon_files as files
import _js_linters as js_linters
from _odoo_env import ADDON_ROOT, SetupError

FORMATTERS = ("prettier", "eslint", "ruff", "ruff-format")


def main():
    try:
        import _pre_commit as pre_commit  # noqa: PLC0415 (test requirements)

        js_linters.install()
    except ImportError as error:
        print(
            f"ERROR: {error}: install the test requirements first "
            "(`python3 -m pip install -r requirements-test.txt`).",
            file=sys.stderr,
        )
        return 2
    except SetupError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 2
    names = files.git_files(ADDON_ROOT, untracked=True)
    failed = False
    for hook_id in FORMATTERS:
        result = pre_commit.run_hook(pre_commit.HOOKS[hook_id], ADDON_ROOT, names)
        if result is None:
            continue
        returncode, output, changed = result
        print(f"==> {hook_id}: {len(changed)} file(s) changed")
        for name in sorted(changed):
            print(f"    {name}")
        if returncode:
            print(output)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
