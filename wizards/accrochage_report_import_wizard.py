# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
import hashlib

from odoo import fields, models
from odoo.exceptions import UserError

from .. import flux


class AccrochageReportImportWizard(models.TransientModel):
    """Import the processing report ("accusé de traitement") of the CDC."""

    _name = "accrochage.report.import.wizard"
    _description = "Import an Accrochage Processing Report"

    file_id = fields.Many2one(
        "accrochage.file",
        help="Leave empty to find the file from the report (idFlux, file name).",
    )
    report_file = fields.Binary(string="Processing Report", required=True)
    report_filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        content = base64.b64decode(self.report_file or b"")
        unknown = self.env._("not given")
        if len(content) > flux.MAX_REPORT_BYTES:
            raise UserError(
                self.env._(
                    "The file %(name)s has %(size)s MB: a processing report of the "
                    "Caisse des Dépôts has %(max)s MB at most. Check that it is the "
                    "processing report downloaded from the portal.",
                    name=self.report_filename or "",
                    size=len(content) // (1024 * 1024),
                    max=flux.MAX_REPORT_BYTES // (1024 * 1024),
                )
            )
        try:
            report = flux.parse_report(content)
        except flux.ReportError as error:
            raise UserError(error.render(self.env.lang)) from error
        checksum = hashlib.sha1(content).hexdigest()
        file = self.file_id
        if file and not file._report_matches(report):
            raise UserError(
                self.env._(
                    "This processing report is not the one of file %(file)s: it is "
                    "for idFlux %(flux_id)s, file name %(file_name)s (file %(file)s "
                    "has idFlux %(own_flux_id)s, file name %(own_file_name)s).",
                    file=file.name,
                    flux_id=report.flux_id or unknown,
                    file_name=report.file_name or unknown,
                    own_flux_id=file.flux_id or unknown,
                    own_file_name=file.file_name or unknown,
                )
            )
        if not file:
            file = self.env["accrochage.file"]._find_for_report(report, checksum)
        if not file:
            raise UserError(
                self.env._(
                    "No accrochage file matches this processing report (idFlux "
                    "%(flux_id)s, file name %(file_name)s). Check that the report is "
                    "the one of a file generated here, or import it from the file.",
                    flux_id=report.flux_id or unknown,
                    file_name=report.file_name or unknown,
                )
            )
        if file._report_already_imported(report, checksum):
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "title": self.env._("Already imported"),
                    "message": self.env._(
                        "This processing report (idTraitement %(processing)s) has "
                        "already been imported on file %(file)s: nothing changed.",
                        processing=report.processing_id or "?",
                        file=file.name,
                    ),
                    "next": file._action_open(),
                },
            }
        file._import_report(report, content, self.report_filename)
        return file._action_open()
