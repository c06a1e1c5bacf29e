# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The life of a passage after its acceptance: withdrawal, correction, locks;
and the life of a file after its generation, written only by its flows."""

import re
from datetime import date

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_accrochage_report import build_report
from .test_accrochage_withdrawal import AccrochageAfterDepositCase

HOLDER_NOT_FOUND = "Aucun titulaire ne correspond aux critères obligatoires"
LOCKED_STATES = (
    "in_file",
    "sent",
    "accepted",
    "withdrawal_in_file",
    "withdrawal_sent",
    "withdrawn",
)


class AccrochageLifecycleCase(AccrochageAfterDepositCase):
    def accepted_passage(self, **values):
        passage = self.make_passage(**values)
        file = self.generate()
        self.import_report(
            build_report(
                flux_id=file.flux_id,
                processing_id=f"8{passage.id}",
                ok=[passage.technical_id],
            )
        )
        self.assertEqual(passage.state, "accepted")
        return passage

    def withdraw(self, passages, correction=False):
        """Generate the withdrawal file of ``passages``; return it."""
        action = passages.action_correct() if correction else passages.action_withdraw()
        self.wizard_from_action(action).action_generate()
        files = passages.file_ids.filtered(lambda f: f.action == "SUPPRESSION")
        return files.sorted("id")[-1:]

    def withdrawal_report(self, file, processing_id="91001", **values):
        self.import_report(
            build_report(flux_id=file.flux_id, processing_id=processing_id, **values)
        )

    def english(self, records):
        return records.with_context(lang="en_US")


@tagged("post_install", "-at_install")
class TestAccrochageWithdrawalLifecycle(AccrochageLifecycleCase):
    def test_withdrawal_sent_then_withdrawn_by_the_report(self):
        passage = self.accepted_passage()
        file = self.withdraw(passage)
        self.assertEqual(file.action, "SUPPRESSION")
        self.assertEqual(passage.state, "withdrawal_in_file")
        # Neither in a creation file nor withdrawable twice meanwhile.
        wizard = self.make_wizard()
        self.assertNotIn(passage, wizard.eligible_passage_ids)
        self.assertTrue(self.exclusion_reasons(wizard, passage))
        with self.assertRaisesRegex(UserError, passage.technical_id):
            passage.action_withdraw()
        self.withdrawal_report(file, ok=[passage.technical_id])
        self.assertEqual(passage.state, "withdrawn")
        self.assertEqual(passage.cdc_report_date, date(2026, 11, 20))
        self.assertEqual(file.state, "processed")
        self.assertEqual(file.report_line_ids.category, "withdrawn")
        self.assertEqual(file.report_line_ids.passage_id, passage)

    def test_already_withdrawn_counts_as_withdrawn(self):
        passage = self.accepted_passage()
        file = self.withdraw(passage)
        self.withdrawal_report(
            file, ko=[(passage.technical_id, "Le passage a déjà été supprimé")]
        )
        self.assertEqual(passage.state, "withdrawn")
        self.assertEqual(file.state, "processed")

    def test_withdrawal_refused_keeps_the_passage_accepted(self):
        passage = self.accepted_passage()
        other = self.accepted_passage()
        file = self.withdraw(passage | other, correction=True)
        correction = passage.correction_passage_id
        correction_id = correction.technical_id
        other_correction = other.correction_passage_id
        self.assertTrue(correction and other_correction)
        self.withdrawal_report(
            file,
            ko=[(passage.technical_id, HOLDER_NOT_FOUND)],
            ok=[other.technical_id],
        )
        self.assertEqual(file.state, "processed_errors")
        self.assertEqual(passage.state, "accepted")
        self.assertEqual(passage.cdc_message, HOLDER_NOT_FOUND)
        self.assertTrue(passage.cdc_explanation)
        # The correction of a passage the CDC still holds is never sent.
        self.assertFalse(correction.exists())
        self.assertFalse(passage.correction_passage_id)
        self.assertTrue(
            passage.message_ids.filtered(
                lambda m: (
                    file.name in (m.body or "") and correction_id in (m.body or "")
                )
            )
        )
        lines = {line.passage_id: line for line in file.report_line_ids}
        self.assertEqual(lines[passage].category, "withdrawal_refused")
        self.assertEqual(lines[other].category, "withdrawn")
        # The other one is withdrawn: its correction goes in the next file.
        self.assertEqual(other.state, "withdrawn")
        self.assertEqual(other_correction.state, "to_send")
        self.assertEqual(self.generate().passage_ids, other_correction)
        # The refused one can be corrected again.
        self.withdraw(passage, correction=True)
        self.assertTrue(passage.correction_passage_id.exists())

    def test_withdrawal_refused_by_the_schema_check(self):
        passage = self.accepted_passage()
        file = self.withdraw(passage, correction=True)
        correction = passage.correction_passage_id
        self.withdrawal_report(file, errors=[("cvc-complex-type : invalide", 1, 1)])
        self.assertEqual(file.state, "refused")
        self.assertEqual(passage.state, "accepted")
        self.assertFalse(correction.exists())

    def test_deleting_the_withdrawal_file_before_its_deposit(self):
        event = self.env["event.event"].create(
            {
                "name": "Session d'octobre",
                "date_begin": "2026-10-10 08:00:00",
                "date_end": "2026-10-10 17:00:00",
                "accrochage_certification_id": self.certification.id,
            }
        )
        registration = self.env["event.registration"].create(
            {
                "event_id": event.id,
                "partner_id": self.make_holder().id,
                "accrochage_exam_result": "admitted",
                "accrochage_issue_date": date(2026, 10, 15),
            }
        )
        passage = registration.accrochage_passage_id
        self.generate()
        passage.state = "accepted"
        file = self.withdraw(passage, correction=True)
        correction = passage.correction_passage_id
        self.assertEqual(registration.accrochage_passage_id, correction)
        file.unlink()
        self.assertEqual(passage.state, "accepted")
        self.assertFalse(correction.exists())
        self.assertEqual(registration.accrochage_passage_id, passage)
        self.assertEqual(passage.file_ids.mapped("action"), ["CREATION"])

    def test_correction_waits_for_the_withdrawal(self):
        passage = self.accepted_passage()
        file = self.withdraw(passage, correction=True)
        correction = passage.correction_passage_id
        wizard = self.make_wizard()
        self.assertNotIn(correction, wizard.eligible_passage_ids)
        self.assertIn(passage.technical_id, self.exclusion_reasons(wizard, correction))
        self.assertEqual(correction.readiness, "waiting")
        self.assertIn(
            "Waiting for the Caisse des Dépôts to process the withdrawal",
            self.english(correction).readiness_message,
        )
        self.withdrawal_report(file, ok=[passage.technical_id])
        self.assertIn(correction, self.make_wizard().eligible_passage_ids)


@tagged("post_install", "-at_install")
class TestAccrochagePassageLocks(AccrochageLifecycleCase):
    def test_data_of_passages_known_to_the_cdc_cannot_change(self):
        for state in LOCKED_STATES:
            with self.subTest(state=state):
                passage = self.make_passage(score="12/20")
                passage.state = state
                with self.assertRaisesRegex(UserError, passage.technical_id):
                    passage.score = "14/20"
                with self.assertRaisesRegex(UserError, passage.technical_id):
                    passage.write({"digital_result_ids": [(0, 0, {"area": "1"})]})
                with self.assertRaisesRegex(UserError, passage.technical_id):
                    self.env["accrochage.passage.digital.result"].create(
                        {"passage_id": passage.id, "area": "1", "competence": "1"}
                    )
                self.assertEqual(passage.score, "12/20")
                # Internal use only.
                passage.with_context(accrochage_passage_force_edit=True).score = "13"
                self.assertEqual(passage.score, "13")
                # What the CDC says may still be recorded.
                passage.write({"cdc_message": "OK"})

    def test_accepted_passage_points_to_correct(self):
        passage = self.make_passage()
        passage.state = "accepted"
        with self.assertRaisesRegex(UserError, "Correct") as error:
            self.english(passage).score = "14/20"
        self.assertIn(passage.technical_id, str(error.exception))
        self.assertIn("Score", str(error.exception))

    def test_passages_not_known_to_the_cdc_stay_editable(self):
        passage = self.make_passage()
        passage.score = "14/20"
        passage.state = "rejected"
        passage.score = "15/20"
        self.assertEqual(passage.state, "to_send")

    def test_form_is_read_only_for_locked_states(self):
        arch = self.env["accrochage.passage"].get_view(view_type="form")["arch"]
        self.assertIn("withdrawal_sent", arch)
        self.assertNotIn("readonly=\"state == 'sent'\"", arch)

    def test_reset_to_send_only_for_rejected(self):
        passage = self.make_passage()
        passage.state = "accepted"
        with self.assertRaisesRegex(UserError, passage.technical_id):
            passage.action_reset_to_send()
        self.assertEqual(passage.state, "accepted")
        passage.state = "rejected"
        passage.action_reset_to_send()
        self.assertEqual(passage.state, "to_send")


@tagged("post_install", "-at_install")
class TestAccrochageTechnicalId(AccrochageLifecycleCase):
    def test_technical_id_editable_only_before_any_file(self):
        passage = self.make_passage()
        passage.technical_id = "MANUEL-001"
        self.assertEqual(passage.technical_id, "MANUEL-001")
        with self.assertRaisesRegex(UserError, "MANUEL-001"):
            passage.technical_id = False
        self.generate()
        file = passage.file_ids
        file.unlink()
        self.assertEqual(passage.state, "to_send")
        # Never in a file any more: still editable.
        passage.technical_id = "MANUEL-002"
        self.generate()
        for state in ("sent", "to_send", "accepted", "rejected"):
            with self.subTest(state=state):
                passage.state = state
                with self.assertRaisesRegex(UserError, "MANUEL-002"):
                    passage.technical_id = "MANUEL-003"
                # The same value is not a change.
                passage.write({"technical_id": "MANUEL-002"})
        self.assertEqual(passage.technical_id, "MANUEL-002")

    def test_duplicate_technical_id_names_the_passages(self):
        first = self.make_passage(technical_id="DOUBLON-1")
        with self.assertRaisesRegex(ValidationError, "DOUBLON-1") as error:
            self.make_passage(
                self.make_holder(name="Paul Martin", accrochage_birth_name="Martin"),
                technical_id="DOUBLON-1",
            )
        self.assertIn(first.display_name, str(error.exception))
        self.assertIn("MARTIN", str(error.exception))
        with self.assertRaisesRegex(ValidationError, "DOUBLON-2"):
            self.env["accrochage.passage"].create(
                [
                    {
                        "partner_id": self.make_holder().id,
                        "certification_id": self.certification.id,
                        "issue_date": date(2026, 10, 15),
                        "technical_id": "DOUBLON-2",
                    }
                    for _index in range(2)
                ]
            )
        second = self.make_passage()
        with self.assertRaisesRegex(ValidationError, re.escape(first.display_name)):
            second.technical_id = "DOUBLON-1"
        # Another certifier may use the same technical ID.
        other_certification = self.make_other_certification()
        self.make_passage(
            technical_id="DOUBLON-1", certification_id=other_certification.id
        )


@tagged("post_install", "-at_install")
class TestAccrochageFileProtection(AccrochageLifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            "accrochage_file_user",
            groups="l10n_fr_accrochage.group_accrochage_user",
        )

    def test_file_lifecycle_fields_are_not_writable(self):
        passage = self.make_passage()
        file = self.generate().with_user(self.user)
        protected = {
            "state": "processed",
            "deposit_date": date(2026, 11, 2),
            "deposit_user_id": self.user.id,
            "processing_id": "12345",
            "report_date": date(2026, 11, 20),
            "report_attachment_ids": [fields.Command.clear()],
            "report_line_ids": [fields.Command.clear()],
        }
        for field_name, value in protected.items():
            with self.subTest(field=field_name):
                with self.assertRaisesRegex(UserError, file.name):
                    file.write({field_name: value})
        self.assertEqual(file.state, "generated")
        # The flows still write them, for the user.
        wizard = (
            self.env["accrochage.file.deposit.wizard"]
            .with_user(self.user)
            .with_context(**file.action_mark_deposited()["context"])
            .create({})
        )
        wizard.action_confirm()
        self.assertEqual(file.state, "deposited")
        self.assertEqual(file.deposit_user_id, self.user)
        self.env = self.env(user=self.user)
        self.import_report(
            build_report(flux_id=file.flux_id, ok=[passage.technical_id])
        )
        self.assertEqual(file.state, "processed")
        self.assertEqual(file.processing_id, "90001")
        # A processed file cannot be put back to generated to delete it.
        with self.assertRaisesRegex(UserError, file.name):
            file.state = "generated"
        with self.assertRaises(UserError):
            file.unlink()
        self.assertEqual(passage.state, "accepted")
