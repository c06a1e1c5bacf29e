# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    accrochage_period_start = fields.Date(
        string="Accrochage Period",
        readonly=True,
        index="btree_not_null",
        help="First day of the month whose accrochage file this monthly routine "
        "activity asks to generate.",
    )
