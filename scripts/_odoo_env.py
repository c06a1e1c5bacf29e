"""What both commands of the README need: the Odoo 18 check, the addons path,
the PostgreSQL connection and the install step.

Runs with the ``python3`` the user runs the command with: the environment where
their Odoo lives.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ADDON_NAME = "l10n_fr_accrochage"
ADDON_ROOT = Path(__file__).resolve().parent.parent
REQUIRED_SERIE = "18.0"
# The OCA addons the addon depends on, as OCA publishes them on PyPI.
OCA_REQUIREMENTS = ADDON_ROOT / "requirements-oca.txt"


class SetupError(Exception):
    """A prerequisite is missing; the message says what to install."""


def check_odoo():
    """Return the imported odoo package, or raise if it is not Odoo 18.0."""
    try:
        import odoo  # noqa: PLC0415 (the check is the point)
        from odoo import release  # noqa: PLC0415
    except ImportError as error:
        raise SetupError(
            f"Odoo {REQUIRED_SERIE} is not importable as `odoo` from {sys.executable} "
            f"({error}). Install Odoo {REQUIRED_SERIE} in this Python environment "
            "(for example `pip install --no-deps -e /path/to/odoo-18.0` after "
            "`pip install -r /path/to/odoo-18.0/requirements.txt`), "
            "then run this command again with that environment's python3."
        ) from error
    if release.serie != REQUIRED_SERIE:
        raise SetupError(
            f"`import odoo` gives Odoo {release.serie} from "
            f"{Path(odoo.__file__).parent}; this addon needs Odoo {REQUIRED_SERIE}."
        )
    return odoo


def odoo_addons_dirs(odoo):
    """The addons folders of the Odoo installation (server and community)."""
    package_dir = Path(odoo.__file__).resolve().parent
    candidates = [package_dir.parent / "addons", package_dir / "addons"]
    return [str(path) for path in candidates if path.is_dir()]


def oca_addons_dir():
    """The folder of the OCA addons of ``requirements-oca.txt``, installed once
    per version of that file into a cache folder.

    They are installed with ``pip --target`` rather than into the Python
    environment: an OCA wheel installed there creates a ``site-packages/odoo``
    folder that hides an editable Odoo install (``import odoo`` then finds an
    empty namespace package).
    """
    requirements = OCA_REQUIREMENTS.read_bytes()
    digest = hashlib.sha256(requirements).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    target = cache / ADDON_NAME / f"oca-addons-{digest}"
    addons = target / "odoo" / "addons"
    if (target / ".complete").is_file():
        return addons
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix="oca-addons-", dir=target.parent))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--target",
            str(partial),
            "-r",
            str(OCA_REQUIREMENTS),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        shutil.rmtree(partial, ignore_errors=True)
        raise SetupError(
            f"Installing the OCA addons of {OCA_REQUIREMENTS.name} failed "
            f"(is the Python package registry reachable?):\n{result.stderr[-3000:]}"
        )
    (partial / ".complete").touch()
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return addons


def make_addons_dir():
    """A folder holding the addon under its technical name, and the OCA addons
    it depends on.

    The repository may be cloned under any folder name; Odoo and pytest-odoo
    find the addon by its folder name.
    """
    folder = Path(tempfile.mkdtemp(prefix="accrochage-addons-"))
    (folder / ADDON_NAME).symlink_to(ADDON_ROOT, target_is_directory=True)
    for addon in sorted(oca_addons_dir().iterdir()):
        if (addon / "__manifest__.py").is_file():
            (folder / addon.name).symlink_to(addon, target_is_directory=True)
    return folder


def db_options():
    """Odoo options for PostgreSQL, from the standard libpq variables."""
    options = []
    for variable, option in (
        ("PGHOST", "--db_host"),
        ("PGPORT", "--db_port"),
        ("PGUSER", "--db_user"),
        ("PGPASSWORD", "--db_password"),
    ):
        if os.environ.get(variable):
            options.append(f"{option}={os.environ[variable]}")
    return options


def check_postgresql():
    """Raise a SetupError when PostgreSQL cannot be reached."""
    import psycopg2  # noqa: PLC0415 (an Odoo requirement, checked after Odoo)

    try:
        connection = psycopg2.connect(dbname="postgres")
    except psycopg2.OperationalError as error:
        raise SetupError(
            "PostgreSQL is not reachable with the libpq defaults and the PGHOST, "
            f"PGPORT, PGUSER and PGPASSWORD variables ({str(error).strip()}). "
            "Start PostgreSQL, or set those variables; the role must be allowed "
            "to create databases and must not be `postgres` (Odoo refuses it)."
        ) from error
    connection.close()


def database_exists(name):
    import psycopg2  # noqa: PLC0415

    connection = psycopg2.connect(dbname="postgres")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return cursor.fetchone() is not None
    finally:
        connection.close()


def module_state(database, module=ADDON_NAME):
    import psycopg2  # noqa: PLC0415

    connection = psycopg2.connect(dbname=database)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT state FROM ir_module_module WHERE name = %s", (module,)
            )
            row = cursor.fetchone()
            return row and row[0]
    finally:
        connection.close()


def drop_database(name):
    import psycopg2  # noqa: PLC0415

    connection = psycopg2.connect(dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        connection.close()
    data_dir = Path.home() / ".local" / "share" / "Odoo" / "filestore" / name
    shutil.rmtree(data_dir, ignore_errors=True)


def copy_database(source, target):
    import psycopg2  # noqa: PLC0415

    connection = psycopg2.connect(dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    finally:
        connection.close()


def addons_path(odoo, addons_dir):
    return ",".join([str(addons_dir), *odoo_addons_dirs(odoo)])


def odoo_command(odoo, addons_dir, database, *options, subcommand="server"):
    return [
        sys.executable,
        "-m",
        "odoo",
        subcommand,
        f"--addons-path={addons_path(odoo, addons_dir)}",
        f"--database={database}",
        *db_options(),
        *options,
    ]


def install_addon(
    odoo, addons_dir, database, *, update=False, log_file=None, demo=True
):
    """Install (or update) the addon with its demo data and French.

    Fails on any ERROR or CRITICAL line in Odoo's log, since Odoo exits 0 after
    some loading errors.
    """
    command = odoo_command(
        odoo,
        addons_dir,
        database,
        f"{'--update' if update else '--init'}={ADDON_NAME}",
        "--load-language=fr_FR",
        "--stop-after-init",
        "--no-http",
        "--log-level=warn",
    )
    if not demo:
        command.append("--without-demo=all")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    if log_file:
        Path(log_file).write_text(output)
    bad_lines = [
        line
        for line in output.splitlines()
        if " ERROR " in line or " CRITICAL " in line
    ]
    if result.returncode or bad_lines or module_state(database) != "installed":
        raise SetupError(
            f"Installing {ADDON_NAME} in database {database} failed "
            f"(exit code {result.returncode}):\n{output[-6000:]}"
        )
    return output
