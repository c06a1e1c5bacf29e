"""The linters of .pre-commit-config.yaml, run as tests so that any finding
fails the test command."""

import subprocess
import sys
from pathlib import Path

import pytest

ADDON_ROOT = Path(__file__).resolve().parents[2]

LINTERS = {
    "ruff check": ["-m", "ruff", "check", "."],
    "ruff format": ["-m", "ruff", "format", "--check", "."],
    "pylint-odoo": ["-m", "pylint", "--rcfile=.pylintrc", "--recursive=y", "."],
}


@pytest.mark.parametrize("linter", sorted(LINTERS))
def test_linter_is_clean(linter):
    result = subprocess.run(
        [sys.executable, *LINTERS[linter]],
        cwd=ADDON_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{linter}:\n{result.stdout}\n{result.stderr}"
