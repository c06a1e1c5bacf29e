# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A withdrawal identifies each passage as the CDC accepted it, never with
today's data: the CDC matches it on the technical ID and that identity."""

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import official_schema
from .test_accrochage_lifecycle import AccrochageLifecycleCase
from .test_accrochage_withdrawal import CPF


@tagged("post_install", "-at_install")
class TestAccrochageWithdrawalData(AccrochageLifecycleCase):
    def withdrawn_passages(self, file):
        document = etree.fromstring(file.attachment_id.raw)
        official_schema("1.1.5").assertValid(document)
        self.assertEqual(document.findtext(f"{CPF}action"), "SUPPRESSION")
        return {
            element.findtext(f"{CPF}idTechnique"): element
            for element in document.iter(f"{CPF}passageCertification")
        }

    def test_withdrawal_carries_the_accepted_identity(self):
        holder = self.make_holder(accrochage_usage_name="Martin")
        passage = self.accepted_passage(holder=holder)
        # The natural flow: fix the holder's name, then correct the passage.
        holder.write(
            {"accrochage_birth_name": "Durand", "accrochage_first_name_1": "Jeannette"}
        )
        file = self.withdraw(passage, correction=True)
        self.assertEqual(passage.state, "withdrawal_in_file")
        self.assertTrue(passage.correction_passage_id)
        element = self.withdrawn_passages(file)[passage.technical_id]
        self.assertEqual(element.findtext(f".//{CPF}nomNaissance"), "Dupont")
        self.assertEqual(element.findtext(f".//{CPF}prenom1"), "Jeanne")
        self.assertEqual(element.findtext(f".//{CPF}nomUsage"), "Martin")
        self.assertEqual(element.findtext(f".//{CPF}anneeNaissance"), "1990")
        document = etree.fromstring(file.attachment_id.raw)
        self.assertEqual(
            document.findtext(f".//{CPF}certification/{CPF}code"),
            self.certification.code,
        )

    def test_certification_identity_locked_once_sent(self):
        certification = self.env["accrochage.certification"].create(
            {
                "name": "Anglais professionnel",
                "certification_type": "RS",
                "code": "RS9901",
                "certifier_id": self.certifier.id,
            }
        )
        passage = self.make_passage(certification_id=certification.id)
        # Nothing sent yet: still editable.
        certification.code = "RS9902"
        passage.state = "accepted"
        # The same value is not a change.
        certification.write({"code": "rs 9902", "certifier_id": self.certifier.id})
        certification.name = "Anglais des affaires"
        other_certifier = self.env["accrochage.certifier"].create(
            {
                "name": "Autre certificateur",
                "certifier_client_number": "22OTH002",
                "contract_number": "MCFCER000002",
            }
        )
        for vals in (
            {"code": "RS9903"},
            {"certification_type": "RNCP", "code": "RNCP9902"},
            {"certifier_id": other_certifier.id},
        ):
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(UserError, "RS9902") as error:
                    certification.write(vals)
                self.assertIn("Anglais des affaires", str(error.exception))
        self.assertEqual(
            (certification.code, certification.certifier_id),
            ("RS9902", self.certifier),
        )
        with self.assertRaisesRegex(UserError, "“Code”"):
            self.english(certification).code = "RS9904"

    def test_passage_accepted_without_file_and_incomplete(self):
        incomplete = self.make_passage(self.make_holder(accrochage_birth_date=False))
        incomplete.state = "accepted"
        complete = self.make_passage()
        complete.state = "accepted"
        wizard = self.wizard_from_action((incomplete | complete).action_withdraw())
        self.assertEqual(wizard.eligible_passage_ids, complete)
        self.assertIn(
            "Date de naissance (au moins l'année) manquante.",
            self.exclusion_reasons(wizard, incomplete),
        )
        file = self.env["accrochage.file"].browse(wizard.action_generate()["res_id"])
        self.assertEqual(list(self.withdrawn_passages(file)), [complete.technical_id])
        self.assertEqual(incomplete.state, "accepted")
        self.assertEqual(complete.state, "withdrawal_in_file")
        # Alone, it gives the usual message, not a crash.
        wizard = self.wizard_from_action(incomplete.action_withdraw())
        self.assertFalse(wizard.eligible_passage_ids)
        with self.assertRaisesRegex(UserError, self.certifier.name):
            wizard.action_generate()

    def test_withdrawal_checked_by_the_flux_checker(self):
        holder = self.make_holder(
            accrochage_birth_insee_code=False, accrochage_birth_postcode="7500A"
        )
        passage = self.make_passage(holder)
        passage.state = "accepted"
        wizard = self.wizard_from_action(passage.action_withdraw())
        self.assertFalse(wizard.eligible_passage_ids)
        self.assertIn("7500A", self.exclusion_reasons(wizard, passage))
