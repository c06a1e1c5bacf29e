# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestAccrochageCertification(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.certifier = cls.env["accrochage.certifier"].create(
            {
                "name": "Certificateur A",
                "certifier_client_number": "11TSTA01",
                "contract_number": "MCFCER000A01",
            }
        )
        cls.Certification = cls.env["accrochage.certification"]

    def _create(self, **vals):
        values = {
            "name": "Développeur web et web mobile",
            "certification_type": "RNCP",
            "code": "RNCP35291",
            "certifier_id": self.certifier.id,
        }
        values.update(vals)
        return self.Certification.create(values)

    def test_code_normalized(self):
        certification = self._create(code=" rncp 35291 ")
        self.assertEqual(certification.code, "RNCP35291")
        self.assertEqual(certification.company_id, self.certifier.company_id)
        self.assertEqual(
            certification.display_name, "RNCP35291 - Développeur web et web mobile"
        )
        found = self.Certification.name_search("RNCP35291")
        self.assertIn(certification.id, [record_id for record_id, _name in found])

    def test_code_matches_type(self):
        self._create(certification_type="RS", code="RS5218", name="TOEIC")
        with self.assertRaisesRegex(
            ValidationError,
            "Certification Titre RS: the code “RNCP1234” does not match",
        ):
            self._create(certification_type="RS", code="RNCP1234", name="Titre RS")
        with self.assertRaisesRegex(ValidationError, "does not match its type RNCP"):
            self._create(code="RS1234")
        with self.assertRaisesRegex(ValidationError, "does not match"):
            self._create(code="35291")
        certification = self._create()
        with self.assertRaisesRegex(ValidationError, "does not match"):
            certification.certification_type = "RS"

    def test_unique_code_per_certifier(self):
        self._create()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self._create(name="Doublon")

    def test_validity_months_not_negative(self):
        with self.assertRaisesRegex(ValidationError, "positive number of months"):
            self._create(validity_months=-1)

    def test_smart_buttons(self):
        certification = self._create()
        event = self.env["event.event"].create(
            {
                "name": "Session",
                "date_begin": "2026-03-10 08:00:00",
                "date_end": "2026-03-10 17:00:00",
                "accrochage_certification_id": certification.id,
            }
        )
        self.assertEqual(certification.event_count, 1)
        action = certification.action_view_events()
        self.assertEqual(self.env["event.event"].search(action["domain"]), event)
        action = certification.action_view_passages()
        self.assertEqual(action["res_model"], "accrochage.passage")
        action = certification.action_view_files()
        self.assertEqual(action["res_model"], "accrochage.file")
        self.assertEqual(
            action["domain"], [("certification_ids", "in", certification.ids)]
        )
        self.assertEqual(certification.file_count, 0)

    def test_multi_company_rule(self):
        company_b = self.env["res.company"].create({"name": "Société B"})
        certifier_b = self.env["accrochage.certifier"].create(
            {
                "name": "Certificateur B",
                "certifier_client_number": "11TSTB01",
                "contract_number": "MCFCER000B01",
                "company_id": company_b.id,
            }
        )
        certification_b = self._create(certifier_id=certifier_b.id, code="RNCP1")
        certification_a = self._create(code="RNCP2")
        self.assertEqual(certification_b.company_id, company_b)
        user_a = new_test_user(
            self.env,
            "accro_certif_user_a",
            groups="l10n_fr_accrochage.group_accrochage_user",
            company_id=self.env.company.id,
            company_ids=[self.env.company.id],
        )
        visible = self.Certification.with_user(user_a).search([])
        self.assertIn(certification_a, visible)
        self.assertNotIn(certification_b, visible)
        with self.assertRaises(AccessError):
            certification_b.with_user(user_a).read(["name"])

    def test_plain_user_has_no_access(self):
        certification = self._create()
        plain = new_test_user(self.env, "plain_certif_user", groups="base.group_user")
        with self.assertRaises(AccessError):
            certification.with_user(plain).read(["name"])
