# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

# Fields that describe what was generated: a generated file never changes.
IMMUTABLE_FIELDS = {
    "certifier_id",
    "company_id",
    "action",
    "flux_id",
    "timestamp",
    "schema_version",
    "period_start",
    "period_end",
    "passage_ids",
    "attachment_id",
    "file_name",
    "part_number",
}
# Fields that record the life of the file after its generation (deposit,
# processing report): only the deposit and the report import write them.
LIFECYCLE_FIELDS = {
    "state",
    "deposit_date",
    "deposit_user_id",
    "processing_id",
    "report_date",
    "report_attachment_ids",
    "report_line_ids",
}


class AccrochageFile(models.Model):
    """One XML file generated for the Caisse des Dépôts, and its life after."""

    _name = "accrochage.file"
    _description = "Accrochage File"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "timestamp desc, id desc"

    name = fields.Char(required=True, readonly=True)
    certifier_id = fields.Many2one(
        "accrochage.certifier", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        related="certifier_id.company_id", store=True, index=True
    )
    action = fields.Selection(
        [("CREATION", "Creation"), ("SUPPRESSION", "Withdrawal")],
        required=True,
        readonly=True,
        default="CREATION",
    )
    flux_id = fields.Char(string="File Identifier (idFlux)", readonly=True, index=True)
    timestamp = fields.Datetime(readonly=True)
    schema_version = fields.Selection(
        [("1.1.5", "1.1.5"), ("1.1.2", "1.1.2")], readonly=True
    )
    period_start = fields.Date(readonly=True)
    period_end = fields.Date(readonly=True)
    part_number = fields.Integer(
        readonly=True,
        default=1,
        help="Files above the CDC limits are split; this is the part number.",
    )
    passage_ids = fields.Many2many(
        "accrochage.passage",
        "accrochage_file_passage_rel",
        "file_id",
        "passage_id",
        readonly=True,
    )
    passage_count = fields.Integer(compute="_compute_counts", store=True)
    holder_count = fields.Integer(compute="_compute_counts", store=True)
    certification_ids = fields.Many2many(
        "accrochage.certification",
        compute="_compute_certification_ids",
        store=True,
    )
    attachment_id = fields.Many2one("ir.attachment", readonly=True)
    file_name = fields.Char(readonly=True)
    xml_file = fields.Binary(
        string="XML File", related="attachment_id.datas", readonly=True
    )
    state = fields.Selection(
        [
            ("generated", "Generated"),
            ("deposited", "Deposited"),
            ("processed", "Processed"),
            ("processed_errors", "Processed with errors"),
            ("refused", "Refused by the CDC"),
        ],
        default="generated",
        required=True,
        readonly=True,
        tracking=True,
    )

    @api.depends("passage_ids")
    def _compute_counts(self):
        for file in self:
            file.passage_count = len(file.passage_ids)
            file.holder_count = len(file.passage_ids.partner_id)

    @api.depends("passage_ids.certification_id")
    def _compute_certification_ids(self):
        for file in self:
            file.certification_ids = file.passage_ids.certification_id

    @api.model
    def _create_from_xml(
        self, certifier, flux_document, xml, passages, *, period, part
    ):
        """Record one generated file with its XML attachment.

        ``flux_document`` is the :class:`flux.Flux` the XML was built from.
        """
        period_start, period_end = period
        # The start of the idFlux makes the name unique: the CDC echoes the
        # file name in its report, and two runs may cover the same period.
        suffix = "" if flux_document.action == "CREATION" else "_SUPPRESSION"
        base_name = (
            f"{certifier.certifier_client_number}_"
            f"{period_start:%Y-%m-%d}_{period_end:%Y-%m-%d}{suffix}_"
            f"{flux_document.flux_id[:8]}"
        )
        file_name = f"{base_name}.xml"
        file = self.create(
            {
                "name": base_name,
                "certifier_id": certifier.id,
                "action": flux_document.action,
                "flux_id": flux_document.flux_id,
                "timestamp": fields.Datetime.now(),
                "schema_version": flux_document.version,
                "period_start": period_start,
                "period_end": period_end,
                "part_number": part,
                "passage_ids": [fields.Command.set(passages.ids)],
                "file_name": file_name,
            }
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": file_name,
                "raw": xml,
                "mimetype": "application/xml",
                "res_model": self._name,
                "res_id": file.id,
            }
        )
        file.with_context(
            accrochage_file_internal_write=True
        ).attachment_id = attachment
        return file

    def write(self, vals):
        if not self.env.context.get("accrochage_file_internal_write"):
            if IMMUTABLE_FIELDS & set(vals):
                raise UserError(
                    self.env._(
                        "A generated accrochage file never changes. Delete file "
                        "%(file)s before its deposit and generate it again instead.",
                        file=", ".join(self.mapped("name")),
                    )
                )
            if LIFECYCLE_FIELDS & set(vals):
                raise UserError(
                    self.env._(
                        "The status, deposit and processing report of accrochage "
                        "file %(file)s are recorded by its “Mark as deposited” and "
                        "“Import processing report” buttons; they cannot be "
                        "edited by hand.",
                        file=", ".join(self.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_before_deposit(self):
        deposited = self.filtered(lambda file: file.state != "generated")
        if deposited:
            raise UserError(
                self.env._(
                    "File %(file)s has been deposited at the Caisse des Dépôts: "
                    "it is kept for the record and cannot be deleted.",
                    file=", ".join(deposited.mapped("name")),
                )
            )

    def unlink(self):
        """Deleting a file before deposit puts its passages back to send, and
        the passages of a withdrawal file back to accepted."""
        passages = self.passage_ids.filtered(lambda passage: passage.state == "sent")
        withdrawals = self.filtered(lambda file: file.action == "SUPPRESSION")
        names = ", ".join(withdrawals.mapped("name"))
        not_withdrawn = withdrawals.passage_ids.filtered(
            lambda passage: passage.state == "withdrawal_sent"
        )
        result = super().unlink()  # also deletes the attachments of the files
        passages.write({"state": "to_send"})
        not_withdrawn._accrochage_cancel_withdrawal(
            self.env._(
                "Withdrawal file %(file)s deleted before its deposit: the passage "
                "is accepted again.",
                file=names,
            )
        )
        return result

    def _post_on_certifications(self):
        """Keep the file on each certification it concerns, in its chatter."""
        self.ensure_one()
        xml = self.attachment_id.raw
        for certification in self.certification_ids:
            count = len(
                self.passage_ids.filtered(
                    lambda p, c=certification: p.certification_id == c
                )
            )
            certification.message_post(
                body=self.env._(
                    "Accrochage file %(file)s generated: %(count)s passage(s) of "
                    "this certification.",
                    file=self.name,
                    count=count,
                ),
                attachments=[(self.file_name, xml)],
            )

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "download",
        }

    def action_view_passages(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_passage"
        )
        action["domain"] = [("id", "in", self.passage_ids.ids)]
        action["context"] = {}
        return action

    def _xml_content(self):
        self.ensure_one()
        return base64.b64decode(self.attachment_id.datas or b"")
