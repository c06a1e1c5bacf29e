#!/usr/bin/env python3
"""Run every test of the addon in a throwaway database.

Usage: python3 scripts/run_tests.py [extra pytest arguments]

Uses the python3 it is run with (the environment where Odoo 18.0 lives):
installs the test requirements, the JavaScript linters (npm ci, into a user
cache folder) and Chromium when missing, creates a database with a unique
name, installs the addon with its demo data, checks that it uninstalls
cleanly, runs with pytest-odoo the hooks of .pre-commit-config.yaml (OCA's
checks, prettier, eslint, ruff, pylint-odoo), the wheel and README checks,
the pure-Python flux tests and the Odoo tests (TransactionCase, and HttpCase
tours in headless Chromium), and drops the databases even on failure. Any
failure, error or skipped test makes it exit non-zero.
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _js_linters as js_linters
import _odoo_env as env

SCRIPTS_DIR = Path(__file__).resolve().parent
TEST_REQUIREMENTS = env.ADDON_ROOT / "requirements-test.txt"
CHROMIUM_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)
UNINSTALL_CHECK = """
module = env["ir.module.module"].search([("name", "=", "{addon}")])
assert module.state == "installed", module.state
module.button_immediate_uninstall()
env.cr.execute("SELECT count(*) FROM ir_model WHERE model LIKE 'accrochage.%%'")
leftover_models = env.cr.fetchone()[0]
env.cr.execute("SELECT state FROM ir_module_module WHERE name IN ('event', '{addon}')"
               " ORDER BY name")
states = [row[0] for row in env.cr.fetchall()]
print("UNINSTALL_RESULT", leftover_models, states)
"""


def step(message):
    print(f"==> {message}", flush=True)


def install_test_requirements():
    step(f"Test requirements ({TEST_REQUIREMENTS.name})")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--root-user-action=ignore",
            "-r",
            str(TEST_REQUIREMENTS),
        ],
        check=True,
    )


def install_js_linters():
    step("JavaScript linters (package.json, package-lock.json) with npm ci")
    node_modules = js_linters.install()
    print(f"    in {node_modules}", flush=True)


def ensure_chromium():
    """Odoo skips browser tests without Chromium: install it when missing."""
    if any(shutil.which(name) for name in CHROMIUM_NAMES):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise env.SetupError(
            "Chromium is needed for the browser tests and was not found. "
            "Install it (Debian/Ubuntu: `sudo apt-get install chromium`)."
        )
    step("Installing Chromium for the browser tests (apt-get)")
    apt_env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt_env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=apt_env
    )


def check_uninstall(odoo, addons_dir, database):
    step(f"Uninstalling the addon from a copy of the database ({database})")
    result = subprocess.run(
        [
            *env.odoo_command(
                odoo, addons_dir, database, "--no-http", subcommand="shell"
            ),
            "--log-level=warn",
        ],
        input=UNINSTALL_CHECK.format(addon=env.ADDON_NAME),
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    expected = "UNINSTALL_RESULT 0 ['installed', 'uninstalled']"
    if expected not in output or " ERROR " in output:
        raise env.SetupError(f"Uninstalling {env.ADDON_NAME} failed:\n{output[-6000:]}")


def run_pytest(odoo, addons_dir, database, extra_args):
    step("pytest: flux engine and Odoo tests (pytest-odoo, headless Chromium)")
    addon_dir = addons_dir / env.ADDON_NAME
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "fail_on_skip",
        "-p",
        "no:cacheprovider",
        f"--rootdir={addon_dir}",
        f"--odoo-database={database}",
        f"--odoo-addons-path={env.addons_path(odoo, addons_dir)}",
        "--odoo-http",
        "--odoo-log-level=error",
        *[f"--odoo-extra={option[2:]}" for option in env.db_options()],
        "-rfEs",
        str(addon_dir / "scripts" / "tests"),
        str(addon_dir / "flux" / "tests"),
        str(addon_dir / "tests"),
        *extra_args,
    ]
    pytest_env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(SCRIPTS_DIR), os.environ.get("PYTHONPATH")])
        ),
    )
    return subprocess.run(command, env=pytest_env, check=False).returncode


def main(extra_args):
    try:
        odoo = env.check_odoo()
        env.check_postgresql()
        install_test_requirements()
        install_js_linters()
        ensure_chromium()
    except env.SetupError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 2

    suffix = uuid.uuid4().hex[:10]
    database = f"accrochage_test_{suffix}"
    uninstall_database = f"{database}_uninstall"
    addons_dir = env.make_addons_dir()
    try:
        step(f"Creating database {database} with the addon and its demo data")
        env.install_addon(odoo, addons_dir, database)
        env.copy_database(database, uninstall_database)
        check_uninstall(odoo, addons_dir, uninstall_database)
        returncode = run_pytest(odoo, addons_dir, database, extra_args)
    except env.SetupError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        returncode = 1
    finally:
        for name in (uninstall_database, database):
            env.drop_database(name)
        shutil.rmtree(addons_dir, ignore_errors=True)
    return returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
