# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

ROUTINE_DAY_MAX = 28


class ResCompany(models.Model):
    _inherit = "res.company"

    accrochage_routine_day = fields.Integer(
        default=5,
        help="Day of the month (1 to 28) when the responsible of each certifier "
        "is asked to generate the accrochage file of the previous month.",
    )

    @api.constrains("accrochage_routine_day")
    def _check_accrochage_routine_day(self):
        for company in self:
            if not 1 <= company.accrochage_routine_day <= ROUTINE_DAY_MAX:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the day of the monthly accrochage "
                        "routine must be between 1 and %(max)s (given: %(day)s).",
                        company=company.display_name,
                        max=ROUTINE_DAY_MAX,
                        day=company.accrochage_routine_day,
                    )
                )
