# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models

from .. import flux

# ISO codes of France and of its overseas departments, collectivities and
# territories: people born there are "born in France" and identified by the
# INSEE code of their birth commune, not by a country code.
FRENCH_TERRITORY_CODES = frozenset(
    {"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF", "TF"}
)
# Territories that INSEE's Code officiel géographique does not list as countries
# (l10n_fr_cog leaves them empty): people born there are coded with the country
# they belong to.
COG_SOVEREIGN_COUNTRY = {"AX": "FI", "UM": "US"}


class ResCountry(models.Model):
    _inherit = "res.country"

    def _accrochage_insee_code(self):
        """The INSEE code (99xxx) of this country of birth, from l10n_fr_cog's
        Code officiel géographique; "" when it has none (France and its
        territories, Antarctica)."""
        self.ensure_one()
        country = self
        sovereign = COG_SOVEREIGN_COUNTRY.get(self.code)
        if sovereign:
            country = self.search([("code", "=", sovereign)], limit=1) or self
        code = str(country.fr_cog or "")
        return code if flux.INSEE_COUNTRY_CODE_PATTERN.fullmatch(code) else ""

    def _accrochage_is_french_territory(self):
        self.ensure_one()
        return self.code in FRENCH_TERRITORY_CODES
