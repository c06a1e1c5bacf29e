# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import AccrochageCase

DEADLINE_TYPE = "l10n_fr_accrochage.mail_activity_type_accrochage_deadlines"
ROUTINE_TYPE = "l10n_fr_accrochage.mail_activity_type_accrochage_routine"
VALID_NIR = "290057505600112"


@tagged("post_install", "-at_install")
class TestAccrochageProtection(AccrochageCase):
    """The holders' data stays with who may see it, and what the Caisse des
    Dépôts knows does not change behind its back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Certifier = cls.env["accrochage.certifier"]

    def certifier_activities(self, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "accrochage.certifier"),
                ("res_id", "=", self.certifier.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    # Holders of another company ------------------------------------------------

    def test_holder_gets_the_company_of_its_passage(self):
        holder = self.make_holder(accrochage_nir=VALID_NIR)
        self.assertFalse(holder.company_id)
        passage = self.make_passage(holder)
        self.assertEqual(holder.company_id, passage.company_id)
        # A company is never restricted this way.
        company_partner = self.env["res.partner"].create(
            {"name": "Entreprise", "is_company": True}
        )
        self.make_passage(company_partner)
        self.assertFalse(company_partner.company_id)

    def test_other_company_cannot_read_the_holder_nir(self):
        company_b = self.env["res.company"].create({"name": "Société B"})
        user_b = new_test_user(
            self.env,
            login="accrochage_company_b",
            groups="l10n_fr_accrochage.group_accrochage_manager",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        holder = self.make_holder(accrochage_nir=VALID_NIR)
        self.make_passage(holder)
        self.assertNotEqual(holder.company_id, company_b)
        with self.assertRaises(AccessError):
            holder.with_user(user_b).read(["accrochage_nir"])
        self.assertFalse(
            self.env["res.partner"]
            .with_user(user_b)
            .search([("accrochage_nir", "=", VALID_NIR)])
        )

    # Reminders -----------------------------------------------------------------

    def test_no_reminder_for_a_responsible_without_accrochage_rights(self):
        plain = new_test_user(
            self.env, login="plain_internal", groups="base.group_user"
        )
        self.certifier.user_id = plain
        today = date(2027, 1, 10)
        with freeze_time(today):
            self.make_passage(issue_date=date(2026, 10, 20))
            with self.assertLogs(
                "odoo.addons.l10n_fr_accrochage.models.accrochage_certifier",
                level=logging.WARNING,
            ) as logs:
                self.Certifier._cron_accrochage_deadline_reminders()
            self.assertIn(self.certifier.name, logs.output[0])
        with freeze_time(date(2026, 11, 5)):
            with self.assertLogs(
                "odoo.addons.l10n_fr_accrochage.models.accrochage_certifier",
                level=logging.WARNING,
            ):
                self.Certifier._cron_accrochage_monthly_routine()
        self.assertFalse(self.certifier_activities(DEADLINE_TYPE))
        self.assertFalse(self.certifier_activities(ROUTINE_TYPE))

    def test_no_reminder_for_an_archived_responsible(self):
        responsible = new_test_user(
            self.env,
            login="archived_responsible",
            groups="l10n_fr_accrochage.group_accrochage_user",
        )
        self.certifier.user_id = responsible
        responsible.active = False
        with (
            freeze_time(date(2026, 11, 5)),
            self.assertLogs(
                "odoo.addons.l10n_fr_accrochage.models.accrochage_certifier",
                level=logging.WARNING,
            ),
        ):
            self.Certifier._cron_accrochage_monthly_routine()
        self.assertFalse(self.certifier_activities(ROUTINE_TYPE))

    def test_no_reminder_outside_the_certifier_company(self):
        company_b = self.env["res.company"].create({"name": "Société B"})
        responsible = new_test_user(
            self.env,
            login="responsible_company_b",
            groups="l10n_fr_accrochage.group_accrochage_user",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        self.certifier.user_id = responsible
        with (
            freeze_time(date(2026, 11, 5)),
            self.assertLogs(
                "odoo.addons.l10n_fr_accrochage.models.accrochage_certifier",
                level=logging.WARNING,
            ),
        ):
            self.Certifier._cron_accrochage_monthly_routine()
        self.assertFalse(self.certifier_activities(ROUTINE_TYPE))

    def test_scheduled_actions_create_the_activities(self):
        responsible = new_test_user(
            self.env,
            login="cron_responsible",
            groups="l10n_fr_accrochage.group_accrochage_user",
        )
        self.certifier.user_id = responsible
        with freeze_time(date(2027, 1, 10)):
            self.make_passage(issue_date=date(2026, 10, 20))
            self.env.ref(
                "l10n_fr_accrochage.ir_cron_accrochage_deadline_reminders"
            ).method_direct_trigger()
            self.env.ref(
                "l10n_fr_accrochage.ir_cron_accrochage_monthly_routine"
            ).method_direct_trigger()
        deadline = self.certifier_activities(DEADLINE_TYPE)
        self.assertEqual(len(deadline), 1)
        self.assertEqual(deadline.user_id, responsible)
        routine = self.certifier_activities(ROUTINE_TYPE)
        self.assertEqual(len(routine), 1)
        self.assertEqual(routine.accrochage_period_start, date(2026, 12, 1))

    # Data known to the Caisse des Dépôts ----------------------------------------

    def test_validity_end_date_of_sent_passages_is_kept(self):
        self.certification.validity_months = 24
        to_send = self.make_passage()
        rejected = self.make_passage()
        sent = self.make_passage()
        accepted = self.make_passage()
        rejected.state = "rejected"
        sent.state = "sent"
        accepted.state = "accepted"
        for passage in to_send | rejected | sent | accepted:
            self.assertEqual(passage.validity_end_date, date(2028, 10, 15))
        self.certification.validity_months = 36
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(to_send.validity_end_date, date(2029, 10, 15))
        self.assertEqual(rejected.validity_end_date, date(2029, 10, 15))
        self.assertEqual(sent.validity_end_date, date(2028, 10, 15))
        self.assertEqual(accepted.validity_end_date, date(2028, 10, 15))

    def test_rejected_passage_goes_back_only_on_a_real_change(self):
        passage = self.make_passage(score="12/20")
        passage.state = "rejected"
        passage.write({"score": "12/20", "issue_date": date(2026, 10, 15)})
        self.assertEqual(passage.state, "rejected")
        passage.write({"score": "14/20"})
        self.assertEqual(passage.state, "to_send")

    # Registrations -------------------------------------------------------------

    def make_session(self):
        return self.env["event.event"].create(
            {
                "name": "Session de novembre",
                "date_begin": "2026-10-10 08:00:00",
                "date_end": "2026-10-10 17:00:00",
                "accrochage_certification_id": self.certification.id,
            }
        )

    def test_company_booker_is_not_the_candidate(self):
        session = self.make_session()
        company = self.env["res.partner"].create(
            {"name": "Entreprise cliente", "is_company": True}
        )
        registration = self.env["event.registration"].create(
            {"event_id": session.id, "partner_id": company.id}
        )
        self.assertFalse(registration.accrochage_partner_id)
        person = self.make_holder()
        registration = self.env["event.registration"].create(
            {"event_id": session.id, "partner_id": person.id}
        )
        self.assertEqual(registration.accrochage_partner_id, person)

    def test_result_of_a_sent_passage_is_read_only_in_the_form(self):
        session = self.make_session()
        registration = self.env["event.registration"].create(
            {
                "event_id": session.id,
                "partner_id": self.make_holder().id,
                "accrochage_exam_result": "admitted",
                "accrochage_issue_date": date(2026, 10, 20),
            }
        )
        with Form(registration) as form:
            form.accrochage_score = "15/20"
        self.assertEqual(registration.accrochage_passage_id.score, "15/20")
        registration.accrochage_passage_id.state = "sent"
        with Form(registration) as form, self.assertRaises(AssertionError):
            form.accrochage_score = "16/20"
        self.assertEqual(registration.accrochage_passage_id.score, "15/20")

    # Rights --------------------------------------------------------------------

    def test_accrochage_user_creates_holders(self):
        user = new_test_user(
            self.env,
            login="accrochage_only",
            groups="l10n_fr_accrochage.group_accrochage_user",
        )
        self.assertTrue(user.has_group("base.group_partner_manager"))
        holder = (
            self.env["res.partner"]
            .with_user(user)
            .create(
                {
                    "name": "Paul Martin",
                    "accrochage_birth_name": "Martin",
                    "accrochage_first_name_1": "Paul",
                    "accrochage_sex": "M",
                    "accrochage_birth_date": date(1985, 3, 2),
                    "accrochage_birth_place_type": "france",
                    "accrochage_birth_insee_code": "75056",
                    "accrochage_birth_city": "Paris",
                    "accrochage_nationality_id": self.france.id,
                    "accrochage_nir": VALID_NIR,
                }
            )
        )
        self.assertEqual(holder.accrochage_birth_name, "Martin")

    def test_deleting_a_holder_names_no_passage_without_rights(self):
        holder = self.make_holder()
        passage = self.make_passage(holder)
        contact_manager = new_test_user(
            self.env,
            login="contact_manager",
            groups="base.group_user,base.group_partner_manager",
        )
        with self.assertRaises(UserError) as error:
            holder.with_user(contact_manager).unlink()
        self.assertNotIn(passage.technical_id, str(error.exception))
        with self.assertRaises(UserError) as error:
            holder.unlink()
        self.assertIn(passage.technical_id, str(error.exception))
