"""The flux tests pass with the addon copied into an addons folder (as in any OCA
repository), reading the official CDC files from ACCROCHAGE_CDC_DIR, and fail
(never skip) when those files are missing."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from flux_samples import CDC_DIR, CDC_DIR_VARIABLE

PACKAGE_PARENT = Path(__file__).resolve().parents[2]
# A subset that reads the CDC files, imports the package from its folder and
# checks that it loads no Odoo: a few seconds.
SUBSET = [
    "test_flux_isolation.py",
    "test_flux_schemas.py",
    "test_flux_xml_check.py",
    "test_flux_reader.py",
    "test_flux_report.py",
]
IGNORED = shutil.ignore_patterns(
    ".git", "__pycache__", ".hypothesis", ".ruff_cache", ".pytest_cache", "*.pyc"
)


def copied_addon(tmp_path: Path) -> Path:
    addon = tmp_path / "addons" / "l10n_fr_accrochage"
    shutil.copytree(PACKAGE_PARENT, addon, ignore=IGNORED, symlinks=True)
    return addon


def run_flux_tests(addon: Path, cdc_dir: str, *extra: str):
    environment = {**os.environ, CDC_DIR_VARIABLE: cdc_dir}
    tests = addon / "flux" / "tests"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:odoo",  # pytest-odoo imports Odoo: seconds the flux tests do not need
            "-rs",
            *(str(tests / name) for name in SUBSET),
            *extra,
        ],
        cwd=addon.parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_flux_tests_pass_in_an_addons_folder(tmp_path):
    addon = copied_addon(tmp_path)
    result = run_flux_tests(addon, str(CDC_DIR))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert " passed" in output and "skipped" not in output, output[-3000:]
    # the tests used the copy: a test of the copy that cannot pass reaches it
    broken = addon / "flux" / "tests" / "test_flux_isolation.py"
    broken.write_text(broken.read_text() + "\n\ndef test_copy():\n    assert False\n")
    result = run_flux_tests(addon, str(CDC_DIR), "-k", "test_copy")
    assert result.returncode != 0 and "1 failed" in result.stdout, result.stdout


def test_missing_cdc_files_fail_the_tests(tmp_path):
    addon = copied_addon(tmp_path)
    result = run_flux_tests(addon, str(tmp_path / "no-cdc-here"), "-k", "official")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "CDC reference file missing" in output and "skipped" not in output
