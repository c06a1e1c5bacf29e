# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Correcting accepted passages: a withdrawal followed by a new creation."""

from odoo import fields, models


class AccrochageGenerateWizard(models.TransientModel):
    _inherit = "accrochage.generate.wizard"

    correction = fields.Boolean(
        default=lambda self: bool(self.env.context.get("accrochage_correction")),
        help="After the withdrawal file, create a new passage to send for each "
        "withdrawn passage, with a new technical ID, to correct its data.",
    )

    def action_generate(self):
        self.ensure_one()
        if self.action != "SUPPRESSION" or not self.correction:
            return super().action_generate()
        to_withdraw, _exclusions = self._select_passages()
        action = super().action_generate()
        withdrawn = to_withdraw.filtered(
            lambda passage: (
                passage.state == "withdrawal_sent" and not passage.correction_passage_id
            )
        )
        if not withdrawn:
            return action
        corrections = withdrawn._accrochage_create_corrections()
        return corrections._accrochage_action_open()
