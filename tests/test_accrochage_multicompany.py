# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AccrochageCase


@tagged("post_install", "-at_install")
class TestAccrochageMultiCompany(AccrochageCase):
    """A user of company B sees nothing of company A's accrochage."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Société B"})
        cls.user_b = new_test_user(
            cls.env,
            "accrochage_b",
            groups="l10n_fr_accrochage.group_accrochage_manager",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )

    def test_files_and_report_lines_of_another_company_are_hidden(self):
        passage = self.make_passage()
        action = self.make_wizard().action_generate()
        file = self.env["accrochage.file"].browse(action["res_id"])
        self.env["accrochage.file.report.line"].create(
            {
                "file_id": file.id,
                "passage_id": passage.id,
                "technical_id": passage.technical_id,
                "kind": "passage",
                "category": "accepted",
            }
        )
        as_b = self.env(user=self.user_b)
        for model in (
            "accrochage.file",
            "accrochage.file.report.line",
            "accrochage.passage",
            "accrochage.certification",
            "accrochage.certifier",
            "accrochage.overview",
        ):
            with self.subTest(model=model):
                self.assertFalse(as_b[model].search([]), model)
        with self.assertRaises(AccessError):
            file.with_user(self.user_b).read(["name"])

    def test_session_certification_of_another_company_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Session de B"):
            self.env["event.event"].create(
                {
                    "name": "Session de B",
                    "date_begin": "2026-10-10 08:00:00",
                    "date_end": "2026-10-10 17:00:00",
                    "company_id": self.company_b.id,
                    "accrochage_certification_id": self.certification.id,
                }
            )
