# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import AccrochageHttpCase
from .test_accrochage_report import HOLDER_NOT_FOUND, build_report


@tagged("post_install", "-at_install")
class TestAccrochageReadinessUi(AccrochageHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.user_admin").lang = "fr_FR"
        cls.certifier = cls.env.ref("l10n_fr_accrochage.demo_certifier")
        cls.certification = cls.env["accrochage.certification"].create(
            {
                "name": "Certification du parcours",
                "certification_type": "RS",
                "code": "RS99888",
                "certifier_id": cls.certifier.id,
            }
        )

    def make_passage(self, name, issue_date, **holder_values):
        holder = self.env["res.partner"].create(
            {
                "name": f"Anne {name}",
                "accrochage_birth_name": name,
                "accrochage_first_name_1": "Anne",
                "accrochage_sex": "F",
                "accrochage_birth_date": "1985-03-02",
                "accrochage_birth_place_type": "france",
                "accrochage_birth_insee_code": "69123",
                "accrochage_nationality_id": self.env.ref("base.fr").id,
                **holder_values,
            }
        )
        return self.env["accrochage.passage"].create(
            {
                "partner_id": holder.id,
                "certification_id": self.certification.id,
                "issue_date": issue_date,
                "obtention_mode": "PAR_ADMISSION",
            }
        )

    def test_readiness_tour(self):
        """Filter the passages to complete, complete the holder, see it ready,
        generate by month, mark deposited, import a report rejecting it, follow
        the fix button."""
        today = fields.Date.context_today(self.env["res.users"])
        # Four months ago: no demo passage was issued then.
        issued = (today - relativedelta(months=4)).replace(day=3)
        passage = self.make_passage("Tour-Incomplète", issued, accrochage_sex=False)
        self.assertEqual(passage.readiness, "to_complete")
        # Without idFlux nor file name, a report imported from a file is its own.
        self.env["ir.attachment"].create(
            {
                "name": "accuse-de-traitement-readiness_20261120.xml",
                "raw": build_report(
                    processing_id="77001",
                    ko=[(passage.technical_id, HOLDER_NOT_FOUND)],
                ),
                "mimetype": "application/xml",
            }
        )
        self.start_tour(
            "/odoo/accrochage-passages", "accrochage_readiness_tour", login="admin"
        )
        self.assertEqual(passage.partner_id.accrochage_sex, "F")
        self.assertEqual(passage.state, "rejected")
        file = passage.file_ids
        self.assertEqual(file.state, "processed_errors")
        self.assertEqual(file.period_start, issued.replace(day=1))
        self.assertTrue(file.deposit_date)

    def test_correction_tour(self):
        """Correct an accepted passage: the user lands on the withdrawal file."""
        today = fields.Date.context_today(self.env["res.users"])
        passage = self.make_passage("Tour-Acceptée", today - relativedelta(days=20))
        passage.state = "accepted"
        self.start_tour(
            f"/odoo/accrochage-passages/{passage.id}",
            "accrochage_correction_tour",
            login="admin",
        )
        self.assertEqual(passage.state, "withdrawal_in_file")
        correction = passage.correction_passage_id
        self.assertEqual(correction.readiness, "waiting")

    def test_background_tour(self):
        """Generate above the threshold, see the run's progress, open its files."""
        parameters = self.env["ir.config_parameter"].sudo()
        parameters.set_param("l10n_fr_accrochage.background_threshold", "1")
        parameters.set_param("l10n_fr_accrochage.max_passages_per_file", "1")
        today = fields.Date.context_today(self.env["res.users"])
        issued = (today - relativedelta(months=4)).replace(day=3)
        passages = self.make_passage("Tour-Fond-Un", issued) | self.make_passage(
            "Tour-Fond-Deux", issued
        )
        self.start_tour(
            "/odoo/accrochage-passages", "accrochage_background_tour", login="admin"
        )
        run = passages.file_ids.generation_id
        self.assertEqual(len(run), 1)
        self.assertEqual((run.state, run.done_count, len(run.file_ids)), ("done", 2, 2))
        self.assertEqual(set(passages.mapped("state")), {"in_file"})
