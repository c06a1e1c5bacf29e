# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAccrochageUi(HttpCase):
    def test_certifier_form_tour(self):
        certifier = self.env.ref("l10n_fr_accrochage.demo_certifier")
        self.start_tour(
            "/odoo/accrochage-certifiers", "accrochage_certifier_tour", login="admin"
        )
        self.assertEqual(certifier.contract_number, "MCFCER000777")
