"""The main job on a local demo database.

Usage: python3 scripts/demo.py [--database NAME] [--no-serve] [--port 8069]

Creates the database (or updates it) with the addon, its demo data and French,
generates the accrochage file of the demo period (the previous month), prints
where it is and who was left out and why, then serves Odoo on
http://localhost:8069 (login admin / admin) unless --no-serve is given.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _odoo_env as env

OUTPUT_DIR = env.ADDON_ROOT / "accrochage-output"
GENERATE_DEMO_FILE = """
from pathlib import Path
env = env(context=dict(env.context, lang="fr_FR"))
certifier = env.ref("l10n_fr_accrochage.demo_certifier")
wizard = env["accrochage.generate.wizard"].create({{"certifier_id": certifier.id}})
print(f"Période : du {{wizard.date_from}} au {{wizard.date_to}}, "
      f"certificateur {{certifier.display_name}}")
print(f"Exclus : {{wizard.excluded_count}}")
for line in wizard.exclusion_ids:
    reason = line.reason.replace(chr(10), " ")
    print(f"  - {{line.partner_id.display_name}} : {{reason}}")
if wizard.eligible_count:
    wizard.action_generate()
    env.cr.commit()
files = env["accrochage.file"].search(
    [("certifier_id", "=", certifier.id), ("period_start", "=", wizard.date_from)]
)
for file in files:
    path = Path({output_dir!r}) / file.file_name
    path.write_bytes(file.attachment_id.raw)
    print(f"Fichier {{file.name}} : {{file.passage_count}} passage(s), "
          f"idFlux {{file.flux_id}}")
    print(f"  écrit dans {{path}}")
"""


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        default=os.environ.get("ACCROCHAGE_DEMO_DB", "accrochage_demo"),
        help="database to create or update (default: accrochage_demo)",
    )
    parser.add_argument(
        "--no-serve",
        action="store_true",
        help="stop after generating the demo file instead of serving Odoo",
    )
    parser.add_argument("--port", type=int, default=8069)
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    try:
        odoo = env.check_odoo()
        env.check_postgresql()
    except env.SetupError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 2
    addons_dir = env.make_addons_dir()
    update = env.database_exists(args.database)
    print(
        f"==> {'Updating' if update else 'Creating'} database {args.database} "
        "with the addon and its demo data",
        flush=True,
    )
    try:
        env.install_addon(odoo, addons_dir, args.database, update=update)
    except env.SetupError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    print("==> Generating the accrochage file of the demo period", flush=True)
    OUTPUT_DIR.mkdir(exist_ok=True)
    result = subprocess.run(
        env.odoo_command(
            odoo,
            addons_dir,
            args.database,
            "--no-http",
            "--log-level=warn",
            subcommand="shell",
        ),
        input=GENERATE_DEMO_FILE.format(output_dir=str(OUTPUT_DIR)),
        text=True,
        check=False,
    )
    if result.returncode:
        return result.returncode
    if args.no_serve:
        return 0
    print(
        f"==> Serving Odoo on http://localhost:{args.port} "
        f"(database {args.database}, login admin, password admin; Ctrl+C stops)",
        flush=True,
    )
    command = env.odoo_command(
        odoo,
        addons_dir,
        args.database,
        f"--http-port={args.port}",
        f"--db-filter=^{args.database}$",
    )
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
