# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
from datetime import date

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AccrochageCase, official_schema
from .test_accrochage_report import build_report

CPF = "{urn:cdc:cpf:pc5:schema:1.0.0}"


class AccrochageAfterDepositCase(AccrochageCase):
    def generate(self, **values):
        """Generate a file with the wizard; return the file."""
        action = self.make_wizard(**values).action_generate()
        return self.env["accrochage.file"].browse(action["res_id"])

    def wizard_from_action(self, action):
        self.assertEqual(action["res_model"], "accrochage.generate.wizard")
        return (
            self.env["accrochage.generate.wizard"]
            .with_context(**action["context"])
            .create({})
        )

    def reject(self, passage, message="Titulaire non trouvé"):
        """What the import of a processing report rejecting it does."""
        passage.write(
            {
                "state": "rejected",
                "cdc_message": message,
                "cdc_report_date": date(2026, 11, 20),
            }
        )

    def import_report(self, content, file=None):
        wizard = self.env["accrochage.report.import.wizard"].create(
            {
                "file_id": file.id if file else False,
                "report_file": base64.b64encode(content),
                "report_filename": "Accusé de traitement_20261120.xml",
            }
        )
        return wizard.action_import()

    @staticmethod
    def technical_ids(file):
        document = etree.fromstring(file.attachment_id.raw)
        return [element.text for element in document.iter(f"{CPF}idTechnique")]


@tagged("post_install", "-at_install")
class TestAccrochageResend(AccrochageAfterDepositCase):
    def test_holder_correction_resends_with_the_same_technical_id(self):
        holder = self.make_holder(accrochage_birth_name="Dupond")
        passage = self.make_passage(holder)
        technical_id = passage.technical_id
        first = self.generate()
        self.assertEqual(passage.state, "in_file")
        self.reject(passage)
        # Rejected: the next file leaves it out until it is corrected.
        self.assertNotIn(passage, self.make_wizard().eligible_passage_ids)
        holder.write({"accrochage_birth_name": "Dupont"})
        self.assertEqual(passage.state, "to_send")
        second = self.generate()
        self.assertNotEqual(second, first)
        self.assertEqual(second.passage_ids, passage)
        self.assertEqual(passage.technical_id, technical_id)
        self.assertEqual(self.technical_ids(second), [technical_id])
        document = etree.fromstring(second.attachment_id.raw)
        self.assertEqual(document.findtext(f".//{CPF}nomNaissance"), "Dupont")
        official_schema("1.1.5").assertValid(document)
        self.assertEqual(passage.state, "in_file")

    def test_each_civil_status_field_resends(self):
        values = {
            "accrochage_birth_name": "Martin",
            "accrochage_usage_name": "Durand",
            "accrochage_first_name_1": "Jeanine",
            "accrochage_first_name_2": "Marie",
            "accrochage_first_name_3": "Louise",
            "accrochage_sex": "M",
            "accrochage_birth_date": date(1991, 5, 17),
            "accrochage_birth_place_type": "abroad",
            "accrochage_birth_insee_code": "69123",
            "accrochage_birth_postcode": "69001",
            "accrochage_birth_city": "Lyon",
            "accrochage_birth_country_id": self.env.ref("base.de").id,
            "accrochage_nationality_id": self.env.ref("base.be").id,
            "accrochage_nir": "2900575056001",
        }
        for field_name, value in values.items():
            with self.subTest(field=field_name):
                holder = self.make_holder()
                passage = self.make_passage(holder)
                self.reject(passage)
                if field_name == "accrochage_birth_place_type":
                    holder.accrochage_birth_insee_code = False
                    self.assertEqual(passage.state, "to_send")
                    self.reject(passage)
                holder.write({field_name: value})
                self.assertEqual(passage.state, "to_send")

    def test_other_edits_keep_the_passage_rejected(self):
        holder = self.make_holder()
        passage = self.make_passage(holder)
        other = self.make_passage(holder)
        other.state = "accepted"
        self.reject(passage)
        holder.write({"phone": "+33 6 12 34 56 78", "accrochage_birth_name": "Dupont"})
        self.assertEqual(passage.state, "rejected")
        self.assertEqual(other.state, "accepted")
        holder.write({"accrochage_birth_name": "Dupond"})
        self.assertEqual(passage.state, "to_send")
        self.assertEqual(other.state, "accepted")


@tagged("post_install", "-at_install")
class TestAccrochageWithdrawal(AccrochageAfterDepositCase):
    def accepted_passage(self, **values):
        passage = self.make_passage(**values)
        self.generate()
        passage.write({"state": "accepted", "cdc_message": "OK"})
        return passage

    def test_withdraw_generates_a_suppression_file(self):
        passage = self.accepted_passage()
        other = self.accepted_passage(
            holder=self.make_holder(
                name="Ali Nir",
                accrochage_birth_name="Nir",
                accrochage_first_name_1="Ali",
                accrochage_sex="M",
                accrochage_nir="1900575056001",
            )
        )
        action = (passage | other).action_withdraw()
        self.assertEqual(action["context"]["default_action"], "SUPPRESSION")
        self.assertFalse(action["context"]["accrochage_correction"])
        wizard = self.wizard_from_action(action)
        self.assertEqual(wizard.certifier_id, self.certifier)
        self.assertEqual(wizard.eligible_passage_ids, passage | other)
        result = wizard.action_generate()
        file = self.env["accrochage.file"].browse(result["res_id"])
        self.assertEqual(file.action, "SUPPRESSION")
        self.assertEqual(file.passage_ids, passage | other)
        self.assertIn("_SUPPRESSION_", file.file_name)
        document = etree.fromstring(file.attachment_id.raw)
        official_schema("1.1.5").assertValid(document)
        self.assertEqual(document.findtext(f"{CPF}action"), "SUPPRESSION")
        passages = list(document.iter(f"{CPF}passageCertification"))
        self.assertEqual(len(passages), 2)
        for element in passages:
            self.assertEqual(
                [child.tag for child in element],
                [f"{CPF}idTechnique", f"{CPF}identificationTitulaire"],
            )
        self.assertCountEqual(
            self.technical_ids(file), (passage | other).mapped("technical_id")
        )
        # Withdrawn once the file is deposited and its processing report says so.
        self.assertEqual((passage | other).mapped("state"), ["withdrawal_in_file"] * 2)
        self.assertFalse((passage | other).correction_passage_id)

    def test_correct_withdraws_then_creates_a_new_passage(self):
        passage = self.accepted_passage(score="12/20")
        technical_id = passage.technical_id
        wizard = self.wizard_from_action(passage.action_correct())
        self.assertTrue(wizard.correction)
        self.assertEqual(wizard.action, "SUPPRESSION")
        result = wizard.action_generate()
        correction = passage.correction_passage_id
        self.assertTrue(correction)
        withdrawal = passage.file_ids.filtered(lambda f: f.action == "SUPPRESSION")
        # The user lands on the withdrawal file: it must be deposited first.
        self.assertEqual(result["res_model"], "accrochage.file")
        self.assertEqual(result["res_id"], withdrawal.id)
        self.assertEqual(passage.state, "withdrawal_in_file")
        self.assertEqual(passage.technical_id, technical_id)
        self.assertEqual(correction.readiness, "waiting")
        action = correction.action_open_withdrawal_file()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            (
                "accrochage.file",
                withdrawal.id,
            ),
        )
        self.assertEqual(self.technical_ids(withdrawal), [technical_id])
        self.assertEqual(correction.state, "to_send")
        self.assertEqual(correction.corrected_passage_id, passage)
        self.assertTrue(correction.technical_id)
        self.assertNotEqual(correction.technical_id, technical_id)
        self.assertEqual(
            (correction.partner_id, correction.certification_id, correction.score),
            (passage.partner_id, passage.certification_id, "12/20"),
        )
        self.assertFalse(correction.cdc_message)
        self.assertFalse(correction.file_ids)
        today = fields.Date.context_today(correction)
        self.assertEqual(correction.correction_request_date, today)
        self.assertEqual(correction.next_deadline_date, today + relativedelta(months=3))
        # The user corrects it; the next creation file sends it once the CDC
        # has processed the withdrawal.
        correction.score = "14/20"
        self.assertNotIn(correction, self.make_wizard().eligible_passage_ids)
        self.import_report(build_report(flux_id=withdrawal.flux_id, ok=[technical_id]))
        self.assertEqual(passage.state, "withdrawn")
        self.assertEqual(withdrawal.state, "processed")
        file = self.generate()
        self.assertEqual(file.action, "CREATION")
        self.assertEqual(self.technical_ids(file), [correction.technical_id])
        official_schema("1.1.5").assertValid(etree.fromstring(file.attachment_id.raw))
        self.assertEqual(correction.state, "in_file")

    def test_schema_112_explains_why(self):
        passage = self.accepted_passage()
        self.certifier.schema_version = "1.1.2"
        for method in ("action_withdraw", "action_correct"):
            with self.subTest(method=method):
                with self.assertRaisesRegex(UserError, "1.1.5") as error:
                    getattr(passage, method)()
                message = str(error.exception)
                self.assertIn(passage.technical_id, message)
                self.assertIn(self.certifier.name, message)
                self.assertIn("1.1.2", message)
        self.assertEqual(passage.state, "accepted")

    def test_only_accepted_passages(self):
        passage = self.make_passage()
        with self.assertRaisesRegex(UserError, passage.technical_id):
            passage.action_withdraw()
        with self.assertRaisesRegex(UserError, passage.technical_id):
            passage.action_correct()

    def test_list_actions_take_several_passages(self):
        passages = self.accepted_passage() | self.accepted_passage()
        for xmlid, correction in (
            ("l10n_fr_accrochage.action_server_accrochage_passage_withdraw", False),
            ("l10n_fr_accrochage.action_server_accrochage_passage_correct", True),
        ):
            with self.subTest(action=xmlid):
                action = (
                    self.env.ref(xmlid)
                    .with_context(
                        active_model="accrochage.passage",
                        active_ids=passages.ids,
                        active_id=passages[0].id,
                    )
                    .run()
                )
                wizard = self.wizard_from_action(action)
                self.assertEqual(wizard.correction, correction)
                self.assertEqual(wizard.eligible_passage_ids, passages)
