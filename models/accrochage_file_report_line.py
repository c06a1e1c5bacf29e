# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

REPORT_CATEGORIES = [
    ("accepted", "Accepted"),
    ("already_accepted", "Already accepted before"),
    ("holder_not_found", "No holder identified"),
    ("several_holders", "Several holders identified"),
    ("unknown_certification", "Unknown certification"),
    ("dates", "Inconsistent dates"),
    ("unknown", "Unlisted error"),
    ("unknown_passage", "Passage unknown to the file"),
    ("xsd", "File refused (schema)"),
    ("withdrawn", "Withdrawn"),
    ("withdrawal_refused", "Withdrawal refused"),
]


class AccrochageFileReportLine(models.Model):
    """One result of a processing report: a passage, or a schema error."""

    _name = "accrochage.file.report.line"
    _description = "Accrochage File Processing Report Line"
    _order = "file_id, kind desc, id"

    file_id = fields.Many2one(
        "accrochage.file", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="file_id.company_id", store=True, index=True)
    passage_id = fields.Many2one(
        "accrochage.passage", ondelete="set null", index="btree_not_null"
    )
    partner_id = fields.Many2one(related="passage_id.partner_id", string="Holder")
    technical_id = fields.Char(string="Technical ID")
    kind = fields.Selection(
        [("xsd", "Schema error (file refused)"), ("passage", "Passage")],
        required=True,
    )
    category = fields.Selection(REPORT_CATEGORIES, required=True)
    cdc_message = fields.Text(string="CDC Message")
    explanation = fields.Text()
    line = fields.Integer(help="Line of the deposited file, for a schema error.")
    column = fields.Integer(help="Column of the deposited file, for a schema error.")
    field_label = fields.Char(
        string="Field", help="The element of the deposited file the error points at."
    )
