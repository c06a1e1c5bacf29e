# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

INSEE_COUNTRY_CODE_RE = re.compile(r"99\d{3}")
FRANCE_INSEE_COUNTRY_CODE = "99100"


class ResCountry(models.Model):
    _inherit = "res.country"

    insee_country_code = fields.Char(
        string="INSEE Country Code",
        size=5,
        help="Code of the country in INSEE's Code officiel géographique (99xxx, "
        "e.g. 99109 for Germany). France and its overseas territories are "
        "99100: people born there are identified by the INSEE code of their "
        "birth commune. Used for the holders born abroad in the accrochage "
        "files.",
    )

    @api.constrains("insee_country_code")
    def _check_insee_country_code(self):
        for country in self:
            code = country.insee_country_code
            if code and not INSEE_COUNTRY_CODE_RE.fullmatch(code):
                raise ValidationError(
                    self.env._(
                        "Country %(country)s: the INSEE country code must be 99 "
                        "followed by 3 digits (given: “%(code)s”).",
                        country=country.name,
                        code=code,
                    )
                )
