# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the processing report of the Caisse des Dépôts leaves on a passage."""

from odoo import fields, models


class AccrochagePassage(models.Model):
    _inherit = "accrochage.passage"

    cdc_report_date = fields.Date(
        string="CDC Report Date",
        readonly=True,
        copy=False,
        help="Date of the last processing report of the Caisse des Dépôts that "
        "gave a result for this passage.",
    )
