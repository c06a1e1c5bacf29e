# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import AccrochageCase


@tagged("post_install", "-at_install")
class TestAccrochageHolders(AccrochageCase):
    def test_holder_shows_its_passages(self):
        holder = self.make_holder()
        passages = self.make_passage(holder) | self.make_passage(holder)
        self.assertEqual(holder.accrochage_passage_count, 2)
        action = holder.action_view_accrochage_passages()
        self.assertEqual(
            self.env["accrochage.passage"].search(action["domain"]), passages
        )

    def _search_filter_domain(self, name):
        arch = etree.fromstring(
            self.env.ref(
                "l10n_fr_accrochage.res_partner_view_search_accrochage_holder"
            ).arch
        )
        return safe_eval(arch.xpath(f"//filter[@name='{name}']")[0].get("domain"))

    def test_holders_menu_filters(self):
        complete = self.make_holder()
        self.make_passage(complete)
        incomplete = self.make_holder(name="Sans Sexe", accrochage_sex=False)
        self.make_passage(incomplete)
        belgian = self.make_holder(accrochage_nationality_id=self.env.ref("base.be").id)
        candidates = [("id", "in", (complete | incomplete | belgian).ids)]
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search(
                candidates + self._search_filter_domain("civil_status_incomplete")
            ),
            incomplete,
        )
        self.assertEqual(
            Partner.search(
                candidates + self._search_filter_domain("without_nir_not_french")
            ),
            belgian,
        )
        self.assertEqual(
            Partner.search(candidates + self._search_filter_domain("with_passages")),
            complete | incomplete,
        )
