"""Benchmark of the wizard in a real database (a script, not a test).

Usage: python3 scripts/bench_odoo.py [N ...]   (default: 10000 100000)

For each N, in a throwaway database: create N holders and N passages, then time
the wizard's preview (eligible and excluded passages) and the generation (build,
check, file record, attachment), count the SQL queries per 1,000 passages and
measure the peak memory of the process. The database is dropped afterwards.
"""

import subprocess
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _odoo_env as env

BENCHMARK = """
import resource, time
from datetime import date
count = {count}
env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
certifier = env["accrochage.certifier"].create({{
    "name": "Bench", "certifier_client_number": "99BEN001",
    "contract_number": "MCFCER999999"}})
certification = env["accrochage.certification"].create({{
    "name": "Bench", "certification_type": "RNCP", "code": "RNCP99999",
    "certifier_id": certifier.id}})
france = env.ref("base.fr")
started = time.perf_counter()
for offset in range(0, count, 5000):
    size = min(5000, count - offset)
    partners = env["res.partner"].create([{{
        "name": f"Titulaire {{offset + index}}",
        "accrochage_birth_name": f"Nom{{offset + index}}",
        "accrochage_first_name_1": "Prénom", "accrochage_sex": "F",
        "accrochage_birth_date": date(1990, 1, 1),
        "accrochage_birth_place_type": "france",
        "accrochage_birth_insee_code": "75056",
        "accrochage_nationality_id": france.id}} for index in range(size)])
    env["accrochage.passage"].create([{{
        "partner_id": partner.id, "certification_id": certification.id,
        "issue_date": date(2026, 10, 15), "obtention_mode": "PAR_ADMISSION"}}
        for partner in partners])
    env.cr.commit()
    env.invalidate_all()
print(f"setup: {{count}} passages in {{time.perf_counter() - started:.1f}} s")
wizard = env["accrochage.generate.wizard"].create({{
    "certifier_id": certifier.id, "date_from": date(2026, 10, 1),
    "date_to": date(2026, 10, 31)}})
env.invalidate_all()
queries = env.cr.sql_log_count
started = time.perf_counter()
eligible, exclusions = wizard._select_passages()
preview = time.perf_counter() - started
preview_queries = env.cr.sql_log_count - queries
assert len(eligible) == count, len(eligible)
env.invalidate_all()
queries = env.cr.sql_log_count
started = time.perf_counter()
wizard.action_generate()
generation = time.perf_counter() - started
generation_queries = env.cr.sql_log_count - queries
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"RESULT N={{count}} preview={{preview:.2f}}s "
      f"({{count / preview:.0f}} passages/s, {{preview_queries * 1000 / count:.1f}} "
      f"queries/1000) generation={{generation:.2f}}s ({{count / generation:.0f}} "
      f"passages/s, {{generation_queries * 1000 / count:.1f}} queries/1000) "
      f"peak={{peak_mb:.0f}} MB")
env.cr.rollback()
"""


def main(argv):
    counts = [int(value) for value in argv] or [10_000, 100_000]
    odoo = env.check_odoo()
    env.check_postgresql()
    addons_dir = env.make_addons_dir()
    for count in counts:
        database = f"accrochage_bench_{uuid.uuid4().hex[:8]}"
        try:
            env.install_addon(odoo, addons_dir, database, demo=False)
            subprocess.run(
                env.odoo_command(
                    odoo,
                    addons_dir,
                    database,
                    "--no-http",
                    "--log-level=warn",
                    subcommand="shell",
                ),
                input=BENCHMARK.format(count=count),
                text=True,
                check=True,
            )
        finally:
            env.drop_database(database)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
