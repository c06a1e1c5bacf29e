# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import hashlib
import os
import re
import shutil
from collections import defaultdict
from datetime import datetime

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .. import flux
from .tools import open_records_action

# "Accusé de traitement_<deposited file name>_<YYYYMMDD>.xml"
REPORT_DATE_PATTERN = re.compile(r"_(\d{8})\.xml$", re.IGNORECASE)
# States of a file that is waiting for its processing report.
AWAITING_REPORT_STATES = ("generated", "deposited")
# A KO of a withdrawal saying the passage is already gone: withdrawn all the same.
ALREADY_WITHDRAWN_PATTERN = re.compile(
    r"d[eé]j[aà] (?:[eé]t[eé] )?(?:supprim|retir)", re.IGNORECASE
)


# Files are copied into the filestore by blocks of this size.
COPY_BLOCK = 1 << 20
# A file marked deposited moves its passages on.
DEPOSITED_PASSAGE_STATES = {"in_file": "sent", "withdrawal_in_file": "withdrawal_sent"}
DEPOSIT_ACTIVITY_TYPE = "l10n_fr_accrochage.mail_activity_type_accrochage_deposit"
# Fields that describe what was generated: a generated file never changes.
IMMUTABLE_FIELDS = {
    "generation_id",
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
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    certifier_id = fields.Many2one(
        "accrochage.certifier",
        required=True,
        readonly=True,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="certifier_id.company_id", store=True, index=True
    )
    action = fields.Selection(
        flux.selection("action"),
        required=True,
        readonly=True,
        default="CREATION",
    )
    flux_id = fields.Char(string="File Identifier (idFlux)", readonly=True, index=True)
    timestamp = fields.Datetime(readonly=True)
    schema_version = fields.Selection(flux.version_selection(), readonly=True)
    period_start = fields.Date(readonly=True)
    period_end = fields.Date(readonly=True)
    part_number = fields.Integer(
        readonly=True,
        default=1,
        help="Files above the CDC limits are split; this is the part number.",
    )
    generation_id = fields.Many2one(
        "accrochage.generation",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
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

    deposit_date = fields.Date(readonly=True, copy=False)
    deposit_user_id = fields.Many2one(
        "res.users", string="Deposited by", readonly=True, copy=False
    )
    processing_id = fields.Char(
        string="Processing ID (idTraitement)",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Identifier of the processing of the file at the Caisse des Dépôts, "
        "from its processing report.",
    )
    report_date = fields.Date(
        string="Processing Report Date", readonly=True, copy=False
    )
    report_attachment_ids = fields.Many2many(
        "ir.attachment",
        "accrochage_file_report_attachment_rel",
        "file_id",
        "attachment_id",
        string="Processing Reports",
        readonly=True,
        copy=False,
    )
    report_line_ids = fields.One2many(
        "accrochage.file.report.line",
        "file_id",
        string="Processing Report Lines",
        readonly=True,
    )

    @api.depends("passage_ids")
    def _compute_counts(self):
        # In SQL: a file holds up to 200,000 passages.
        counts = {}
        if self.ids:
            self.env.cr.execute(
                """
                SELECT rel.file_id, COUNT(*), COUNT(DISTINCT passage.partner_id)
                  FROM accrochage_file_passage_rel rel
                  JOIN accrochage_passage passage ON passage.id = rel.passage_id
                 WHERE rel.file_id = ANY(%s)
                 GROUP BY rel.file_id
                """,
                [self.ids],
            )
            counts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for file in self:
            if file.id in counts:
                file.passage_count, file.holder_count = counts[file.id]
            else:  # a new file, or one not flushed yet
                file.passage_count = len(file.passage_ids)
                file.holder_count = len(file.passage_ids.partner_id)

    @api.depends("passage_ids.certification_id")
    def _compute_certification_ids(self):
        certifications = {}
        if self.ids:
            self.env.cr.execute(
                """
                SELECT rel.file_id, ARRAY_AGG(DISTINCT passage.certification_id)
                  FROM accrochage_file_passage_rel rel
                  JOIN accrochage_passage passage ON passage.id = rel.passage_id
                 WHERE rel.file_id = ANY(%s)
                 GROUP BY rel.file_id
                """,
                [self.ids],
            )
            certifications = dict(self.env.cr.fetchall())
        Certification = self.env["accrochage.certification"]
        for file in self:
            if file.id in certifications:
                file.certification_ids = Certification.browse(certifications[file.id])
            else:
                file.certification_ids = file.passage_ids.certification_id

    @api.model
    def _create_from_path(self, generation, writer, path, passage_ids, *, part):
        """Record one file of ``generation``: the XML the :class:`flux.FluxWriter`
        ``writer`` wrote at ``path``, and its ``passage_ids`` (put in the file
        by SQL: up to 200,000 of them)."""
        certifier = generation.certifier_id
        today = fields.Date.context_today(self)
        period_start = generation.date_from or today
        period_end = generation.date_to or today
        # The start of the idFlux makes the name unique: the CDC echoes the
        # file name in its report, and two runs may cover the same period.
        suffix = "" if writer.action == "CREATION" else "_SUPPRESSION"
        base_name = (
            f"{certifier.certifier_client_number}_"
            f"{period_start:%Y-%m-%d}_{period_end:%Y-%m-%d}{suffix}_"
            f"{writer.flux_id[:8]}"
        )
        file_name = f"{base_name}.xml"
        file = self.create(
            {
                "name": base_name,
                "generation_id": generation.id,
                "certifier_id": certifier.id,
                "action": writer.action,
                "flux_id": writer.flux_id,
                "timestamp": fields.Datetime.now(),
                "schema_version": writer.version,
                "period_start": period_start,
                "period_end": period_end,
                "part_number": part,
                "file_name": file_name,
            }
        )
        self.env.cr.execute(
            "INSERT INTO accrochage_file_passage_rel (file_id, passage_id) "
            "SELECT %s, UNNEST(%s::int[])",
            [file.id, list(passage_ids)],
        )
        file.invalidate_recordset(["passage_ids"])
        self.env["accrochage.passage"].invalidate_model(["file_ids"])
        for name in ("passage_count", "certification_ids"):
            self.env.add_to_compute(self._fields[name], file)
        attachment = self._attachment_from_path(path, file_name, file)
        file.with_context(
            accrochage_file_internal_write=True
        ).attachment_id = attachment
        return file

    @api.model
    def _attachment_from_path(self, path, file_name, file):
        """The attachment of ``file`` holding the file at ``path``, copied into
        the filestore without reading it into memory (a flux reaches 200 MB;
        the ORM would hold it, and its base64, several times)."""
        Attachment = self.env["ir.attachment"]
        values = {
            "name": file_name,
            "mimetype": "application/xml",
            "res_model": self._name,
            "res_id": file.id,
        }
        if Attachment._storage() != "file":
            with open(path, "rb") as source:
                return Attachment.create({**values, "raw": source.read()})
        checksum, size = hashlib.sha1(), 0
        with open(path, "rb") as source:
            while block := source.read(COPY_BLOCK):
                checksum.update(block)
                size += len(block)
        sha = checksum.hexdigest()
        store_fname = f"{sha[:2]}/{sha}"
        full_path = Attachment._full_path(store_fname)
        if not os.path.exists(full_path):
            os.makedirs(os.path.dirname(full_path), exist_ok=True)
            partial = f"{full_path}.{os.getpid()}.part"
            shutil.copyfile(path, partial)
            os.replace(partial, full_path)
            # Collected by the filestore's garbage collection if the
            # transaction rolls back.
            Attachment._mark_for_gc(store_fname)
        attachment = Attachment.create(values)
        # The ORM computes these from the bytes it is given: set them from the
        # file copied above instead.
        self.env.cr.execute(
            "UPDATE ir_attachment SET store_fname = %s, checksum = %s, file_size = %s "
            "WHERE id = %s",
            [store_fname, sha, size, attachment.id],
        )
        attachment.invalidate_recordset(["store_fname", "checksum", "file_size"])
        return attachment

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
        passages = self.passage_ids.filtered(lambda passage: passage.state == "in_file")
        withdrawals = self.filtered(lambda file: file.action == "SUPPRESSION")
        names = ", ".join(withdrawals.mapped("name"))
        not_withdrawn = withdrawals.passage_ids.filtered(
            lambda passage: passage.state == "withdrawal_in_file"
        )
        # Also deletes the attachments of the files, which nothing else may.
        result = super(
            AccrochageFile, self.with_context(accrochage_file_unlink=True)
        ).unlink()
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
        """Keep the file on each certification it concerns, in its chatter:
        the message links the file's own XML (never a copy of its bytes)."""
        self.ensure_one()
        counts = dict(
            self.env["accrochage.passage"]._read_group(
                [("id", "in", self.passage_ids.ids)],
                ["certification_id"],
                ["__count"],
            )
        )
        for certification in self.certification_ids:
            certification.message_post(
                body=self.env._(
                    "Accrochage file %(file)s generated: %(count)s passage(s) of "
                    "this certification.",
                    file=self.name,
                    count=counts.get(certification, 0),
                ),
                attachment_ids=self.attachment_id.ids,
            )

    def action_download(self):
        """The XML file; several files come in one zip archive."""
        if len(self) == 1:
            return {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{self.attachment_id.id}?download=true",
                "target": "download",
            }
        return {
            "type": "ir.actions.act_url",
            "url": "/l10n_fr_accrochage/files.zip?ids="
            + ",".join(str(file_id) for file_id in self.ids),
            "target": "download",
        }

    def action_view_passages(self):
        self.ensure_one()
        return open_records_action(
            self.passage_ids, "l10n_fr_accrochage.action_accrochage_passage"
        )

    def _action_open(self):
        """The form of this file, or the list of these files."""
        return open_records_action(self, "l10n_fr_accrochage.action_accrochage_file")

    def action_mark_deposited(self):
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_file_deposit_wizard"
        )
        action["context"] = {"default_file_ids": self.ids}
        return action

    def action_import_report(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_report_import_wizard"
        )
        action["context"] = {"default_file_id": self.id}
        return action

    # Deposit ------------------------------------------------------------------

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _mark_deposited(self, deposit_date, by_report=False):
        """Record that the files were deposited on the portal of the CDC;
        ``by_report``: a processing report was imported on a file never
        marked deposited (the report proves the deposit)."""
        today = fields.Date.context_today(self)
        for file in self:
            if file.state != "generated":
                raise UserError(
                    self.env._(
                        "File %(file)s is “%(state)s”: only a generated file can be "
                        "marked as deposited.",
                        file=file.name,
                        state=file._state_label(),
                    )
                )
            generated_on = fields.Date.context_today(self, file.timestamp)
            if deposit_date > today or (file.timestamp and deposit_date < generated_on):
                raise UserError(
                    self.env._(
                        "File %(file)s: the deposit date %(date)s must be between its "
                        "generation (%(generated)s) and today.",
                        file=file.name,
                        date=format_date(self.env, deposit_date),
                        generated=format_date(self.env, generated_on),
                    )
                )
        self._internal_write(
            {
                "state": "deposited",
                "deposit_date": deposit_date,
                "deposit_user_id": self.env.uid,
            }
        )
        # The passages are now at the CDC, waiting for its report.
        for old_state, new_state in DEPOSITED_PASSAGE_STATES.items():
            self.passage_ids.filtered(
                lambda passage, state=old_state: passage.state == state
            ).write({"state": new_state})
        self.activity_unlink([DEPOSIT_ACTIVITY_TYPE])
        for file in self:
            if by_report:
                body = self.env._(
                    "Marked as deposited on %(date)s by the import of its "
                    "processing report: it had not been marked as deposited.",
                    date=format_date(self.env, deposit_date),
                )
            else:
                body = self.env._(
                    "Deposited at the Caisse des Dépôts on %(date)s by %(user)s.",
                    date=format_date(self.env, deposit_date),
                    user=self.env.user.name,
                )
            file.message_post(body=body)

    # Processing report: which file ----------------------------------------------

    @api.model
    def _find_for_report(self, report, checksum):
        """The file a parsed report belongs to: by idFlux, else by file name;
        an empty recordset when none."""
        files = self.browse()
        if report.flux_id:
            files = self.search([("flux_id", "=", report.flux_id)])
        if not files and report.file_name:
            files = self.search([("file_name", "=", report.file_name)])
        imported = files.filtered(
            lambda file: file._report_already_imported(report, checksum)
        )
        if imported:
            return imported[:1]
        if len(files) > 1:
            waiting = files.filtered(lambda f: f.state in AWAITING_REPORT_STATES)
            files = waiting if len(waiting) == 1 else files
        if len(files) > 1:
            raise UserError(
                self.env._(
                    "Several accrochage files match the processing report "
                    "(%(files)s): open the right file and import the report from "
                    "its “Import processing report” button.",
                    files=", ".join(files.mapped("name")),
                )
            )
        return files

    def _report_matches(self, report):
        """Whether a parsed report may belong to this file."""
        self.ensure_one()
        if report.flux_id:
            if report.flux_id == self.flux_id:
                return True
            if self.search_count([("flux_id", "=", report.flux_id)]):
                return False
            if not report.file_name:
                return False
        if report.file_name:
            return report.file_name == self.file_name
        return True

    def _report_already_imported(self, report, checksum):
        self.ensure_one()
        same_content = self.report_attachment_ids.filtered(
            lambda attachment: attachment.checksum == checksum
        )
        same_processing = report.processing_id and (
            self.processing_id == report.processing_id
        )
        return bool(same_content or same_processing)

    # Processing report: what it changes -----------------------------------------

    @api.model
    def _report_date_from_name(self, name):
        today = fields.Date.context_today(self)
        match = REPORT_DATE_PATTERN.search(name or "")
        if not match:
            return today
        try:
            return datetime.strptime(match.group(1), "%Y%m%d").date()
        except ValueError:
            return today

    def _import_report(self, report, content, report_name):
        """Apply a parsed report (``flux.Report``) of this file; ``content`` is
        the uploaded report, kept as an attachment of the file."""
        self.ensure_one()
        if self.state not in AWAITING_REPORT_STATES:
            raise UserError(
                self.env._(
                    "File %(file)s already has its processing report (idTraitement "
                    "%(processing)s, state “%(state)s”); this other report cannot be "
                    "applied to it.",
                    file=self.name,
                    processing=self.processing_id or "?",
                    state=self._state_label(),
                )
            )
        report_date = self._report_date_from_name(report_name)
        if self.state == "generated":
            generated_on = fields.Date.context_today(self, self.timestamp)
            today = fields.Date.context_today(self)
            self._mark_deposited(
                min(max(report_date, generated_on), today), by_report=True
            )
        attachment = self.env["ir.attachment"].create(
            {
                "name": report_name
                or self.env._(
                    "Processing report %(file)s.xml", file=self.file_name or self.name
                ),
                "raw": content,
                "mimetype": "application/xml",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self._internal_write(
            {
                "processing_id": report.processing_id or False,
                "report_date": report_date,
                "report_attachment_ids": [fields.Command.link(attachment.id)],
            }
        )
        if report.file_refused:
            body = self._apply_refusal(report)
        elif self.action == "SUPPRESSION":
            body = self._apply_withdrawal_results(report, report_date)
        else:
            body = self._apply_passage_results(report, report_date)
        self.message_post(body=body, attachment_ids=attachment.ids)

    def _apply_refusal(self, report):
        """The whole file was refused at the XSD stage: its passages go back to
        send, each error is located in the deposited file."""
        xml = self.attachment_id.raw or b""
        by_technical_id = {p.technical_id: p for p in self.passage_ids}
        lines = []
        wanted = [error.line for error in report.xsd_errors if error.line]
        locations = {}
        if xml and wanted:
            try:
                # One read of the deposited file for every error.
                locations = flux.locate_lines(xml, wanted)
            except flux.ReportError:
                locations = {}
        for error in report.xsd_errors:
            location = locations.get(error.line)
            passage = by_technical_id.get(location and location.technical_id)
            lines.append(
                {
                    "file_id": self.id,
                    "passage_id": passage.id if passage else False,
                    "technical_id": location.technical_id if location else False,
                    "kind": "xsd",
                    "category": "xsd",
                    "cdc_message": error.message or error.type or False,
                    "explanation": self.env._(
                        "The Caisse des Dépôts refused the whole file at its schema "
                        "check: correct this, then generate and deposit a new file."
                    ),
                    "line": error.line or 0,
                    "column": error.column or 0,
                    "field_label": (location and location.label) or False,
                }
            )
        self.env["accrochage.file.report.line"].create(lines)
        self._internal_write({"state": "refused"})
        if self.action == "SUPPRESSION":
            self.passage_ids.filtered(
                lambda p: p.state == "withdrawal_sent"
            )._accrochage_cancel_withdrawal(
                self.env._(
                    "The Caisse des Dépôts refused the whole withdrawal file "
                    "%(file)s (schema errors): the passage is still accepted.",
                    file=self.name,
                )
            )
            return self.env._(
                "Processing report %(processing)s: the Caisse des Dépôts refused "
                "the whole withdrawal file (%(count)s schema error(s)). Its "
                "passages are still accepted: withdraw them again once the "
                "errors are corrected.",
                processing=report.processing_id or "?",
                count=len(report.xsd_errors),
            )
        self.passage_ids.filtered(lambda p: p.state == "sent").write(
            {"state": "to_send"}
        )
        return self.env._(
            "Processing report %(processing)s: the Caisse des Dépôts refused the "
            "whole file (%(count)s schema error(s)). Its passages are back to "
            "send: correct them and generate a new file.",
            processing=report.processing_id or "?",
            count=len(report.xsd_errors),
        )

    def _apply_passage_results(self, report, report_date):
        lines, results, unknown_ids = self._result_lines(report)
        sent = self._passages_as_deposited(
            [result.technical_id for result in results.values() if not result.accepted]
        )
        updates = defaultdict(list)  # passage values -> passage ids
        for passage, result in results.items():
            explanation = result.explain(self.env.lang, sent.get(result.technical_id))
            lines.append(
                {
                    "file_id": self.id,
                    "passage_id": passage.id,
                    "technical_id": result.technical_id,
                    "kind": "passage",
                    "category": result.category,
                    "cdc_message": result.message or False,
                    "explanation": explanation,
                }
            )
            values = (
                "accepted" if result.accepted else "rejected",
                result.message or False,
                explanation,
            )
            updates[values].append(passage.id)
        self.env["accrochage.file.report.line"].create(lines)
        Passage = self.env["accrochage.passage"]
        for (state, message, explanation), passage_ids in updates.items():
            Passage.browse(passage_ids).write(
                {
                    "state": state,
                    "cdc_message": message,
                    "cdc_explanation": explanation,
                    "cdc_report_date": report_date,
                }
            )
        seen = self.env["accrochage.passage"].union(*results)
        not_mentioned = self.passage_ids - seen
        accepted = self.passage_ids.filtered(lambda p: p.state == "accepted")
        rejected = seen.filtered(lambda p: p.state == "rejected")
        self._internal_write(
            {
                "state": "processed"
                if accepted == self.passage_ids
                else "processed_errors"
            }
        )
        return self._report_summary(
            report, accepted & seen, rejected, unknown_ids, not_mentioned
        )

    def _passages_as_deposited(self, technical_ids):
        """``{technical ID: flux.Passage}`` as this file carried them: how each
        holder was identified tells what to check after a rejection."""
        if not technical_ids or not self.attachment_id:
            return {}
        try:
            read = flux.read_passages(
                self.attachment_id.raw or b"", technical_ids=technical_ids
            )
        except flux.FluxError:
            return {}  # the general advice then
        return {
            technical_id: passage for technical_id, (_t, _c, passage) in read.items()
        }

    def _internal_write(self, vals):
        """Write the fields only the deposit and the report import may write."""
        return self.with_context(accrochage_file_internal_write=True).write(vals)

    def _result_lines(self, report):
        """Split the results of ``report``: ``(lines, {passage: result},
        unknown technical IDs)``; ``lines`` are the values of the report lines
        of the passages unknown to the file."""
        by_technical_id = {p.technical_id: p for p in self.passage_ids}
        lines, results, unknown_ids = [], {}, []
        for result in report.passages:
            passage = by_technical_id.get(result.technical_id)
            if passage:
                results[passage] = result
                continue
            unknown_ids.append(result.technical_id)
            lines.append(
                {
                    "file_id": self.id,
                    "passage_id": False,
                    "technical_id": result.technical_id,
                    "kind": "passage",
                    "category": "unknown_passage",
                    "cdc_message": result.message or False,
                    "explanation": self.env._(
                        "The report gives a result for technical ID "
                        "%(technical_id)s, which is not in file %(file)s: check "
                        "that the report belongs to this file, or contact the "
                        "CDC support.",
                        technical_id=result.technical_id or "?",
                        file=self.name,
                    ),
                }
            )
        return lines, results, unknown_ids

    def _apply_withdrawal_results(self, report, report_date):
        """The report of a withdrawal (SUPPRESSION) file: OK, or already gone,
        withdraws the passage; KO leaves it accepted at the CDC."""
        lines, results, unknown_ids = self._result_lines(report)
        # (state after, CDC message) -> passage ids: one write per group.
        updates = defaultdict(list)
        refusal = self.env._(
            "The Caisse des Dépôts refused to withdraw this passage: it still "
            "holds its data and the passage stays accepted. Read its message, "
            "then withdraw or correct the passage again; if the refusal "
            "persists, contact the CDC support."
        )
        for passage, result in results.items():
            done = result.accepted or bool(
                ALREADY_WITHDRAWN_PATTERN.search(result.message or "")
            )
            lines.append(
                {
                    "file_id": self.id,
                    "passage_id": passage.id,
                    "technical_id": result.technical_id,
                    "kind": "passage",
                    "category": "withdrawn" if done else "withdrawal_refused",
                    "cdc_message": result.message or False,
                    "explanation": (
                        self.env._("Withdrawn from the Caisse des Dépôts.")
                        if done
                        else refusal
                    ),
                }
            )
            if passage.state == "withdrawal_sent":
                updates[done, result.message or False].append(passage.id)
        Passage = self.env["accrochage.passage"]
        withdrawn = refused = Passage
        for (done, message), passage_ids in updates.items():
            passages = Passage.browse(passage_ids)
            passages.write(
                {
                    **({"state": "withdrawn"} if done else {}),
                    "cdc_message": message,
                    "cdc_explanation": False if done else refusal,
                    "cdc_report_date": report_date,
                }
            )
            if done:
                withdrawn |= passages
            else:
                refused |= passages
        self.env["accrochage.file.report.line"].create(lines)
        refused._accrochage_cancel_withdrawal(
            self.env._(
                "The Caisse des Dépôts refused the withdrawal (file %(file)s): "
                "the passage is still accepted.",
                file=self.name,
            )
        )
        not_mentioned = self.passage_ids - withdrawn - refused
        all_withdrawn = self.passage_ids.filtered(lambda p: p.state == "withdrawn")
        self._internal_write(
            {
                "state": "processed"
                if all_withdrawn == self.passage_ids
                else "processed_errors"
            }
        )
        body = Markup("<p>%s</p>") % self.env._(
            "Processing report %(processing)s of the withdrawal file imported: "
            "%(withdrawn)s withdrawn, %(refused)s refused (still accepted), "
            "%(unknown)s unknown to the file.",
            processing=report.processing_id or "?",
            withdrawn=len(withdrawn),
            refused=len(refused),
            unknown=len(unknown_ids),
        )
        return body + self._summary_sections(
            [
                (
                    self.env._("Withdrawal refused (still accepted):"),
                    refused.mapped("display_name"),
                ),
                (
                    self.env._("Technical IDs of the report unknown to this file:"),
                    unknown_ids,
                ),
                (
                    self.env._(
                        "Passages of the file the report does not mention "
                        "(withdrawal still pending):"
                    ),
                    not_mentioned.mapped("display_name"),
                ),
            ]
        )

    @api.model
    def _summary_sections(self, sections):
        body = Markup("")
        for title, names in sections:
            if names:
                items = Markup("").join(
                    Markup("<li>%s</li>") % escape(name) for name in names
                )
                body += Markup("<p>%s</p><ul>%s</ul>") % (title, items)
        return body

    def _report_summary(self, report, accepted, rejected, unknown_ids, not_mentioned):
        body = Markup("<p>%s</p>") % self.env._(
            "Processing report %(processing)s imported: %(accepted)s accepted, "
            "%(rejected)s rejected, %(unknown)s unknown to the file.",
            processing=report.processing_id or "?",
            accepted=len(accepted),
            rejected=len(rejected),
            unknown=len(unknown_ids),
        )
        sections = [
            (
                self.env._("Rejected (correct them, they will be sent again):"),
                rejected.mapped("display_name"),
            ),
            (
                self.env._("Technical IDs of the report unknown to this file:"),
                unknown_ids,
            ),
            (
                self.env._(
                    "Passages of the file the report does not mention (still sent):"
                ),
                not_mentioned.mapped("display_name"),
            ),
        ]
        return body + self._summary_sections(sections)
