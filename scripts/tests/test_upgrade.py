"""Upgrading a database made by the previous version keeps every data.

The previous version (the last commit of 18.0.1.0.0) is taken from this
repository's own history, installed with its demo data in a throwaway
database, made to generate a file, then upgraded to the working tree's
version; every value of the renamed fields must come through unchanged.
"""

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg2
import pytest

SCRIPTS_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(SCRIPTS_DIR))

import _odoo_env as env  # noqa: E402

# The last commit of version 18.0.1.0.0 on main.
PREVIOUS_VERSION = "408d53ed0f8ed28e1f89378e6d5e1867e49f69a1"
MIGRATION = env.ADDON_ROOT / "migrations" / "18.0.2.0.0" / "pre-migration.py"
GENERATE_A_FILE = """
env = env(context=dict(env.context, lang="fr_FR"))
certifier = env.ref("l10n_fr_accrochage.demo_certifier")
wizard = env["accrochage.generate.wizard"].create({"certifier_id": certifier.id})
wizard.action_generate()
env.cr.commit()
print("GENERATED", env["accrochage.file"].search_count([]))
"""


def _renamed_fields():
    spec = importlib.util.spec_from_file_location("pre_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.RENAMED_FIELDS


def _stored_columns(cursor, table):
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
        [table],
    )
    return {row[0] for row in cursor.fetchall()}


def _snapshot(database, renamed, new_names):
    """Every stored value of the renamed fields, by model, record and old name;
    the passages' and files' states."""
    connection = psycopg2.connect(dbname=database)
    try:
        with connection.cursor() as cursor:
            values = {}
            for model, fields in renamed.items():
                table = model.replace(".", "_")
                columns = _stored_columns(cursor, table)
                for old, new in fields.items():
                    column = new if new_names else old
                    if column not in columns:
                        continue  # not stored (computed or related)
                    cursor.execute(
                        f'SELECT id, "{column}" FROM "{table}" '
                        f'WHERE "{column}" IS NOT NULL ORDER BY id'
                    )
                    values[(model, old)] = cursor.fetchall()
            cursor.execute("SELECT id, state FROM accrochage_passage ORDER BY id")
            passages = cursor.fetchall()
            cursor.execute("SELECT id, state FROM accrochage_file ORDER BY id")
            files = cursor.fetchall()
            cursor.execute(
                "SELECT DISTINCT rel.passage_id FROM accrochage_file_passage_rel rel"
                " JOIN accrochage_file file ON file.id = rel.file_id"
                " WHERE file.state = 'generated' AND file.action = 'CREATION'"
            )
            undeposited = {row[0] for row in cursor.fetchall()}
    finally:
        connection.close()
    return values, passages, files, undeposited


def _run(command, **kwargs):
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, **kwargs
    )
    output = result.stdout + result.stderr
    bad = [line for line in output.splitlines() if " ERROR " in line]
    assert result.returncode == 0 and not bad, output[-6000:]
    return output


@pytest.fixture
def previous_addons_dir():
    """An addons folder holding the previous version of the addon."""
    folder = Path(tempfile.mkdtemp(prefix="accrochage-previous-"))
    addon = folder / env.ADDON_NAME
    addon.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(env.ADDON_ROOT), "archive", PREVIOUS_VERSION],
        capture_output=True,
        check=False,
    )
    assert archive.returncode == 0, (
        f"the previous version {PREVIOUS_VERSION} is not in this repository's "
        f"history: {archive.stderr.decode()}"
    )
    subprocess.run(["tar", "-x", "-C", str(addon)], input=archive.stdout, check=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_upgrade_from_the_previous_version_keeps_the_data(previous_addons_dir):
    odoo = env.check_odoo()
    database = f"accrochage_upgrade_{uuid.uuid4().hex[:10]}"
    current_addons_dir = env.make_addons_dir()
    renamed = _renamed_fields()
    try:
        env.install_addon(odoo, previous_addons_dir, database)
        output = _run(
            [
                *env.odoo_command(
                    odoo,
                    previous_addons_dir,
                    database,
                    "--no-http",
                    "--log-level=warn",
                    subcommand="shell",
                )
            ],
            input=GENERATE_A_FILE,
        )
        assert "GENERATED 1" in output, output[-3000:]
        before = _snapshot(database, renamed, new_names=False)
        assert before[0][("res.partner", "nir")], "the demo has NIRs to migrate"
        assert before[0][("event.registration", "exam_result")]
        env.install_addon(odoo, current_addons_dir, database, update=True)
        after = _snapshot(database, renamed, new_names=True)
        for key, rows in before[0].items():
            assert after[0].get(key) == rows, f"{key} changed by the upgrade"
        # The file generated above was never deposited: its passages are now
        # "in a file to deposit" rather than "sent"; the others keep theirs.
        in_file = dict(before[1])
        undeposited = {passage_id for passage_id, state in before[1] if state == "sent"}
        assert undeposited, "the demo file put passages in the sent state"
        in_file.update(dict.fromkeys(undeposited, "in_file"))
        assert dict(after[1]) == in_file
        assert after[2] == before[2]
        connection = psycopg2.connect(dbname=database)
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM accrochage_passage WHERE readiness IS NULL"
                )
                assert cursor.fetchone()[0] == 0, "readiness not computed"
                cursor.execute(
                    "SELECT count(*) FROM ir_model_fields WHERE model = 'res.partner'"
                    " AND name IN ('nir', 'birth_name', 'holder_sex')"
                )
                assert cursor.fetchone()[0] == 0, "old fields left behind"
                cursor.execute(
                    "SELECT count(*) FROM ir_model_data WHERE module = %s "
                    "AND name = 'view_partner_form_inherit_accrochage'",
                    [env.ADDON_NAME],
                )
                assert cursor.fetchone()[0] == 1
        finally:
            connection.close()
    finally:
        env.drop_database(database)
        shutil.rmtree(current_addons_dir, ignore_errors=True)
