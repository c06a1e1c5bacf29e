"""A skipped test must fail the run: Odoo skips its browser tests without
Chromium or websocket-client and would otherwise pass."""

import os
import subprocess
import sys
from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parents[1]


def run_pytest_on(tmp_path, source):
    (tmp_path / "test_sample.py").write_text(source)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "fail_on_skip",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:odoo",
            "-q",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(SCRIPTS_DIR)),
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_skipped_test_fails_the_run(tmp_path):
    result = run_pytest_on(
        tmp_path,
        "import unittest\n"
        "class T(unittest.TestCase):\n"
        "    def test_browser(self):\n"
        "        self.skipTest('Chrome Browser not found')\n",
    )
    assert result.returncode == 1, result.stdout
    assert "skipped tests count as failures" in result.stdout


def test_a_passing_run_still_passes(tmp_path):
    result = run_pytest_on(tmp_path, "def test_ok():\n    assert True\n")
    assert result.returncode == 0, result.stdout
