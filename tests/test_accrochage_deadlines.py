# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import AccrochageCase

DEADLINE_TYPE = "l10n_fr_accrochage.mail_activity_type_accrochage_deadlines"
ROUTINE_TYPE = "l10n_fr_accrochage.mail_activity_type_accrochage_routine"


class AccrochageFollowUpCase(AccrochageCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.responsible = new_test_user(
            cls.env,
            login="accrochage_responsible",
            groups="l10n_fr_accrochage.group_accrochage_user",
            lang="fr_FR",
        )
        cls.certifier.user_id = cls.responsible
        cls.Certifier = cls.env["accrochage.certifier"]

    def activities(self, xmlid, certifier=None, active_test=True):
        return (
            self.env["mail.activity"]
            .with_context(active_test=active_test)
            .search(
                [
                    ("res_model", "=", "accrochage.certifier"),
                    ("res_id", "=", (certifier or self.certifier).id),
                    ("activity_type_id", "=", self.env.ref(xmlid).id),
                ]
            )
        )

    def passage_due_in(self, days, today, **values):
        """A passage whose legal deadline is ``days`` days after ``today``."""
        issue_date = today + timedelta(days=days) - relativedelta(months=3)
        passage = self.make_passage(issue_date=issue_date, **values)
        self.assertEqual(passage.deadline_date, today + timedelta(days=days))
        return passage


@tagged("post_install", "-at_install")
class TestAccrochageDeadlineFields(AccrochageFollowUpCase):
    def test_correction_deadline_runs_from_the_report_date(self):
        passage = self.make_passage(issue_date=date(2026, 10, 15))
        self.assertFalse(passage.correction_deadline_date)
        self.assertEqual(passage.next_deadline_date, date(2027, 1, 15))
        passage.write({"state": "rejected", "cdc_report_date": date(2027, 2, 10)})
        self.assertEqual(passage.correction_deadline_date, date(2027, 5, 10))
        self.assertEqual(passage.next_deadline_date, date(2027, 5, 10))
        # Corrected: back to send, the correction deadline still applies.
        passage.score = "15/20"
        self.assertEqual(passage.state, "to_send")
        self.assertEqual(passage.next_deadline_date, date(2027, 5, 10))
        passage.state = "accepted"
        self.assertFalse(passage.correction_deadline_date)
        self.assertEqual(passage.next_deadline_date, date(2027, 1, 15))

    def test_overdue_and_days_left_follow_the_next_deadline(self):
        today = date(2027, 3, 1)
        with freeze_time(today):
            late = self.make_passage(issue_date=date(2026, 10, 15))
            rejected = self.make_passage(issue_date=date(2026, 10, 15))
            rejected.write({"state": "rejected", "cdc_report_date": date(2027, 2, 1)})
            accepted = self.make_passage(issue_date=date(2026, 10, 15))
            accepted.state = "accepted"
            passages = late | rejected | accepted
            self.assertTrue(late.is_overdue)
            self.assertFalse(rejected.is_overdue)
            self.assertFalse(accepted.is_overdue)
            self.assertEqual(late.days_left, (date(2027, 1, 15) - today).days)
            self.assertEqual(rejected.days_left, (date(2027, 5, 1) - today).days)
            Passage = self.env["accrochage.passage"]
            domain = [("id", "in", passages.ids)]
            self.assertEqual(Passage.search([*domain, ("is_overdue", "=", True)]), late)
            self.assertEqual(
                Passage.search([*domain, ("is_overdue", "=", False)]),
                rejected | accepted,
            )
            self.assertEqual(
                Passage.search([*domain, ("is_overdue", "!=", True)]),
                rejected | accepted,
            )


@tagged("post_install", "-at_install")
class TestAccrochageDeadlineReminders(AccrochageFollowUpCase):
    def test_one_activity_listing_the_right_passages(self):
        today = date(2027, 1, 10)
        with freeze_time(today):
            due_29 = self.passage_due_in(29, today)
            due_30 = self.passage_due_in(30, today)
            due_31 = self.passage_due_in(31, today)
            overdue = self.passage_due_in(-5, today)
            sent = self.passage_due_in(10, today)
            sent.state = "sent"
            rejected = self.passage_due_in(60, today)
            rejected.write({"state": "rejected", "cdc_report_date": date(2026, 10, 1)})
            accepted = self.passage_due_in(3, today)
            accepted.state = "accepted"
            withdrawn = self.passage_due_in(-3, today)
            withdrawn.state = "withdrawn"

            self.Certifier._cron_accrochage_deadline_reminders()
            self.Certifier._cron_accrochage_deadline_reminders()

            activity = self.activities(DEADLINE_TYPE)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.responsible)
            note = str(activity.note)
            for passage in (due_29, due_30, overdue, sent, rejected):
                self.assertIn(passage.technical_id, note)
            for passage in (due_31, accepted, withdrawn):
                self.assertNotIn(passage.technical_id, note)
            self.assertIn(self.certification.display_name, note)
            self.assertIn("Jeanne DUPONT", note)
            # The rejected passage's correction was due on 1 January 2027.
            self.assertEqual(activity.date_deadline, date(2027, 1, 1))

    def test_activity_is_updated_then_removed(self):
        today = date(2027, 1, 10)
        with freeze_time(today):
            first = self.passage_due_in(10, today)
            self.Certifier._cron_accrochage_deadline_reminders()
            activity = self.activities(DEADLINE_TYPE)
            self.assertIn(first.technical_id, str(activity.note))
            second = self.passage_due_in(20, today)
            self.Certifier._cron_accrochage_deadline_reminders()
            self.assertEqual(self.activities(DEADLINE_TYPE), activity)
            self.assertIn(second.technical_id, str(activity.note))
            (first | second).write({"state": "accepted"})
            self.Certifier._cron_accrochage_deadline_reminders()
            self.assertFalse(self.activities(DEADLINE_TYPE))

    def test_nothing_to_list_creates_nothing(self):
        today = date(2027, 1, 10)
        with freeze_time(today):
            self.passage_due_in(45, today)
            self.Certifier._cron_accrochage_deadline_reminders()
            self.assertFalse(self.activities(DEADLINE_TYPE))

    def test_certifier_without_responsible_gets_none(self):
        today = date(2027, 1, 10)
        with freeze_time(today):
            self.certifier.user_id = False
            self.passage_due_in(5, today)
            self.Certifier._cron_accrochage_deadline_reminders()
            self.assertFalse(self.activities(DEADLINE_TYPE))

    def test_cron_is_scheduled_daily(self):
        for xmlid in (
            "l10n_fr_accrochage.ir_cron_accrochage_deadline_reminders",
            "l10n_fr_accrochage.ir_cron_accrochage_monthly_routine",
        ):
            cron = self.env.ref(xmlid)
            self.assertTrue(cron.active)
            self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
            self.assertEqual(cron.model_id.model, "accrochage.certifier")


@tagged("post_install", "-at_install")
class TestAccrochageMonthlyRoutine(AccrochageFollowUpCase):
    def test_routine_on_the_configured_day_once_a_month(self):
        company = self.certifier.company_id
        self.assertEqual(company.accrochage_routine_day, 5)
        for day in (1, 4):
            with freeze_time(date(2026, 11, day)):
                self.Certifier._cron_accrochage_monthly_routine()
        self.assertFalse(self.activities(ROUTINE_TYPE, active_test=False))
        with freeze_time(date(2026, 11, 5)):
            self.Certifier._cron_accrochage_monthly_routine()
            self.Certifier._cron_accrochage_monthly_routine()
            activity = self.activities(ROUTINE_TYPE)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.responsible)
            self.assertEqual(activity.accrochage_period_start, date(2026, 10, 1))
            self.assertIn("octobre 2026", activity.summary)
            # Done, it is not asked again that month.
            activity.with_user(self.responsible).action_feedback()
            self.Certifier._cron_accrochage_monthly_routine()
            self.assertFalse(self.activities(ROUTINE_TYPE))
            self.assertEqual(len(self.activities(ROUTINE_TYPE, active_test=False)), 1)
        with freeze_time(date(2026, 11, 6)):
            self.Certifier._cron_accrochage_monthly_routine()
            self.assertFalse(self.activities(ROUTINE_TYPE))
        with freeze_time(date(2026, 12, 5)):
            self.Certifier._cron_accrochage_monthly_routine()
            self.assertEqual(
                self.activities(ROUTINE_TYPE).accrochage_period_start,
                date(2026, 11, 1),
            )

    def test_missed_routine_day_is_caught_up(self):
        with freeze_time(date(2026, 11, 7)):
            self.Certifier._cron_accrochage_monthly_routine()
            self.Certifier._cron_accrochage_monthly_routine()
        self.assertEqual(
            self.activities(ROUTINE_TYPE).accrochage_period_start, date(2026, 10, 1)
        )

    def test_configured_day(self):
        settings = Form(self.env["res.config.settings"])
        settings.accrochage_routine_day = 12
        settings.save().execute()
        company = self.certifier.company_id
        self.assertEqual(company.accrochage_routine_day, 12)
        with freeze_time(date(2027, 1, 5)):
            self.Certifier._cron_accrochage_monthly_routine()
        self.assertFalse(self.activities(ROUTINE_TYPE))
        with freeze_time(date(2027, 1, 12)):
            self.Certifier._cron_accrochage_monthly_routine()
        self.assertEqual(
            self.activities(ROUTINE_TYPE).accrochage_period_start, date(2026, 12, 1)
        )
        for day in (0, 29):
            with self.subTest(day=day), self.assertRaises(ValidationError):
                company.accrochage_routine_day = day

    def test_button_opens_the_wizard_on_the_routine_month(self):
        with freeze_time(date(2026, 11, 5)):
            self.Certifier._cron_accrochage_monthly_routine()
        with freeze_time(date(2026, 12, 5)):
            self.Certifier._cron_accrochage_monthly_routine()
        with freeze_time(date(2027, 1, 20)):
            action = self.certifier.with_user(
                self.responsible
            ).action_open_generate_wizard()
            self.assertEqual(action["res_model"], "accrochage.generate.wizard")
            wizard = (
                self.env["accrochage.generate.wizard"]
                .with_context(**action["context"])
                .create({})
            )
            self.assertEqual(wizard.certifier_id, self.certifier)
            # The oldest open routine first.
            self.assertEqual(
                (wizard.date_from, wizard.date_to),
                (date(2026, 10, 1), date(2026, 10, 31)),
            )

    def test_button_without_routine_opens_the_previous_month(self):
        with freeze_time(date(2027, 3, 15)):
            context = self.certifier.action_open_generate_wizard()["context"]
        self.assertEqual(context["default_date_from"], "2027-02-01")
        self.assertEqual(context["default_date_to"], "2027-02-28")

    def test_creation_file_of_the_month_closes_the_routine(self):
        with freeze_time(date(2026, 11, 5)):
            self.Certifier._cron_accrochage_monthly_routine()
            activity = self.activities(ROUTINE_TYPE)
            self.make_passage(issue_date=date(2026, 10, 20))
            action = self.certifier.action_open_generate_wizard()
            wizard = (
                self.env["accrochage.generate.wizard"]
                .with_context(**action["context"])
                .create({})
            )
            wizard.action_generate()
        self.assertFalse(activity.active)
        self.assertFalse(self.activities(ROUTINE_TYPE))


@tagged("post_install", "-at_install")
class TestAccrochageOverview(AccrochageFollowUpCase):
    def test_counts_per_certification(self):
        today = date.today()
        self.passage_due_in(10, today)
        self.passage_due_in(-10, today)
        self.passage_due_in(100, today).state = "sent"
        self.passage_due_in(100, today).state = "in_file"
        self.passage_due_in(100, today).state = "accepted"
        self.passage_due_in(100, today).write(
            {"state": "rejected", "cdc_report_date": today}
        )
        self.passage_due_in(
            100, today, partner_id=self.make_holder(accrochage_sex=False).id
        )
        row = self.env["accrochage.overview"].search(
            [("certification_id", "=", self.certification.id)]
        )
        self.assertEqual(row.certifier_id, self.certifier)
        self.assertEqual(
            (
                row.passage_count,
                row.ready_count,
                row.to_complete_count,
                row.in_file_count,
                row.awaiting_report_count,
                row.accepted_count,
                row.rejected_count,
                row.overdue_count,
                row.due_soon_count,
            ),
            (7, 2, 2, 1, 1, 1, 1, 1, 1),
        )
        self.assertEqual(row.next_deadline_date, today - timedelta(days=10))
        action = row.action_open_passages()
        self.assertEqual(
            self.env["accrochage.passage"].search_count(action["domain"]), 7
        )
        to_complete = self.env["accrochage.passage"].search(
            row.action_open_to_complete()["domain"]
        )
        self.assertEqual(len(to_complete), 2)
        self.assertEqual(set(to_complete.mapped("readiness")), {"to_complete"})
        menu = self.env.ref("l10n_fr_accrochage.menu_accrochage_overview")
        self.assertEqual(
            menu.parent_id, self.env.ref("l10n_fr_accrochage.menu_accrochage_root")
        )
