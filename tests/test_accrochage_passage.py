# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestAccrochagePassage(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.certifier = cls.env["accrochage.certifier"].create(
            {
                "name": "Certificateur passages",
                "certifier_client_number": "11TSTP01",
                "contract_number": "MCFCER000P01",
            }
        )
        cls.certification = cls.env["accrochage.certification"].create(
            {
                "name": "Développeur web",
                "certification_type": "RNCP",
                "code": "RNCP99001",
                "certifier_id": cls.certifier.id,
            }
        )
        cls.language_certification = cls.env["accrochage.certification"].create(
            {
                "name": "Test d'anglais",
                "certification_type": "RS",
                "code": "RS99002",
                "certifier_id": cls.certifier.id,
                "obtention_mode": "PAR_SCORING",
                "grants_language_level": True,
                "validity_months": 24,
            }
        )
        cls.holder = cls.env["res.partner"].create(
            {
                "name": "Jean-François Lefèvre",
                "accrochage_birth_name": "Lefèvre",
                "accrochage_first_name_1": "Jean-François",
                "accrochage_sex": "M",
                "accrochage_birth_date": date(1990, 5, 14),
                "accrochage_birth_place_type": "france",
                "accrochage_birth_insee_code": "69383",
            }
        )
        cls.venue = cls.env["res.partner"].create(
            {"name": "Centre d'examen", "is_company": True, "zip": "69003"}
        )
        cls.event = cls.env["event.event"].create(
            {
                "name": "Session DWWM",
                "date_begin": "2026-03-10 07:00:00",
                "date_end": "2026-03-11 16:00:00",
                "date_tz": "Europe/Paris",
                "address_id": cls.venue.id,
                "accrochage_certification_id": cls.certification.id,
            }
        )
        cls.Passage = cls.env["accrochage.passage"]

    def _passage(self, **vals):
        values = {
            "partner_id": self.holder.id,
            "certification_id": self.certification.id,
            "issue_date": date(2026, 3, 20),
        }
        values.update(vals)
        return self.Passage.create(values)

    def _registration(self, **vals):
        values = {"event_id": self.event.id, "partner_id": self.holder.id}
        values.update(vals)
        return self.env["event.registration"].create(values)

    # Passage --------------------------------------------------------------

    def test_technical_id_assigned_and_unique(self):
        first = self._passage()
        second = self._passage()
        self.assertTrue(first.technical_id.startswith("ACC"))
        self.assertEqual(len(first.technical_id), 11)
        self.assertNotEqual(first.technical_id, second.technical_id)
        self.assertEqual(first.name, f"{first.technical_id} - Jean-François LEFÈVRE")
        copy = first.copy()
        self.assertNotEqual(copy.technical_id, first.technical_id)
        with self.assertRaisesRegex(ValidationError, first.technical_id) as error:
            self._passage(technical_id=first.technical_id)
        self.assertIn(self.certifier.name, str(error.exception))
        # The database refuses it all the same.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE accrochage_passage SET technical_id = %s WHERE id = %s",
                    [first.technical_id, second.id],
                )

    def test_related_and_defaults(self):
        passage = self._passage()
        self.assertEqual(passage.certifier_id, self.certifier)
        self.assertEqual(passage.company_id, self.certifier.company_id)
        self.assertEqual(passage.state, "to_send")
        self.assertEqual(passage.obtention_mode, "PAR_ADMISSION")
        self.assertTrue(passage.result_final)
        self.assertFalse(passage.validity_end_date)
        language = self._passage(certification_id=self.language_certification.id)
        self.assertEqual(language.obtention_mode, "PAR_SCORING")
        self.assertEqual(language.validity_end_date, date(2028, 3, 20))

    def test_deadline_is_issue_plus_3_months(self):
        passage = self._passage(issue_date=date(2026, 11, 30))
        self.assertEqual(passage.deadline_date, date(2027, 2, 28))
        today = fields.Date.context_today(passage)
        passage.issue_date = today
        self.assertEqual(passage.days_left, (passage.deadline_date - today).days)
        self.assertGreater(passage.days_left, 80)
        passage.issue_date = today - timedelta(days=120)
        self.assertLess(passage.days_left, 0)
        overdue = self.Passage.search(
            [
                ("deadline_date", "<", today),
                ("state", "not in", ("accepted", "withdrawn")),
                ("id", "=", passage.id),
            ]
        )
        self.assertEqual(overdue, passage)

    def test_rejected_passage_edited_returns_to_send(self):
        passage = self._passage()
        passage.write({"state": "rejected", "cdc_message": "Titulaire non trouvé"})
        self.assertEqual(passage.state, "rejected")
        passage.cdc_explanation = "Vérifier le nom de naissance"
        self.assertEqual(passage.state, "rejected")
        passage.score = "16/20"
        self.assertEqual(passage.state, "to_send")

    def test_sent_passage_is_locked(self):
        passage = self._passage()
        passage.state = "sent"
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            passage.score = "12/20"
        passage.write({"state": "accepted", "cdc_message": "OK"})
        self.assertEqual(passage.state, "accepted")

    def test_sent_passage_cannot_be_deleted(self):
        passage = self._passage()
        for state in ("sent", "accepted", "rejected", "withdrawn"):
            passage.state = state
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                passage.unlink()
        passage.state = "to_send"
        passage.unlink()
        self.assertFalse(passage.exists())

    def test_constraints(self):
        with self.assertRaisesRegex(ValidationError, "end of validity"):
            self._passage(validity_end_date=date(2026, 1, 1))
        with self.assertRaisesRegex(ValidationError, "exam end date"):
            self._passage(
                exam_start_date=date(2026, 3, 10), exam_end_date=date(2026, 3, 9)
            )
        with self.assertRaisesRegex(ValidationError, "CPF File Number.*14 characters"):
            self._passage(cpf_file_number="12345678901234")
        with self.assertRaisesRegex(ValidationError, "digital score"):
            self._passage(digital_score=1001)
        with self.assertRaisesRegex(ValidationError, "digital result"):
            self._passage(digital_result_ids=[(0, 0, {"area": "6", "competence": "1"})])
        passage = self._passage(
            digital_score=512,
            digital_result_ids=[(0, 0, {"area": "1", "competence": "2", "level": 4})],
        )
        self.assertEqual(passage.digital_result_ids.level, 4)

    def test_import_template(self):
        templates = self.Passage.get_import_templates()
        self.assertTrue(templates[0]["template"].endswith(".csv"))

    def test_import_by_certification_code(self):
        result = self.Passage.load(
            ["partner_id/.id", "certification_id", "issue_date", "honours", "score"],
            [
                [
                    str(self.holder.id),
                    "RNCP99001",
                    "2026-03-20",
                    "MENTION_BIEN",
                    "15",
                ]
            ],
        )
        self.assertFalse(result["messages"], result["messages"])
        passage = self.Passage.browse(result["ids"])
        self.assertEqual(passage.certification_id, self.certification)
        self.assertTrue(passage.technical_id)

    # Sessions and registrations ---------------------------------------------

    def test_session_defaults(self):
        self.assertEqual(self.event.accrochage_exam_start_date, date(2026, 3, 10))
        self.assertEqual(self.event.accrochage_exam_end_date, date(2026, 3, 11))
        self.assertEqual(self.event.accrochage_exam_postcode, "69003")
        self.assertEqual(self.event.accrochage_exam_mode, "EN_PRESENTIEL")

    def test_admitted_registration_creates_and_updates_passage(self):
        registration = self._registration()
        self.assertEqual(registration.accrochage_partner_id, self.holder)
        self.assertEqual(registration.accrochage_exam_result, "pending")
        self.assertFalse(registration.accrochage_passage_id)
        registration.accrochage_exam_result = "admitted"
        # no date of issue yet: no passage
        self.assertFalse(registration.accrochage_passage_id)
        registration.write(
            {
                "accrochage_issue_date": date(2026, 3, 20),
                "accrochage_honours": "MENTION_BIEN",
                "accrochage_score": "15",
            }
        )
        passage = registration.accrochage_passage_id
        self.assertTrue(passage)
        self.assertEqual(passage.partner_id, self.holder)
        self.assertEqual(passage.certification_id, self.certification)
        self.assertEqual(passage.event_id, self.event)
        self.assertEqual(passage.registration_id, registration)
        self.assertEqual(passage.issue_date, date(2026, 3, 20))
        self.assertEqual(passage.honours, "MENTION_BIEN")
        self.assertEqual(passage.exam_start_date, date(2026, 3, 10))
        self.assertEqual(passage.exam_postcode, "69003")
        registration.accrochage_score = "16"
        self.assertEqual(registration.accrochage_passage_id, passage)
        self.assertEqual(passage.score, "16")
        self.event.accrochage_exam_postcode = "69007"
        self.assertEqual(passage.exam_postcode, "69007")
        self.assertEqual(self.event.accrochage_passage_count, 1)

    def test_admitted_at_creation(self):
        registration = self._registration(
            accrochage_exam_result="admitted", accrochage_issue_date=date(2026, 3, 20)
        )
        self.assertTrue(registration.accrochage_passage_id)
        self.assertEqual(registration.accrochage_passage_state, "to_send")

    def test_unadmitting_deletes_passage_not_sent(self):
        registration = self._registration(
            accrochage_exam_result="admitted", accrochage_issue_date=date(2026, 3, 20)
        )
        passage = registration.accrochage_passage_id
        registration.accrochage_exam_result = "failed"
        self.assertFalse(registration.accrochage_passage_id)
        self.assertFalse(passage.exists())

    def test_unadmitting_sent_passage_is_refused(self):
        registration = self._registration(
            accrochage_exam_result="admitted", accrochage_issue_date=date(2026, 3, 20)
        )
        registration.accrochage_passage_id.state = "sent"
        with self.assertRaisesRegex(UserError, "already been sent"):
            registration.accrochage_exam_result = "absent"

    def test_sent_passage_registration_is_locked(self):
        registration = self._registration(
            accrochage_exam_result="admitted", accrochage_issue_date=date(2026, 3, 20)
        )
        registration.accrochage_passage_id.state = "sent"
        # a session change leaves the sent passage alone
        self.event.accrochage_exam_postcode = "69008"
        self.assertEqual(registration.accrochage_passage_id.exam_postcode, "69003")
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            registration.accrochage_score = "10/20"

    # Access -------------------------------------------------------------------

    def test_multi_company_rule(self):
        company_b = self.env["res.company"].create({"name": "Société B"})
        certifier_b = self.env["accrochage.certifier"].create(
            {
                "name": "Certificateur B",
                "certifier_client_number": "11TSTB02",
                "contract_number": "MCFCER000B02",
                "company_id": company_b.id,
            }
        )
        certification_b = self.env["accrochage.certification"].create(
            {
                "name": "Titre B",
                "certification_type": "RNCP",
                "code": "RNCP99003",
                "certifier_id": certifier_b.id,
            }
        )
        passage_a = self._passage()
        passage_b = self._passage(certification_id=certification_b.id)
        self.assertEqual(passage_b.company_id, company_b)
        user_a = new_test_user(
            self.env,
            "accro_passage_user_a",
            groups="l10n_fr_accrochage.group_accrochage_user",
            company_id=self.env.company.id,
            company_ids=[self.env.company.id],
        )
        visible = self.Passage.with_user(user_a).search([])
        self.assertIn(passage_a, visible)
        self.assertNotIn(passage_b, visible)
        with self.assertRaises(AccessError):
            passage_b.with_user(user_a).read(["technical_id"])
        passage_a.with_user(user_a).score = "14/20"

    def test_plain_user_has_no_access(self):
        passage = self._passage()
        plain = new_test_user(self.env, "plain_passage_user", groups="base.group_user")
        with self.assertRaises(AccessError):
            passage.with_user(plain).read(["technical_id"])

    def test_holder_and_certification_of_passages_are_kept(self):
        passage = self._passage()
        with self.assertRaisesRegex(UserError, "cannot be deleted; archive it"):
            self.holder.unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted; archive it"):
            self.certification.unlink()
        self.assertTrue(passage.exists())
