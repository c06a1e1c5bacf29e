# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    accrochage_certifier_count = fields.Integer(
        compute="_compute_accrochage_certifier_count"
    )
    accrochage_max_passages_per_file = fields.Integer(
        string="Passages per file",
        config_parameter="l10n_fr_accrochage.max_passages_per_file",
        default=200000,
        help="Above this number of passages, a generation is split into several "
        "files (the Caisse des Dépôts accepts up to 200,000 passages per file).",
    )
    accrochage_background_threshold = fields.Integer(
        string="Background generation above",
        config_parameter="l10n_fr_accrochage.background_threshold",
        default=5000,
        help="A generation of more passages than this runs in the background: "
        "the user is notified when its files are ready.",
    )
    accrochage_deposit_reminder_days = fields.Integer(
        string="Deposit reminder (days)",
        config_parameter="l10n_fr_accrochage.deposit_reminder_days",
        default=3,
        help="A generated file not marked as deposited after this many days "
        "gets an activity for the responsible of its certifier.",
    )
    accrochage_routine_day = fields.Integer(
        related="company_id.accrochage_routine_day",
        readonly=False,
    )

    @api.depends("company_id")
    def _compute_accrochage_certifier_count(self):
        count = self.env["accrochage.certifier"].search_count(
            [("company_id", "=", self.env.company.id)]
        )
        for settings in self:
            settings.accrochage_certifier_count = count

    def action_open_accrochage_certifiers(self):
        return self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_certifier"
        )
