# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AccrochageFileDepositWizard(models.TransientModel):
    """Mark accrochage files as deposited on the portal of the CDC."""

    _name = "accrochage.file.deposit.wizard"
    _description = "Mark an Accrochage File as Deposited"

    file_ids = fields.Many2many("accrochage.file", string="Files", required=True)
    deposit_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Date of the deposit on the portal of the Caisse des Dépôts.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.file_ids._mark_deposited(self.deposit_date)
        return self.file_ids._action_open()
