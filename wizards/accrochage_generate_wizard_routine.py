# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A creation file covering a month closes the monthly routine of that month."""

from odoo import models


class AccrochageGenerateWizard(models.TransientModel):
    _inherit = "accrochage.generate.wizard"

    def action_generate(self):
        action = super().action_generate()
        if self.action == "CREATION":
            self.certifier_id._accrochage_close_routine_activities(
                self.date_from, self.date_to
            )
        return action
