# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Ready, blocked or waiting: the readiness of every passage, and the states
of a passage through generate, deposit and report."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .test_accrochage_report import build_report
from .test_accrochage_withdrawal import AccrochageAfterDepositCase


@tagged("post_install", "-at_install")
class TestAccrochageReadiness(AccrochageAfterDepositCase):
    def force_holder(self, holder, **values):
        """Values the holder's constraints refuse (legacy data, imports): as
        they are in the database."""
        for name, value in values.items():
            self.env.cr.execute(
                f'UPDATE res_partner SET "{name}" = %s WHERE id = %s',
                [value, holder.id],
            )
        holder.invalidate_recordset()
        passages = holder.accrochage_passage_ids
        passages._accrochage_recompute_readiness()

    def assert_readiness(self, passage, readiness, code=None, text=None):
        self.assertEqual(passage.readiness, readiness, passage.readiness_message)
        if code:
            self.assertIn(code, passage.readiness_reason_ids.mapped("code"))
        if text:
            self.assertIn(text, passage.readiness_message)

    def test_ready(self):
        passage = self.make_passage()
        self.assert_readiness(passage, "ready")
        self.assertFalse(passage.readiness_reason_ids)
        self.assertFalse(passage.readiness_message)

    def test_every_reason_of_the_holder(self):
        cases = {
            "nationality_missing": {"accrochage_nationality_id": False},
            "birth_name_missing": {"accrochage_birth_name": False},
            "first_name_missing": {"accrochage_first_name_1": False},
            "sex_missing": {"accrochage_sex": False},
            "birth_date_missing": {"accrochage_birth_date": False},
            "birth_place_missing": {"accrochage_birth_place_type": False},
            "birth_commune_missing": {
                "accrochage_birth_insee_code": False,
                "accrochage_birth_postcode": False,
            },
            "birth_country_missing": {
                "accrochage_birth_place_type": "abroad",
                "accrochage_birth_insee_code": False,
                "accrochage_birth_country_id": False,
            },
            "birth_country_without_code": {
                "accrochage_birth_place_type": "abroad",
                "accrochage_birth_insee_code": False,
                "accrochage_birth_country_id": self.env.ref("base.aq").id,
            },
        }
        for code, values in cases.items():
            with self.subTest(reason=code):
                passage = self.make_passage(self.make_holder(**values))
                self.assert_readiness(passage, "to_complete", code)
                self.assertTrue(passage.readiness_holder_to_fix)
                action = passage.action_open_what_to_fix()
                self.assertEqual(
                    (action["res_model"], action["res_id"]),
                    ("res.partner", passage.partner_id.id),
                )

    def test_reasons_only_the_database_can_hold(self):
        passage = self.make_passage()
        self.force_holder(passage.partner_id, accrochage_birth_insee_code="7510A")
        self.assert_readiness(passage, "to_complete", "insee_code_invalid", "7510A")
        passage = self.make_passage()
        self.force_holder(passage.partner_id, accrochage_birth_date=date(1850, 1, 1))
        self.assert_readiness(passage, "to_complete", "birth_year_implausible", "1850")

    def test_not_reportable_foreigner_without_nir(self):
        passage = self.make_passage(
            self.make_holder(accrochage_nationality_id=self.env.ref("base.ch").id)
        )
        self.assert_readiness(passage, "not_reportable", "foreign_without_nir")
        passage.partner_id.accrochage_nir = "2900575114123"
        self.assert_readiness(passage, "ready")

    def test_what_the_certification_promises(self):
        self.certification.write(
            {"grants_language_level": True, "grants_digital_level": True}
        )
        passage = self.make_passage()
        self.assert_readiness(passage, "to_complete", "language_level_missing")
        self.assertIn(
            "digital_level_missing", passage.readiness_reason_ids.mapped("code")
        )
        self.assertFalse(passage.readiness_holder_to_fix)
        passage.write({"language_level": "B2", "digital_score": 500})
        self.assert_readiness(passage, "ready")

    def test_what_the_checker_refuses(self):
        passage = self.make_passage(score="nill")
        self.assert_readiness(passage, "to_complete", "refused_by_checker", "nill")
        passage.score = "12/20"
        self.assert_readiness(passage, "ready")

    def test_waiting(self):
        future = self.make_passage(issue_date=date.today() + timedelta(days=10))
        self.assert_readiness(future, "waiting", "issue_date_future")
        with freeze_time(date.today() + timedelta(days=11)):
            refreshed = self.env[
                "accrochage.passage"
            ]._accrochage_refresh_waiting_readiness()
            self.assertIn(future, refreshed)
            self.assert_readiness(future, "ready")

    def test_rejected_is_to_complete_with_the_cdc_message(self):
        passage = self.make_passage()
        self.reject(passage, "Aucun titulaire ne correspond")
        self.assert_readiness(passage, "to_complete", "rejected", "Aucun titulaire")

    def test_follows_edits_of_holder_passage_and_certification(self):
        holder = self.make_holder(accrochage_sex=False)
        passage = self.make_passage(holder)
        self.assert_readiness(passage, "to_complete", "sex_missing")
        holder.accrochage_sex = "F"
        self.assert_readiness(passage, "ready")
        self.assertTrue(holder.accrochage_civil_status_complete)
        holder.accrochage_birth_date = False
        self.assertFalse(holder.accrochage_civil_status_complete)
        self.assert_readiness(passage, "to_complete", "birth_date_missing")
        holder.accrochage_birth_date = date(1990, 5, 17)
        self.certification.grants_language_level = True
        self.assert_readiness(passage, "to_complete", "language_level_missing")
        passage.language_level = "C1"
        self.assert_readiness(passage, "ready")

    def test_many_passages_in_one_batch(self):
        """Recomputed by batches: each passage gets its own reasons."""
        passages = self.env["accrochage.passage"]
        for index in range(30):
            holder = self.make_holder(
                accrochage_sex=False if index % 3 == 0 else "F",
                name=f"Titulaire {index}",
            )
            passages |= self.make_passage(
                holder, score="nill" if index % 5 == 0 else "1"
            )
        passages._accrochage_recompute_readiness()
        for index, passage in enumerate(passages):
            codes = set(passage.readiness_reason_ids.mapped("code"))
            expected = set()
            if index % 3 == 0:
                expected.add("sex_missing")
            elif index % 5 == 0:
                # The checker runs on the passages with nothing else missing.
                expected.add("refused_by_checker")
            self.assertEqual(codes, expected, passage.readiness_message)

    def test_wizard_and_readiness_never_disagree(self):
        ready = self.make_passage()
        incomplete = self.make_passage(self.make_holder(accrochage_sex=False))
        refused = self.make_passage(score="nill")
        foreign = self.make_passage(
            self.make_holder(accrochage_nationality_id=self.env.ref("base.ch").id)
        )
        wizard = self.make_wizard()
        candidates = ready | incomplete | refused | foreign
        self.assertEqual(
            wizard.eligible_passage_ids & candidates,
            candidates.filtered(lambda p: p.readiness == "ready"),
        )
        for passage in candidates - ready:
            line = wizard.exclusion_ids.filtered(lambda e, p=passage: e.passage_id == p)
            self.assertEqual(line.reason, passage.readiness_message)
            self.assertEqual(line.reason_id, passage.readiness_reason_ids[:1])
        kinds = wizard.exclusion_ids.mapped("kind")
        self.assertEqual(
            kinds,
            sorted(
                kinds,
                key=["to_complete", "not_reportable", "waiting", "information"].index,
            ),
        )
        line = wizard.exclusion_ids.filtered(lambda e: e.passage_id == incomplete)
        self.assertEqual(line.action_open()["res_model"], "res.partner")
        line = wizard.exclusion_ids.filtered(lambda e: e.passage_id == refused)
        self.assertEqual(line.action_open()["res_id"], refused.id)


@tagged("post_install", "-at_install")
class TestAccrochageStates(AccrochageAfterDepositCase):
    def test_generate_deposit_report_accepted_and_rejected(self):
        accepted = self.make_passage()
        rejected = self.make_passage()
        file = self.generate()
        self.assertEqual((accepted | rejected).mapped("state"), ["in_file"] * 2)
        self.assertEqual((accepted | rejected).mapped("readiness"), ["in_file"] * 2)
        # Days left stay visible until the CDC accepts.
        self.assertTrue(accepted.days_left)
        self.assertIn(
            accepted,
            self.env["accrochage.passage"].search(
                self.env["accrochage.passage"]._accrochage_reminder_domain(
                    self.certifier, date(2027, 1, 10)
                )
            ),
        )
        self.env["accrochage.file.deposit.wizard"].create(
            {"file_ids": [(6, 0, file.ids)], "deposit_date": date.today()}
        ).action_confirm()
        self.assertEqual(file.state, "deposited")
        self.assertEqual((accepted | rejected).mapped("state"), ["sent"] * 2)
        self.assertEqual(accepted.readiness, "awaiting_report")
        self.import_report(
            build_report(
                flux_id=file.flux_id,
                ok=[accepted.technical_id],
                ko=[(rejected.technical_id, "Aucun titulaire ne correspond")],
            ),
            file=file,
        )
        self.assertEqual(accepted.state, "accepted")
        self.assertEqual(rejected.state, "rejected")
        self.assertEqual(rejected.readiness, "to_complete")

    def test_delete_before_deposit_puts_the_passages_back(self):
        passage = self.make_passage()
        file = self.generate()
        self.assertEqual(passage.state, "in_file")
        file.unlink()
        self.assertEqual(passage.state, "to_send")
        self.assertEqual(passage.readiness, "ready")

    def test_report_on_an_undeposited_file_marks_it_deposited(self):
        passage = self.make_passage()
        with freeze_time(datetime(2026, 11, 16, 9, 0)):
            file = self.generate()
        self.import_report(
            build_report(flux_id=file.flux_id, ok=[passage.technical_id]), file=file
        )
        self.assertEqual(passage.state, "accepted")
        self.assertEqual(file.state, "processed")
        # "Accusé de traitement_20261120.xml": the report's date.
        self.assertEqual(file.deposit_date, date(2026, 11, 20))
        self.assertTrue(
            file.message_ids.filtered(
                lambda m: "par l'import de son accusé de traitement" in (m.body or "")
            )
        )

    def test_xml_of_a_file_cannot_be_deleted_alone(self):
        self.make_passage()
        file = self.generate()
        posted = self.certification.message_ids.attachment_ids
        self.assertIn(file.attachment_id, posted | file.attachment_id)
        with self.assertRaisesRegex(Exception, file.name):
            file.attachment_id.unlink()
        with self.assertRaisesRegex(Exception, file.name):
            posted.unlink()

    def test_download_several_files_in_one_zip(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "l10n_fr_accrochage.max_passages_per_file", "1"
        )
        self.make_passage()
        self.make_passage()
        action = self.make_wizard().action_generate()
        files = self.env["accrochage.file"].search(action["domain"])
        self.assertEqual(len(files), 2)
        download = files.action_download()
        self.assertIn("/l10n_fr_accrochage/files.zip?ids=", download["url"])
        self.assertEqual(
            files[:1].action_download()["url"].split("?")[0],
            f"/web/content/{files[:1].attachment_id.id}",
        )


@tagged("post_install", "-at_install")
class TestAccrochageDepositReminder(AccrochageAfterDepositCase):
    def test_activity_for_a_file_not_deposited_after_three_days(self):
        responsible = self.env.ref("base.user_admin")
        self.certifier.user_id = responsible
        self.make_passage()
        with freeze_time(datetime(2026, 11, 2, 9, 0)):
            file = self.generate()
        deposit_type = self.env.ref(
            "l10n_fr_accrochage.mail_activity_type_accrochage_deposit"
        )
        Certifier = self.env["accrochage.certifier"]
        with freeze_time(datetime(2026, 11, 4, 9, 0)):
            Certifier._cron_accrochage_deadline_reminders()
            self.assertFalse(
                file.activity_ids.filtered(lambda a: a.activity_type_id == deposit_type)
            )
        with freeze_time(datetime(2026, 11, 5, 10, 0)):
            Certifier._cron_accrochage_deadline_reminders()
            Certifier._cron_accrochage_deadline_reminders()
            activity = file.activity_ids.filtered(
                lambda a: a.activity_type_id == deposit_type
            )
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, responsible)
            self.assertIn(file.name, activity.note)
        self.env["ir.config_parameter"].sudo().set_param(
            "l10n_fr_accrochage.deposit_reminder_days", "10"
        )
        file.action_mark_deposited()
        self.env["accrochage.file.deposit.wizard"].create(
            {"file_ids": [(6, 0, file.ids)], "deposit_date": date(2026, 11, 5)}
        ).with_context(tz="Europe/Paris").action_confirm()
        self.assertFalse(
            file.activity_ids.filtered(lambda a: a.activity_type_id == deposit_type)
        )
