# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AccrochageGenerateWizardExclusion(models.TransientModel):
    _name = "accrochage.generate.wizard.exclusion"
    _description = "Passage Left Out of an Accrochage File"

    wizard_id = fields.Many2one(
        "accrochage.generate.wizard", required=True, ondelete="cascade"
    )
    passage_id = fields.Many2one("accrochage.passage", readonly=True)
    registration_id = fields.Many2one("event.registration", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Holder", readonly=True)
    certification_id = fields.Many2one("accrochage.certification", readonly=True)
    reason = fields.Text(readonly=True)
