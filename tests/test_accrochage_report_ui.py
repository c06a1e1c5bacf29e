# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from odoo.tests import tagged

from .common import AccrochageHttpCase
from .test_accrochage_report import HOLDER_NOT_FOUND, build_report

# The tour uploads the attachment of this name through the file input.
TOUR_REPORT_NAME = "accuse-de-traitement-tour_20261120.xml"


@tagged("post_install", "-at_install")
class TestAccrochageReportUi(AccrochageHttpCase):
    def test_import_report_tour(self):
        """From the file: upload the CDC report, see the rejected candidate with
        the French explanation."""
        self.env.ref("base.user_admin").lang = "fr_FR"
        certifier = self.env["accrochage.certifier"].create(
            {
                "name": "Certificateur du parcours",
                "certifier_client_number": "44TOU004",
                "contract_number": "MCFCER000044",
            }
        )
        certification = self.env["accrochage.certification"].create(
            {
                "name": "Certification du parcours",
                "certification_type": "RS",
                "code": "RS99778",
                "certifier_id": certifier.id,
            }
        )
        holder_values = {
            "accrochage_first_name_1": "Anne",
            "accrochage_sex": "F",
            "accrochage_birth_date": "1985-03-02",
            "accrochage_birth_place_type": "france",
            "accrochage_birth_insee_code": "69123",
            "accrochage_nationality_id": self.env.ref("base.fr").id,
        }
        accepted, rejected = self.env["accrochage.passage"].create(
            [
                {
                    "partner_id": self.env["res.partner"]
                    .create(
                        dict(
                            holder_values,
                            name=f"Anne {name}",
                            accrochage_birth_name=name,
                        )
                    )
                    .id,
                    "certification_id": certification.id,
                    "issue_date": date(2026, 10, 15),
                    "obtention_mode": "PAR_ADMISSION",
                }
                for name in ("Tour-Acceptée", "Tour-Rejetée")
            ]
        )
        action = (
            self.env["accrochage.generate.wizard"]
            .create(
                {
                    "certifier_id": certifier.id,
                    "date_from": date(2026, 10, 1),
                    "date_to": date(2026, 10, 31),
                }
            )
            .action_generate()
        )
        file = self.env["accrochage.file"].browse(action["res_id"])
        self.env["ir.attachment"].create(
            {
                "name": TOUR_REPORT_NAME,
                "raw": build_report(
                    file_name=file.file_name,
                    flux_id=file.flux_id,
                    processing_id="77001",
                    ko=[(rejected.technical_id, HOLDER_NOT_FOUND)],
                    ok=[accepted.technical_id],
                ),
                "mimetype": "application/xml",
            }
        )
        self.start_tour(
            f"/odoo/accrochage-files/{file.id}",
            "accrochage_report_tour",
            login="admin",
        )
        self.assertEqual(file.state, "processed_errors")
        self.assertEqual(file.processing_id, "77001")
        self.assertEqual(accepted.state, "accepted")
        self.assertEqual(rejected.state, "rejected")
        self.assertIn("Vérifiez le nom de naissance", rejected.cdc_explanation)
        self.assertEqual(file.report_attachment_ids.name, TOUR_REPORT_NAME)
