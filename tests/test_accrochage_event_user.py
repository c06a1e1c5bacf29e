# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AccrochageCase


@tagged("post_install", "-at_install")
class TestEventUserWithoutAccrochageRights(AccrochageCase):
    """An event organiser who does not do the accrochage still runs the
    sessions: moving one keeps its passages in step, and shows nothing of the
    holders' civil status."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event_user = new_test_user(
            cls.env, "organiser", groups="event.group_event_manager"
        )
        cls.session = cls.env["event.event"].create(
            {
                "name": "Session de novembre",
                "date_begin": "2026-10-10 08:00:00",
                "date_end": "2026-10-10 17:00:00",
                "accrochage_certification_id": cls.certification.id,
            }
        )
        cls.registration = cls.env["event.registration"].create(
            {
                "event_id": cls.session.id,
                "partner_id": cls.make_holder().id,
                "accrochage_exam_result": "admitted",
                "accrochage_issue_date": date(2026, 10, 20),
            }
        )

    def test_moving_a_session_updates_its_passages(self):
        self.assertFalse(
            self.event_user.has_group("l10n_fr_accrochage.group_accrochage_user")
        )
        passage = self.registration.accrochage_passage_id
        self.assertEqual(passage.exam_start_date, date(2026, 10, 10))
        self.session.with_user(self.event_user).write(
            {
                "date_begin": "2026-10-12 08:00:00",
                "date_end": "2026-10-12 17:00:00",
            }
        )
        self.assertEqual(passage.exam_start_date, date(2026, 10, 12))

    def test_organiser_registers_without_seeing_results(self):
        registration = (
            self.env["event.registration"]
            .with_user(self.event_user)
            .create({"event_id": self.session.id, "name": "Nouveau candidat"})
        )
        self.assertFalse(registration.sudo().accrochage_passage_id)
        with self.assertRaises(AccessError):
            self.registration.with_user(self.event_user).read(
                ["accrochage_exam_result"]
            )
        with self.assertRaises(AccessError):
            self.registration.partner_id.with_user(self.event_user).read(
                ["accrochage_nir"]
            )
