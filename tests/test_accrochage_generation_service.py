# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The generation service: small runs at once, large runs in the background
job, file by file, two runs never sharing a passage, a failure leaving nothing
half-made."""

from datetime import date
from unittest.mock import patch

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from .. import flux
from ..models import flux_adapter
from .common import AccrochageCase, official_schema

CPF = "{urn:cdc:cpf:pc5:schema:1.0.0}"


class AccrochageServiceCase(AccrochageCase):
    def setUp(self):
        super().setUp()
        self.parameters = self.env["ir.config_parameter"].sudo()
        self.cron = self.env.ref("l10n_fr_accrochage.ir_cron_accrochage_generation")

    def set_limits(self, threshold=None, per_file=None):
        if threshold is not None:
            self.parameters.set_param(
                "l10n_fr_accrochage.background_threshold", str(threshold)
            )
        if per_file is not None:
            self.parameters.set_param(
                "l10n_fr_accrochage.max_passages_per_file", str(per_file)
            )

    def passages(self, count):
        return self.env["accrochage.passage"].union(
            *(
                self.make_passage(self.make_holder(name=f"Titulaire {index}"))
                for index in range(count)
            )
        )

    def technical_ids(self, file):
        document = etree.fromstring(file.attachment_id.raw)
        official_schema(file.schema_version).assertValid(document)
        return [element.text for element in document.iter(f"{CPF}idTechnique")]


@tagged("post_install", "-at_install")
class TestGenerationService(AccrochageServiceCase):
    def test_small_run_stays_immediate(self):
        passages = self.passages(3)
        action = self.make_wizard().action_generate()
        self.assertEqual(action["res_model"], "accrochage.file")
        file = self.env["accrochage.file"].browse(action["res_id"])
        self.assertEqual(file.passage_ids, passages)
        self.assertEqual(file.passage_count, 3)
        self.assertEqual(file.holder_count, 3)
        self.assertEqual(file.certification_ids, self.certification)
        self.assertEqual(file.generation_id.state, "done")
        self.assertEqual(file.generation_id.done_count, 3)
        self.assertCountEqual(self.technical_ids(file), passages.mapped("technical_id"))
        self.assertEqual(set(passages.mapped("state")), {"in_file"})
        self.assertEqual(set(passages.mapped("readiness")), {"in_file"})
        self.assertFalse(passages.readiness_reason_ids)
        # The XML is stored once, from the disk, and linked on the certification.
        posted = self.certification.message_ids.attachment_ids
        self.assertIn(file.attachment_id, posted)
        self.assertEqual(file.attachment_id.file_size, len(file.attachment_id.raw))

    def test_background_run_end_to_end(self):
        self.set_limits(threshold=3, per_file=2)
        passages = self.passages(5)
        triggers_before = self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.cron.id)]
        )
        action = self.make_wizard().action_generate()
        # Queued: the wizard returns at once, on the run.
        self.assertEqual(action["res_model"], "accrochage.generation")
        run = self.env["accrochage.generation"].browse(action["res_id"])
        self.assertEqual((run.state, run.total_count, run.done_count), ("queued", 5, 0))
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers_before + 1,
        )
        self.assertEqual(set(passages.mapped("state")), {"to_send"})
        progress = []
        Generation = self.env["accrochage.generation"]
        for _call in range(5):
            with patch.object(type(self.env["ir.cron"]), "_notify_progress") as notify:
                Generation._cron_process_generations()
            if notify.call_args:
                progress.append(notify.call_args.kwargs)
            if run.state == "done":
                break
        self.assertEqual(run.state, "done")
        self.assertEqual(
            [(step["done"], step["remaining"] > 0) for step in progress],
            [(2, True), (4, True), (5, False)],
        )
        self.assertEqual(run.progress, 100)
        self.assertEqual(len(run.file_ids), 3)
        self.assertEqual(sorted(run.file_ids.mapped("passage_count")), [1, 2, 2])
        self.assertEqual(run.file_ids.passage_ids, passages)
        written = [tid for file in run.file_ids for tid in self.technical_ids(file)]
        self.assertCountEqual(written, passages.mapped("technical_id"))
        self.assertEqual(set(passages.mapped("state")), {"in_file"})
        # The requester is told: a message for them on the run.
        message = run.message_ids.filtered(
            lambda m: self.env.user.partner_id in m.partner_ids
        )
        self.assertTrue(message)
        self.assertIn(run.file_ids[0].file_name, message[0].body)

    def test_failure_in_the_middle_leaves_nothing_half_made(self):
        self.set_limits(threshold=1, per_file=2)
        passages = self.passages(4)
        run = self.env["accrochage.generation"].browse(
            self.make_wizard().action_generate()["res_id"]
        )
        real_check_xml = flux.check_xml
        calls = []

        def failing_second_file(path, version, *args, **kwargs):
            calls.append(path)
            if len(calls) == 2:
                raise flux.FluxError("xml_syntax", {"line": 3, "detail": "cassé"})
            return real_check_xml(path, version, *args, **kwargs)

        Generation = self.env["accrochage.generation"]
        with patch.object(flux, "check_xml", failing_second_file):
            Generation._cron_process_generations()
            Generation._cron_process_generations()
        self.assertEqual(run.state, "failed")
        self.assertTrue(run.error)
        self.assertEqual(len(run.file_ids), 1, "the first file stays")
        self.assertEqual(run.done_count, 2)
        in_file = passages.filtered(lambda p: p.state == "in_file")
        self.assertEqual(in_file, run.file_ids.passage_ids)
        self.assertEqual(len(passages.filtered(lambda p: p.state == "to_send")), 2)
        self.assertEqual(
            self.env["accrochage.file"].search_count([("generation_id", "=", run.id)]),
            1,
        )
        # Restarted, the run makes the rest.
        run.action_restart()
        self.assertEqual(run.state, "queued")
        for _call in range(3):
            Generation._cron_process_generations()
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.file_ids), 2)
        self.assertEqual(set(passages.mapped("state")), {"in_file"})

    def test_passages_refused_at_the_last_moment_are_left_out(self):
        passages = self.passages(3)
        self.assertEqual(set(passages.mapped("readiness")), {"ready"})
        self.env.flush_all()
        # Data the checker refuses, written behind the readiness' back.
        self.env.cr.execute(
            "UPDATE accrochage_passage SET score = 'nill' WHERE id = %s",
            [passages[1].id],
        )
        passages.invalidate_recordset(["score"])
        run = self.env["accrochage.generation"].create(
            self.make_wizard()._generation_values()
        )
        run._run()
        self.assertEqual(run.refused_passage_ids, passages[1])
        self.assertEqual(passages[1].state, "to_send")
        self.assertEqual(passages[1].readiness, "to_complete")
        self.assertEqual(run.file_ids.passage_ids, passages - passages[1])

    def test_routine_and_correction_are_steps_of_the_service(self):
        self.certifier.user_id = self.env.ref("base.user_admin")
        self.certifier._accrochage_schedule_routine(
            date(2026, 10, 1), date(2026, 11, 5)
        )
        self.assertTrue(self.certifier._accrochage_routine_activities())
        passage = self.make_passage()
        run = self.env["accrochage.generation"].create(
            self.make_wizard()._generation_values()
        )
        run._run()
        self.assertFalse(self.certifier._accrochage_routine_activities())
        passage.state = "accepted"
        correction = self.env["accrochage.generation"].create(
            {
                "certifier_id": self.certifier.id,
                "action": "SUPPRESSION",
                "passage_ids": [(6, 0, passage.ids)],
                "correction": True,
            }
        )
        correction._run()
        self.assertEqual(passage.state, "withdrawal_in_file")
        self.assertEqual(
            correction.correction_passage_ids, passage.correction_passage_id
        )
        self.assertEqual(correction.file_ids.action, "SUPPRESSION")

    def test_both_ways_of_reading_a_passage_give_the_same_flux(self):
        """The generation reads passages from the database; the readiness from
        their records: both must write the same file."""
        self.certification.grants_honours = True
        passages = (
            self.make_passage()
            | self.make_passage(
                self.make_holder(accrochage_nir="2900575114123"), score="15/20"
            )
            | self.make_passage(
                self.make_holder(
                    accrochage_birth_place_type="abroad",
                    accrochage_birth_insee_code=False,
                    accrochage_birth_country_id=self.env.ref("base.de").id,
                    accrochage_usage_name="Martin",
                    accrochage_first_name_2="Marie",
                ),
                access_route="VAE",
                vae_route="VAE_CLASSIQUE",
                registration_date=date(2026, 1, 5),
                digital_score=600,
                digital_result_ids=[
                    (0, 0, {"area": "1", "competence": "2", "level": 3})
                ],
                exam_mode="A_DISTANCE",
                option_label="Option",
            )
            | self.make_passage(
                self.make_holder(accrochage_sex=False), cpf_file_number="12345678901"
            )
        )
        from_records = [flux_adapter.passage_row(passage) for passage in passages]
        from_database = flux_adapter.passage_rows(self.env, passages.ids)
        self.assertEqual(from_database, from_records)
        for version in flux.SCHEMA_VERSIONS:
            for record_row, database_row in zip(
                from_records, from_database, strict=True
            ):
                self.assertEqual(
                    flux_adapter.passage_to_flux(database_row, version),
                    flux_adapter.passage_to_flux(record_row, version),
                )


@tagged("post_install", "-at_install")
class TestTwoRunsAtOnce(TransactionCase):
    """Two runs in two transactions, on the same passages, at the same time."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def test_two_runs_never_share_a_passage(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["ir.config_parameter"].set_param(
                "l10n_fr_accrochage.max_passages_per_file", "2"
            )
            certifier = env["accrochage.certifier"].create(
                {
                    "name": "Deux runs",
                    "certifier_client_number": "44RUN004",
                    "contract_number": "MCFCER000004",
                }
            )
            certification = env["accrochage.certification"].create(
                {
                    "name": "Deux runs",
                    "certification_type": "RS",
                    "code": "RS99404",
                    "certifier_id": certifier.id,
                }
            )
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"Titulaire {index}",
                        "accrochage_birth_name": f"Nom{index}",
                        "accrochage_first_name_1": "Léa",
                        "accrochage_sex": "F",
                        "accrochage_birth_date": date(1992, 2, 20),
                        "accrochage_birth_place_type": "france",
                        "accrochage_birth_insee_code": "2A004",
                        "accrochage_nationality_id": env.ref("base.fr").id,
                    }
                    for index in range(4)
                ]
            )
            passage_ids = (
                env["accrochage.passage"]
                .create(
                    [
                        {
                            "partner_id": partner.id,
                            "certification_id": certification.id,
                            "issue_date": date(2026, 10, 20),
                        }
                        for partner in partners
                    ]
                )
                .ids
            )
            values = {
                "certifier_id": certifier.id,
                "date_from": date(2026, 10, 1),
                "date_to": date(2026, 10, 31),
            }
            run_ids = env["accrochage.generation"].create([values, values]).ids
            ids = (certifier.id, certification.id, partners.ids, passage_ids)
        try:
            with self.registry.cursor() as first, self.registry.cursor() as second:
                first_run = self._env(first)["accrochage.generation"].browse(run_ids[0])
                second_run = self._env(second)["accrochage.generation"].browse(
                    run_ids[1]
                )
                first_file = first_run._generate_part()
                # The first transaction holds its two passages: the second run
                # takes the two others.
                second_file = second_run._generate_part()
                first_ids = set(first_file.passage_ids.ids)
                second_ids = set(second_file.passage_ids.ids)
                self.assertEqual(len(first_ids), 2)
                self.assertEqual(len(second_ids), 2)
                self.assertFalse(first_ids & second_ids)
                first.commit()
                second.commit()
            with self.registry.cursor() as cr:
                env = self._env(cr)
                passages = env["accrochage.passage"].browse(ids[3])
                self.assertEqual(set(passages.mapped("state")), {"in_file"})
                self.assertEqual(
                    [len(passage.file_ids) for passage in passages], [1, 1, 1, 1]
                )
        finally:
            with self.registry.cursor() as cr:
                env = self._env(cr)
                env["accrochage.file"].search([("certifier_id", "=", ids[0])]).unlink()
                env["accrochage.generation"].browse(run_ids).unlink()
                env["accrochage.passage"].browse(ids[3]).unlink()
                certification = env["accrochage.certification"].browse(ids[1])
                certification.message_ids.unlink()
                certification.unlink()
                env["res.partner"].browse(ids[2]).unlink()
                env["accrochage.certifier"].browse(ids[0]).unlink()
                env["ir.config_parameter"].set_param(
                    "l10n_fr_accrochage.max_passages_per_file", ""
                )
