# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from lxml import etree

from odoo.tests import tagged

from .common import AccrochageHttpCase, official_schema


@tagged("post_install", "-at_install")
class TestAccrochageUi(AccrochageHttpCase):
    def test_certifier_form_tour(self):
        certifier = self.env.ref("l10n_fr_accrochage.demo_certifier")
        self.start_tour(
            "/odoo/accrochage-certifiers", "accrochage_certifier_tour", login="admin"
        )
        self.assertEqual(certifier.contract_number, "MCFCER000777")

    def test_generate_tour(self):
        """From the menu: see who is left out and why, generate, find the file."""
        self.env.ref("base.user_admin").lang = "fr_FR"
        certifier = self.env.ref("l10n_fr_accrochage.demo_certifier")
        wizard_defaults = self.env["accrochage.generate.wizard"].default_get(
            ["date_from", "date_to"]
        )
        certification = self.env["accrochage.certification"].create(
            {
                "name": "Certification du parcours",
                "certification_type": "RS",
                "code": "RS99777",
                "certifier_id": certifier.id,
            }
        )
        holder_values = {
            "accrochage_birth_name": "Tour-Envoyée",
            "accrochage_first_name_1": "Anne",
            "accrochage_sex": "F",
            "accrochage_birth_date": "1985-03-02",
            "accrochage_birth_place_type": "france",
            "accrochage_birth_insee_code": "69123",
            "accrochage_nationality_id": self.env.ref("base.fr").id,
        }
        sent = self.env["res.partner"].create(
            dict(holder_values, name="Anne Tour-Envoyée")
        )
        left_out = self.env["res.partner"].create(
            dict(
                holder_values,
                name="Eva Tour-Exclue",
                accrochage_birth_name="Tour-Exclue",
                accrochage_nationality_id=self.env.ref("base.ch").id,
            )
        )
        passages = self.env["accrochage.passage"].create(
            [
                {
                    "partner_id": partner.id,
                    "certification_id": certification.id,
                    "issue_date": wizard_defaults["date_to"],
                    "obtention_mode": "PAR_ADMISSION",
                }
                for partner in (sent, left_out)
            ]
        )
        self.start_tour("/odoo", "accrochage_generate_tour", login="admin")
        self.assertEqual(passages.mapped("state"), ["in_file", "to_send"])
        file = passages[0].file_ids
        self.assertEqual(len(file), 1)
        official_schema(file.schema_version).assertValid(
            etree.fromstring(file.attachment_id.raw)
        )
