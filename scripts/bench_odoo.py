"""Benchmark of the generation and of the readiness in a real database (a
script, not a test).

Usage: python3 scripts/bench_odoo.py [N ...]   (default: 10000 200000)

For each N, in a throwaway database without demo data:

1. setup: N holders with a complete civil status and N passages ready to send
   of one certification, written in bulk (COPY) as the ORM would store them;
2. preview: the generation wizard opened on the period, as the form does
   (counts and the lines left out);
3. generation: the wizard queues the run (N is above the background threshold)
   and Odoo's cron method makes its files, one file per call, each call
   committed, as the cron worker does; the peak memory of that process is
   measured (VmHWM: its own pages, registry included);
4. readiness: recomputed for the N passages after a change of their
   certification, and after 1,000 holder edits; the Overview and the passage
   list filtered on the readiness opened as the web client reads them.

Time, SQL queries per 1,000 passages and memory are printed; the database is
dropped afterwards.
"""

import subprocess
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _odoo_env as env

SETUP = """
import io, time
from datetime import date
count = {count}
started = time.perf_counter()
env = env(context=dict(env.context, tracking_disable=True))
certifier = env["accrochage.certifier"].create({{
    "name": "Bench", "certifier_client_number": "99BEN001",
    "contract_number": "MCFCER999999"}})
certification = env["accrochage.certification"].create({{
    "name": "Bench", "certification_type": "RNCP", "code": "RNCP99999",
    "certifier_id": certifier.id}})
france = env.ref("base.fr").id
company = env.company.id
env.flush_all()
cr = env.cr
partners = io.StringIO()
for index in range(count):
    partners.write(
        f"Titulaire {{index}}\\tcontact\\tt\\tf\\t{{company}}\\tNom{{index}}\\t"
        f"Prénom\\tF\\t1990-01-01\\tfrance\\t75056\\t{{france}}\\tt\\n"
    )
partners.seek(0)
cr.copy_expert(
    "COPY res_partner (name, type, active, is_company, company_id, "
    "accrochage_birth_name, accrochage_first_name_1, accrochage_sex, "
    "accrochage_birth_date, accrochage_birth_place_type, "
    "accrochage_birth_insee_code, accrochage_nationality_id, "
    "accrochage_civil_status_complete) FROM STDIN", partners)
cr.execute("UPDATE res_partner SET commercial_partner_id = id, "
           "complete_name = name WHERE commercial_partner_id IS NULL")
cr.execute("SELECT id FROM res_partner WHERE name LIKE 'Titulaire %%' ORDER BY id")
partner_ids = [row[0] for row in cr.fetchall()]
passages = io.StringIO()
for index, partner_id in enumerate(partner_ids):
    technical_id = f"BEN{{index:08d}}"
    passages.write(
        f"{{technical_id}}\\t{{technical_id}} - Prénom NOM{{index}}\\t"
        f"{{certification.id}}\\t{{certifier.id}}\\t{{company}}\\t{{partner_id}}\\tto_send\\t2026-10-15\\t"
        f"PAR_ADMISSION\\tt\\t0\\t2027-01-15\\t2027-01-15\\tready\\n"
    )
passages.seek(0)
cr.copy_expert(
    "COPY accrochage_passage (technical_id, name, certification_id, certifier_id, "
    "company_id, partner_id, state, issue_date, obtention_mode, result_final, "
    "digital_score, deadline_date, next_deadline_date, readiness) FROM STDIN",
    passages)
cr.execute("ANALYZE res_partner")
cr.execute("ANALYZE accrochage_passage")
env.cr.commit()
print(f"RESULT setup N={{count}} {{time.perf_counter() - started:.1f}} s")
"""

GENERATE = """
import time
from datetime import date
count = {count}
env = env(context=dict(env.context, tracking_disable=True, lang="fr_FR"))

def vmhwm():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status
                    if line.startswith("VmHWM:"))

certifier = env["accrochage.certifier"].search([("name", "=", "Bench")])
env.invalidate_all()
queries, started = env.cr.sql_log_count, time.perf_counter()
wizard = env["accrochage.generate.wizard"].create({{
    "certifier_id": certifier.id, "date_from": date(2026, 10, 1),
    "date_to": date(2026, 10, 31)}})
# What the form reads when it opens.
wizard.read(["eligible_count", "excluded_count", "exclusion_ids"])
preview = time.perf_counter() - started
preview_queries = env.cr.sql_log_count - queries
assert wizard.eligible_count == count, wizard.eligible_count
action = wizard.action_generate()
assert action["res_model"] == "accrochage.generation", action
env.cr.commit()
run = env["accrochage.generation"].browse(action["res_id"])
env.invalidate_all()
queries, started = env.cr.sql_log_count, time.perf_counter()
calls = 0
while True:
    env["accrochage.generation"]._cron_process_generations()
    env.cr.commit()
    env.invalidate_all()
    calls += 1
    if run.state in ("done", "failed") or calls > 50:
        break
generation = time.perf_counter() - started
generation_queries = env.cr.sql_log_count - queries
assert run.state == "done", (run.state, run.error)
sizes = [round(f.attachment_id.file_size / 2**20, 1) for f in run.file_ids]
print(f"RESULT generate N={{count}} preview={{preview:.2f}}s "
      f"({{preview_queries}} queries) generation={{generation:.1f}}s "
      f"({{count / generation:.0f}} passages/s, "
      f"{{generation_queries * 1000 / count:.2f}} queries/1000, {{calls}} cron calls) "
      f"files={{len(run.file_ids)}} MB={{sizes}} peak={{vmhwm()}} MB")
"""

READINESS = """
import time
count = {count}
env = env(context=dict(env.context, tracking_disable=True, lang="fr_FR"))
certification = env["accrochage.certification"].search([("code", "=", "RNCP99999")])
Passage = env["accrochage.passage"]
# Back to send, so that the readiness runs the holder checks and the checker.
env.cr.execute("UPDATE accrochage_passage SET state = 'to_send', readiness = 'ready'")
env.cr.execute("DELETE FROM accrochage_file_passage_rel")
env.cr.commit()
env.invalidate_all()
queries, started = env.cr.sql_log_count, time.perf_counter()
# Every passage computed again, the flux checker included.
certification.grants_honours = True
env.flush_all()
after_certification = time.perf_counter() - started
certification_queries = env.cr.sql_log_count - queries
ready = Passage.search_count([("readiness", "=", "ready")])
assert ready == count, ready
env.cr.execute("UPDATE res_partner SET accrochage_sex = NULL WHERE id IN "
               "(SELECT id FROM res_partner WHERE name LIKE 'Titulaire %%' "
               "ORDER BY id LIMIT 500)")
env.cr.execute("UPDATE accrochage_passage SET readiness = 'to_complete' WHERE "
               "partner_id IN (SELECT id FROM res_partner WHERE accrochage_sex IS NULL "
               "AND name LIKE 'Titulaire %%')")
env.cr.commit()
partners = env["res.partner"].search([("name", "like", "Titulaire %")], limit=1000)
env.invalidate_all()
started = time.perf_counter()
for partner in partners:
    partner.accrochage_first_name_2 = "Marie"
env.flush_all()
after_holders = time.perf_counter() - started
env.cr.commit()
env.invalidate_all()
started = time.perf_counter()
overview = env["accrochage.overview"].search_read(
    [], ["certification_id", "ready_count", "to_complete_count", "in_file_count"])
overview_time = time.perf_counter() - started
env.invalidate_all()
started = time.perf_counter()
domain = [("readiness", "=", "to_complete")]
rows = Passage.web_search_read(
    domain,
    {{"technical_id": {{}}, "partner_id": {{"fields": {{"display_name": {{}}}}}},
      "readiness": {{}}, "days_left": {{}}, "state": {{}}}},
    limit=80,
)
groups = Passage.read_group(
    domain, ["readiness_reason_ids"], ["readiness_reason_ids"]
)
list_time = time.perf_counter() - started
print(f"RESULT readiness N={{count}} certification_change={{after_certification:.1f}}s "
      f"({{count / after_certification:.0f}} passages/s, "
      f"{{certification_queries * 1000 / count:.1f}} queries/1000) "
      f"holder_edits_1000={{after_holders:.2f}}s overview={{overview_time:.2f}}s "
      f"passage_list={{list_time:.2f}}s ({{rows['length']}} rows, "
      f"{{len(groups)}} reason group(s))")
"""


def shell(odoo, addons_dir, database, script):
    subprocess.run(
        env.odoo_command(
            odoo,
            addons_dir,
            database,
            "--no-http",
            "--log-level=warn",
            subcommand="shell",
        ),
        input=script,
        text=True,
        check=True,
    )


def main(argv):
    counts = [int(value) for value in argv] or [10_000, 200_000]
    odoo = env.check_odoo()
    env.check_postgresql()
    addons_dir = env.make_addons_dir()
    for count in counts:
        database = f"accrochage_bench_{uuid.uuid4().hex[:8]}"
        try:
            env.install_addon(odoo, addons_dir, database, demo=False)
            shell(odoo, addons_dir, database, SETUP.format(count=count))
            # A fresh process: its peak memory is the generation's own.
            shell(odoo, addons_dir, database, GENERATE.format(count=count))
            shell(odoo, addons_dir, database, READINESS.format(count=count))
        finally:
            env.drop_database(database)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
