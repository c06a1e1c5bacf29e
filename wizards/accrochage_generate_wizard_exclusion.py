# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from ..models.accrochage_generation import EXCLUSION_KINDS
from ..models.tools import open_records_action


class AccrochageGenerateWizardExclusion(models.TransientModel):
    _name = "accrochage.generate.wizard.exclusion"
    _description = "Passage Left Out of an Accrochage File"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "accrochage.generate.wizard", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    passage_id = fields.Many2one("accrochage.passage", readonly=True)
    registration_id = fields.Many2one("event.registration", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Holder", readonly=True)
    certification_id = fields.Many2one("accrochage.certification", readonly=True)
    kind = fields.Selection(EXCLUSION_KINDS, readonly=True)
    reason_id = fields.Many2one(
        "accrochage.readiness.reason", string="Group", readonly=True
    )
    reason = fields.Text(readonly=True)

    def action_open(self):
        """What to fix: the holder's civil status when the holder blocks, else
        the passage (or the exam registration of a candidate not admitted)."""
        self.ensure_one()
        if self.reason_id.target == "holder" and self.partner_id:
            return self.partner_id._accrochage_action_open_civil_status()
        if self.passage_id:
            return open_records_action(
                self.passage_id, "l10n_fr_accrochage.action_accrochage_passage"
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "event.registration",
            "res_id": self.registration_id.id,
            "views": [(False, "form")],
        }
