# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The generation service: one run makes the accrochage files of a
certifier's selection, and does what follows them."""

import logging
import os
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import psycopg2.errors
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from .. import flux
from . import flux_adapter
from .accrochage_passage import STATE_READINESS
from .event_registration import NOT_ADMITTED_RESULTS
from .tools import open_records_action

_logger = logging.getLogger(__name__)

MAX_PASSAGES_PARAM = "l10n_fr_accrochage.max_passages_per_file"
# Above this many passages, a generation runs in the background job.
BACKGROUND_THRESHOLD_PARAM = "l10n_fr_accrochage.background_threshold"
BACKGROUND_THRESHOLD_DEFAULT = 5000
GENERATION_CRON = "l10n_fr_accrochage.ir_cron_accrochage_generation"
# Passages are read from the database, checked and written by batches of this
# many (the memory of one batch only).
ROW_BATCH = 2000
# Report lines saying that the CDC holds the passage as sent in their file.
ACCEPTED_CATEGORIES = ("accepted", "already_accepted")
PROCESSED_FILE_STATES = ("processed", "processed_errors")
# The preview lists at most this many passages left out (their count is
# always exact): a first catch-up may leave thousands of holders to complete,
# the passage list filtered on their readiness shows them all.
MAX_EXCLUSION_LINES = 2000
# Problems to fix first, then what to wait for, then information.
EXCLUSION_KINDS = [
    ("to_complete", "To complete"),
    ("not_reportable", "Not reportable"),
    ("waiting", "Waiting"),
    ("information", "Information"),
]
EXCLUSION_KIND_ORDER = {
    kind: rank for rank, (kind, _label) in enumerate(EXCLUSION_KINDS)
}
READINESS_EXCLUSION_KIND = {
    "to_complete": "to_complete",
    "not_reportable": "not_reportable",
    "waiting": "waiting",
}


def errors_only(problems):
    """Warnings (late passage, extra spaces...) never block a file."""
    return [problem for problem in problems if problem.severity == "error"]


class AccrochageGeneration(models.Model):
    """One generation of accrochage files: the selection it covers, the files
    it made, what happened."""

    _name = "accrochage.generation"
    _description = "Accrochage Generation"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    certifier_id = fields.Many2one(
        "accrochage.certifier",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="certifier_id.company_id", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Requested by",
        default=lambda self: self.env.user,
        readonly=True,
    )
    action = fields.Selection(
        flux.selection("action"), required=True, default="CREATION", readonly=True
    )
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    include_earlier = fields.Boolean(
        string="Include earlier passages never sent", default=True, readonly=True
    )
    certification_ids = fields.Many2many(
        "accrochage.certification",
        "accrochage_generation_certification_rel",
        "generation_id",
        "certification_id",
        string="Certifications",
        readonly=True,
    )
    passage_ids = fields.Many2many(
        "accrochage.passage",
        "accrochage_generation_passage_rel",
        "generation_id",
        "passage_id",
        string="Passages to withdraw",
        readonly=True,
    )
    correction = fields.Boolean(
        readonly=True,
        help="After the withdrawal file, a new passage to send is created for "
        "each withdrawn passage, with a new technical ID, to correct its data.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    total_count = fields.Integer(
        string="Passages", readonly=True, help="Passages to put in files."
    )
    done_count = fields.Integer(
        string="Passages Done", readonly=True, help="Passages already in a file."
    )
    progress = fields.Float(compute="_compute_progress", help="Percentage done.")
    date_start = fields.Datetime(string="Started on", readonly=True)
    date_end = fields.Datetime(string="Ended on", readonly=True)
    refused_passage_ids = fields.Many2many(
        "accrochage.passage",
        "accrochage_generation_refused_rel",
        "generation_id",
        "passage_id",
        string="Left Out While Generating",
        readonly=True,
        help="Passages the checker refused while their file was being made (their "
        "data changed since the selection): their readiness says why.",
    )
    file_ids = fields.One2many(
        "accrochage.file", "generation_id", string="Files", readonly=True
    )
    correction_passage_ids = fields.Many2many(
        "accrochage.passage",
        "accrochage_generation_correction_rel",
        "generation_id",
        "passage_id",
        string="Corrections",
        readonly=True,
    )
    error = fields.Text(readonly=True)

    @api.depends("total_count", "done_count", "state")
    def _compute_progress(self):
        for generation in self:
            if generation.state == "done":
                generation.progress = 100
            elif generation.total_count:
                generation.progress = min(
                    100, 100 * generation.done_count / generation.total_count
                )
            else:
                generation.progress = 0

    @api.depends("action", "date_from", "date_to", "certifier_id")
    def _compute_name(self):
        for generation in self:
            certifier = generation.certifier_id.display_name or ""
            if generation.action == "SUPPRESSION":
                generation.name = self.env._(
                    "Withdrawal, %(certifier)s", certifier=certifier
                )
            else:
                generation.name = self.env._(
                    "%(date_from)s to %(date_to)s, %(certifier)s",
                    date_from=generation.date_from or "",
                    date_to=generation.date_to or "",
                    certifier=certifier,
                )

    # Selection ------------------------------------------------------------------

    def _candidate_domain(self):
        """The passages of the period (and the earlier ones never sent) of the
        certifier's company, whatever their readiness."""
        self.ensure_one()
        domain = [("company_id", "=", self.certifier_id.company_id.id)]
        if self.certification_ids:
            domain.append(
                ("certification_id", "in", self.certification_ids._origin.ids)
            )
        in_period = [
            "&",
            ("issue_date", ">=", self.date_from),
            ("issue_date", "<=", self.date_to),
        ]
        if self.include_earlier:
            earlier = [
                "&",
                ("issue_date", "<", self.date_from),
                ("state", "=", "to_send"),
            ]
            return [*domain, "|", *in_period, *earlier]
        return domain + in_period

    def _eligible_domain(self):
        """The passages of the selection that go in the file: the ready ones."""
        return [
            *self._candidate_domain(),
            ("certifier_id", "=", self.certifier_id.id),
            ("readiness", "=", "ready"),
        ]

    def _select(self):
        """The passages to send, and the ones left out with their reasons.

        Returns ``(passages, [values of accrochage.generate.wizard.exclusion])``;
        the reasons of a creation are the passages' readiness, so that the
        preview and the passages never disagree.
        """
        self.ensure_one()
        Passage = self.env["accrochage.passage"]
        if not self.certifier_id:
            return Passage, []
        if self.action == "SUPPRESSION":
            return self._select_withdrawals()
        if not self.date_from or not self.date_to:
            return Passage, []
        eligible = Passage.search(self._eligible_domain(), order="issue_date, id")
        left_out = Passage.search(
            [
                *self._candidate_domain(),
                "|",
                ("certifier_id", "!=", self.certifier_id.id),
                ("readiness", "!=", "ready"),
            ],
            order="issue_date, id",
            limit=MAX_EXCLUSION_LINES,
        )
        exclusions = [self._exclusion(passage) for passage in left_out]
        exclusions.extend(self._not_admitted_exclusions())
        exclusions.sort(key=lambda values: EXCLUSION_KIND_ORDER[values["kind"]])
        for sequence, values in enumerate(exclusions):
            values["sequence"] = sequence
        return eligible, exclusions

    def _exclusion(self, passage, reason=None, kind=None):
        """The values of the line saying why ``passage`` is left out; by default
        its readiness says why, or where it stands."""
        if reason is None:
            if passage.certifier_id != self.certifier_id:
                kind = "information"
                reason = self.env._(
                    "Belongs to another certifier (%(certifier)s).",
                    certifier=passage.certifier_id.display_name,
                )
            elif passage.readiness in READINESS_EXCLUSION_KIND:
                kind = READINESS_EXCLUSION_KIND[passage.readiness]
                reason = passage.readiness_message
            else:
                kind = "information"
                reason = passage._accrochage_standing_text()
        return {
            "passage_id": passage.id,
            "partner_id": passage.partner_id.id,
            "certification_id": passage.certification_id.id,
            "reason_id": passage.readiness_reason_ids[:1].id,
            "kind": kind or "to_complete",
            "reason": reason,
        }

    def _not_admitted_exclusions(self):
        """Candidates of the period's exam sessions who were not admitted."""
        domain = [
            (
                "event_id.accrochage_certification_id.certifier_id",
                "=",
                self.certifier_id.id,
            ),
            ("accrochage_exam_result", "in", NOT_ADMITTED_RESULTS),
            ("event_id.accrochage_exam_end_date", ">=", self.date_from),
            ("event_id.accrochage_exam_end_date", "<=", self.date_to),
        ]
        if self.certification_ids:
            domain.append(
                (
                    "event_id.accrochage_certification_id",
                    "in",
                    self.certification_ids._origin.ids,
                )
            )
        registrations = self.env["event.registration"].search(domain)
        result_labels = dict(
            registrations._fields["accrochage_exam_result"]._description_selection(
                self.env
            )
        )
        return [
            {
                "registration_id": registration.id,
                "partner_id": registration.accrochage_partner_id.id,
                "certification_id": registration.accrochage_certification_id.id,
                "kind": "information",
                "reason": self.env._(
                    "Not admitted (result: %(result)s): only admitted candidates "
                    "are reported.",
                    result=result_labels.get(registration.accrochage_exam_result),
                ),
            }
            for registration in registrations
        ]

    def _select_withdrawals(self):
        """The passages to withdraw, identified as the CDC accepted them (see
        :meth:`_withdrawal_sources`), and the excluded ones with their reasons."""
        Passage = self.env["accrochage.passage"]
        eligible, exclusions = Passage, []
        to_withdraw = self.passage_ids._origin
        certifier = self.certifier_id._origin
        withdrawable = to_withdraw.filtered(
            lambda p: p.certifier_id == certifier and p.state == "accepted"
        )
        sources, unreadable = self._withdrawal_sources(withdrawable)
        version = certifier.schema_version
        for passage in to_withdraw:
            reason = ""
            if passage.certifier_id != certifier:
                exclusions.append(self._exclusion(passage))
                continue
            if passage.state != "accepted":
                reason = self.env._(
                    "Only a passage accepted by the Caisse des Dépôts can be withdrawn."
                )
            elif passage.id in unreadable:
                reason = unreadable[passage.id]
            elif passage.id not in sources:
                reason = self._withdrawal_identity_reason(passage, version)
            if reason:
                exclusions.append(self._exclusion(passage, reason, "to_complete"))
            else:
                eligible |= passage
        refused = self._refused_by_checker(eligible, sources)
        for passage, reason in refused.items():
            exclusions.append(self._exclusion(passage, reason, "to_complete"))
            eligible -= passage
        return eligible, exclusions

    def _withdrawal_identity_reason(self, passage, version):
        """No file tells what the CDC accepted (e.g. a passage recorded as
        accepted by hand): the withdrawal uses the current data, when complete."""
        branch = flux_adapter.identification_branch(
            flux_adapter.passage_row(passage), version
        )
        missing = passage.partner_id.sudo()._accrochage_identity_entries(branch)
        if not missing:
            return ""
        return self.env._(
            "No processed file shows how the Caisse des Dépôts accepted this "
            "passage, and the holder's current identity is incomplete: the "
            "withdrawal cannot identify the holder.\n%(reasons)s",
            reasons="\n".join(
                passage._accrochage_reason_text(code, params)
                for code, params in missing
            ),
        )

    def _refused_by_checker(self, passages, sources=None):
        """``{passage: reason}`` of the passages whose flux the checker refuses,
        so that they are left out with the checker's message instead of
        blocking the whole file."""
        if not passages:
            return {}
        try:
            document = self._flux_document(passages, sources=sources)
            problems = errors_only(flux.check_flux(document))
        except flux.FluxError:
            return {}  # reported with its message by the generation itself
        reasons = defaultdict(list)
        for problem in problems:
            if problem.technical_id:
                reasons[problem.technical_id].append(
                    flux_adapter.render_problem(
                        flux_adapter.problem_params(problem), self.env.lang
                    )
                )
        return {
            passage: "\n".join(reasons[passage.technical_id])
            for passage in passages
            if passage.technical_id in reasons
        }

    def _withdrawal_sources(self, passages):
        """What the CDC accepted for each passage, read from the last processed
        CREATION file that it accepted: the CDC matches a withdrawal on the
        technical ID and the identification it holds, not on today's data.

        Returns ``({passage id: (certification type, certification code,
        flux.Passage)}, {passage id: reason why its file cannot be read})``;
        passages without such a file are in neither. Each file is read once.
        """
        if not passages:
            return {}, {}
        lines = self.env["accrochage.file.report.line"].search(
            [
                ("passage_id", "in", passages.ids),
                ("category", "in", ACCEPTED_CATEGORIES),
                ("file_id.action", "=", "CREATION"),
                ("file_id.state", "in", PROCESSED_FILE_STATES),
            ]
        )
        best = {}  # passage -> (rank, file)
        for line in lines:
            file = line.file_id
            # Accepted in that file first, then "already accepted"; the latest.
            rank = (
                line.category == "accepted",
                file.timestamp or datetime.min,
                file.id,
            )
            if line.passage_id not in best or rank > best[line.passage_id][0]:
                best[line.passage_id] = (rank, file)
        by_file = defaultdict(lambda: self.env["accrochage.passage"])
        for passage, (_rank, file) in best.items():
            by_file[file] |= passage
        sources, unreadable = {}, {}
        for file, file_passages in by_file.items():
            try:
                read = flux.read_passages(
                    file.attachment_id.raw or b"",
                    technical_ids=file_passages.mapped("technical_id"),
                )
            except flux.FluxError as error:
                for passage in file_passages:
                    unreadable[passage.id] = self.env._(
                        "File %(file)s, accepted by the Caisse des Dépôts, cannot "
                        "be read (%(error)s): the withdrawal cannot identify the "
                        "passage as the Caisse des Dépôts knows it.",
                        file=file.name,
                        error=error.render(self.env.lang),
                    )
                continue
            for passage in file_passages:
                if passage.technical_id in read:
                    sources[passage.id] = read[passage.technical_id]
        return sources, unreadable

    # Run ------------------------------------------------------------------------

    def _start(self):
        """Generate now, or queue the run for the background job when it is
        large: a generation of thousands of passages takes longer than a
        request should. Returns the action to show."""
        self.ensure_one()
        self._check_can_generate()
        count = self._eligible_count()
        if self.action == "CREATION" and count > self._background_threshold():
            self._queue(count)
            return self._action_open()
        self.total_count = count
        self._run()
        return self._action_after_run()

    def _eligible_count(self):
        if self.action == "SUPPRESSION":
            return len(self._select()[0])
        return self.env["accrochage.passage"].search_count(self._eligible_domain())

    def _background_threshold(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(BACKGROUND_THRESHOLD_PARAM, BACKGROUND_THRESHOLD_DEFAULT)
        )
        try:
            return int(value)
        except ValueError:
            return BACKGROUND_THRESHOLD_DEFAULT

    def _queue(self, count):
        """Hand the run to the background job (Odoo's cron, woken now)."""
        self.write({"state": "queued", "total_count": count, "error": False})
        self.env.ref(GENERATION_CRON)._trigger()

    def _run(self):
        """Make every file now, in this transaction, then what follows them.
        Nothing is written when a check fails."""
        self.ensure_one()
        if self.state not in ("draft", "queued", "running"):
            raise UserError(
                self.env._(
                    "Generation %(generation)s has already run.",
                    generation=self.display_name,
                )
            )
        self._check_can_generate()
        if self.state == "draft":
            self.write({"state": "running", "date_start": fields.Datetime.now()})
        try:
            # A file that fails its check undoes the files made before it.
            with self.env.cr.savepoint():
                while self._generate_part():
                    pass
        except Exception:
            self.env.invalidate_all()
            raise
        if not self.file_ids:
            raise UserError(
                self.env._(
                    "No passage to send for certifier %(certifier)s over this period. "
                    "The excluded passages are listed with their reason.",
                    certifier=self.certifier_id.display_name,
                )
            )
        self._finish()
        return self.file_ids

    def _finish(self):
        """What follows the files: a creation closes the monthly routine of the
        months it covers; a correction creates the new passages of the
        withdrawn ones. The requester is told."""
        if self.action == "CREATION":
            self.certifier_id._accrochage_close_routine_activities(
                self.date_from, self.date_to
            )
        elif self.correction:
            withdrawn = self.file_ids.passage_ids.filtered(
                lambda passage: not passage.correction_passage_id
            )
            self.correction_passage_ids = withdrawn._accrochage_create_corrections()
        self.write({"state": "done", "date_end": fields.Datetime.now()})
        self._notify_requester()

    def _check_can_generate(self):
        if self.action == "SUPPRESSION" and not flux.supports(
            self.certifier_id.schema_version, "withdrawal"
        ):
            raise UserError(
                self.env._(
                    "Withdrawals need the CDC schema %(needed)s; certifier "
                    "%(certifier)s targets %(version)s. Change its schema version "
                    "first.",
                    needed=", ".join(flux.versions_supporting("withdrawal")),
                    certifier=self.certifier_id.display_name,
                    version=self.certifier_id.schema_version,
                )
            )

    # One file --------------------------------------------------------------------

    def _generate_part(self):
        """Make the next file of the run (up to the passages and bytes one file
        takes), put its passages in it; the file, or None when nothing is
        left. Two runs never take the same passage: each one locks the
        passages it writes, and skips those another one holds."""
        if self.action == "SUPPRESSION":
            return self._generate_withdrawal_part()
        limit = self._max_passages_per_file()
        passage_ids = self._lock_eligible(limit)
        if not passage_ids:
            return None
        certifier = self.certifier_id
        version = certifier.schema_version
        with tempfile.TemporaryDirectory(prefix="accrochage-") as folder:
            path = os.path.join(folder, "flux.xml")
            with open(path, "wb") as stream:
                writer, written, refused = self._write_passages(
                    stream, passage_ids, limit
                )
            if refused:
                self._refuse_passages(refused)
            if not written:
                return self.env["accrochage.file"] if refused else None
            # The independent check of what was written runs in a thread (lxml
            # and the database release the interpreter: both cores work) while
            # the file is recorded; nothing is committed before it is done.
            with ThreadPoolExecutor(max_workers=1) as executor:
                checking = executor.submit(flux.check_xml, path, version)
                file = self.env["accrochage.file"]._create_from_path(
                    self, writer, path, written, part=len(self.file_ids) + 1
                )
                self._put_in_file(written, "in_file")
                file._post_on_certifications()
                self._check_written(checking)
        self.done_count += len(written)
        return file

    def _lock_eligible(self, limit):
        """The ids of the next ``limit`` eligible passages, locked for this
        transaction, in the file's order (by certification, then date of
        issue); the ones another generation holds are skipped."""
        Passage = self.env["accrochage.passage"]
        domain = self._eligible_domain()
        if self.refused_passage_ids:
            domain.append(("id", "not in", self.refused_passage_ids.ids))
        query = Passage._search(domain, order="certification_id, issue_date, id")
        query.limit = limit
        # What the ORM holds must be in the database the query reads.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "%s FOR NO KEY UPDATE OF %s SKIP LOCKED",
                query.select(SQL.identifier(Passage._table, "id")),
                SQL.identifier(Passage._table),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if not ids and Passage.search_count(domain, limit=1):
            # Everything left is being put in a file by another generation.
            raise UserError(
                self.env._(
                    "Another accrochage file is being generated with these passages. "
                    "Wait a moment, then try again."
                )
            )
        return ids

    def _write_passages(self, stream, passage_ids, limit):
        """Check each passage and write it into ``stream`` (one flux file), by
        batches read straight from the database: memory stays flat. Returns
        ``(writer, written ids, {refused id: problems})``; the passages past
        the file's size are left for the next file."""
        certifier = self.certifier_id
        version = certifier.schema_version
        writer = flux.FluxWriter(
            stream,
            certifier.sender_client_number,
            certifier.certifier_client_number,
            certifier.contract_number,
            version,
            "CREATION",
            timestamp=fields.Datetime.now().replace(tzinfo=UTC),
            max_passages=limit,
        )
        checker = flux.FluxChecker(version, "CREATION")
        self._raise_on_errors(
            checker.check_envelope(
                certifier.sender_client_number,
                certifier.certifier_client_number,
                certifier.contract_number,
                writer.flux_id,
            )
        )
        written, refused, cache = [], {}, {}
        certifications = {}
        full = False
        for batch in split_every(ROW_BATCH, passage_ids):
            for row in flux_adapter.passage_rows(self.env, batch, cache):
                certification = certifications.get(row.certification_id)
                if certification is None:
                    certification = flux_adapter.flux_certification(
                        row, certifier.depositor_nature
                    )
                    certifications[row.certification_id] = certification
                    self._raise_on_errors(checker.check_certification(certification))
                passage = flux_adapter.passage_to_flux(row, version)
                problems = errors_only(checker.check_passage(passage))
                if problems:
                    refused[row.id] = problems
                    continue
                if not writer.add(certification, passage):
                    full = True
                    break
                written.append(row.id)
            if full:
                break
        if written:
            self._raise_on_errors(checker.finish())
            writer.close()
        return writer, written, refused

    def _raise_on_errors(self, problems):
        errors = errors_only(problems)
        if errors:
            raise UserError(self._problems_message(errors))

    def _check_written(self, checking):
        """The outcome of the independent check of what was written (the future
        of :func:`flux.check_xml`: the file read again, streamed, against the
        schema and every business rule)."""
        try:
            self._raise_on_errors(checking.result())
        except flux.FluxError as error:
            raise UserError(error.render(self.env.lang)) from error

    def _refuse_passages(self, refused):
        """Passages the checker refuses at the last moment (what they depend on
        changed): left out of this run, their readiness computed again."""
        passages = self.env["accrochage.passage"].browse(list(refused))
        self.refused_passage_ids = [fields.Command.link(pid) for pid in refused]
        passages._accrochage_recompute_readiness()

    def _put_in_file(self, passage_ids, state):
        """The passages of a file just made: in it, to deposit. By SQL, for up
        to 200,000 passages (their readiness follows their state)."""
        Passage = self.env["accrochage.passage"]
        self.env.cr.execute(
            """
            UPDATE accrochage_passage
               SET state = %s, readiness = %s, readiness_details = NULL,
                   write_date = NOW() AT TIME ZONE 'UTC'
             WHERE id = ANY(%s)
            """,
            [state, STATE_READINESS[state], list(passage_ids)],
        )
        self.env.cr.execute(
            "DELETE FROM accrochage_passage_readiness_reason_rel "
            "WHERE passage_id = ANY(%s)",
            [list(passage_ids)],
        )
        Passage.invalidate_model(
            ["state", "readiness", "readiness_details", "readiness_reason_ids"]
        )

    def _generate_withdrawal_part(self):
        """The withdrawal file of the passages to withdraw (one file: a
        withdrawal is a handful of passages)."""
        if self.file_ids:
            return None
        selected = self._select()[0]
        passages = self._lock_passages(selected)
        if not passages:
            return None
        sources = self._withdrawal_sources(passages)[0]
        document = self._flux_document(passages, sources=sources)
        self._raise_on_errors(flux.check_flux(document))
        certifier = self.certifier_id
        with tempfile.TemporaryDirectory(prefix="accrochage-") as folder:
            path = os.path.join(folder, "flux.xml")
            try:
                with open(path, "wb") as stream:
                    writer = flux.FluxWriter(
                        stream,
                        certifier.sender_client_number,
                        certifier.certifier_client_number,
                        certifier.contract_number,
                        document.version,
                        "SUPPRESSION",
                        timestamp=fields.Datetime.now().replace(tzinfo=UTC),
                        max_passages=None,
                    )
                    for certification, passage in document.iter_passages():
                        writer.add(certification, passage)
                    writer.close()
            except flux.FluxError as error:
                raise UserError(error.render(self.env.lang)) from error
            with ThreadPoolExecutor(max_workers=1) as executor:
                self._check_written(
                    executor.submit(flux.check_xml, path, document.version)
                )
            file = self.env["accrochage.file"]._create_from_path(
                self, writer, path, passages.ids, part=1
            )
        passages.write({"state": "withdrawal_in_file"})
        file._post_on_certifications()
        self.done_count += len(passages)
        return file

    def _lock_passages(self, passages):
        """Lock ``passages`` so that two generations never put one passage in
        two files; keep those still sendable once locked."""
        if not passages:
            return passages
        self.env.cr.execute(
            "SELECT id FROM accrochage_passage WHERE id IN %s "
            "FOR NO KEY UPDATE SKIP LOCKED",
            [tuple(passages.ids)],
        )
        locked = passages.browse([row[0] for row in self.env.cr.fetchall()])
        if not locked:
            raise UserError(
                self.env._(
                    "Another accrochage file is being generated with these passages. "
                    "Wait a moment, then try again."
                )
            )
        locked.invalidate_recordset(["state"])
        sendable = ("accepted",) if self.action == "SUPPRESSION" else ("to_send",)
        return locked.filtered(lambda passage: passage.state in sendable)

    # Background job ------------------------------------------------------------

    @api.model
    def _cron_process_generations(self):
        """One file of the oldest generation waiting, per call: Odoo's cron
        calls again while some remain, and commits after each call, so that a
        file is either wholly made (its passages in it) or not at all."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT id FROM accrochage_generation
             WHERE state IN ('queued', 'running')
             ORDER BY id
             LIMIT 1
             FOR NO KEY UPDATE SKIP LOCKED
            """
        )
        row = self.env.cr.fetchone()
        if not row:
            return
        run = self.browse(row[0])
        # The requester's rights and companies, not the cron's.
        run = (
            run.with_user(run.user_id)
            .with_company(run.company_id)
            .with_context(lang=run.user_id.lang)
        )
        remaining = run._process_one_part()
        self.env["ir.cron"]._notify_progress(done=run.done_count, remaining=remaining)

    def _process_one_part(self):
        """Make the next file of this queued run; returns how many passages
        remain (0 once the run is over, done or failed)."""
        self.ensure_one()
        if self.state == "queued":
            self.write({"state": "running", "date_start": fields.Datetime.now()})
        try:
            with self.env.cr.savepoint():
                file = self._generate_part()
                if file is None:
                    if not self.file_ids:
                        raise UserError(
                            self.env._(
                                "No passage to send for certifier %(certifier)s "
                                "over this period.",
                                certifier=self.certifier_id.display_name,
                            )
                        )
                    self._finish()
                    return 0
        except Exception as error:  # any failure ends the run cleanly
            # What the savepoint undid may still be in the cache.
            self.env.invalidate_all()
            self._fail(error)
            return 0
        remaining = self._remaining_count()
        if not remaining:
            self._finish()
        return remaining

    def _remaining_count(self):
        """Passages still to put in a file of this run."""
        domain = self._eligible_domain()
        if self.refused_passage_ids:
            domain.append(("id", "not in", self.refused_passage_ids.ids))
        return self.env["accrochage.passage"].search_count(domain)

    def _fail(self, error):
        """The file being made is dropped (its savepoint rolled back): the run
        says why and can be restarted; the files already made stay."""
        message = error.args[0] if isinstance(error, UserError) else repr(error)
        if not isinstance(error, UserError):
            _logger.exception("Accrochage generation %s failed", self.id)
        self.write(
            {"state": "failed", "error": message, "date_end": fields.Datetime.now()}
        )
        self._notify_requester()

    def action_restart(self):
        """Queue a failed (or interrupted) run again: the files already made
        stay, the rest is made."""
        for run in self:
            if run.state not in ("failed", "running", "queued"):
                continue
            try:
                with self.env.cr.savepoint():
                    self.env.cr.execute(
                        "SELECT id FROM accrochage_generation WHERE id = %s "
                        "FOR NO KEY UPDATE NOWAIT",
                        [run.id],
                    )
            except psycopg2.errors.LockNotAvailable as error:
                raise UserError(
                    self.env._(
                        "Generation %(generation)s is being processed right now.",
                        generation=run.display_name,
                    )
                ) from error
            run.write({"state": "queued", "error": False})
        self.env.ref(GENERATION_CRON)._trigger()
        return True

    def action_process_now(self):
        """Make the next file of a queued run in this request, without waiting
        for the background job."""
        self.ensure_one()
        self._process_one_part()
        return self._action_open()

    def _notify_requester(self):
        """A notification in the requester's browser, and a message in the
        run's chatter that reaches their inbox."""
        user = self.user_id
        if self.state == "done":
            title = self.env._("Accrochage files generated")
            message = self.env._(
                "%(files)s: %(count)s passage(s).",
                files=", ".join(self.file_ids.mapped("file_name")),
                count=self.done_count,
            )
            kind = "success"
        else:
            title = self.env._("Accrochage generation failed")
            message = self.error or ""
            kind = "danger"
        user._bus_send(
            "simple_notification",
            {"type": kind, "title": title, "message": message, "sticky": True},
        )
        self.message_post(
            body=Markup("<p>%s</p><p>%s</p>") % (title, message),
            partner_ids=user.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )

    # Pieces of a file --------------------------------------------------------------

    def _flux_document(self, passages, sources=None):
        """The :class:`flux.Flux` of ``passages``; for a withdrawal, ``sources``
        are the :meth:`_withdrawal_sources` (read when not given)."""
        certifier = self.certifier_id
        if self.action != "SUPPRESSION":
            return flux_adapter.flux_document(
                certifier, [flux_adapter.passage_row(passage) for passage in passages]
            )
        if sources is None:
            sources = self._withdrawal_sources(passages)[0]
        version = certifier.schema_version
        groups = defaultdict(list)
        for passage in passages:
            source = sources.get(passage.id)
            if source:
                certification_type, code, accepted = source
                holder = accepted.holder
            else:
                certification = passage.certification_id
                certification_type = certification.certification_type
                code = certification.code
                holder = flux_adapter.holder_identification(
                    flux_adapter.passage_row(passage), version
                )
            groups[(certification_type, code)].append(
                flux.Passage(technical_id=passage.technical_id, holder=holder)
            )
        document = flux_adapter.flux_document(certifier, [], action="SUPPRESSION")
        document.certifier.certifications = [
            flux.Certification(
                type=certification_type,
                code=code,
                depositor_nature=certifier.depositor_nature,
                passages=group,
            )
            for (certification_type, code), group in sorted(
                groups.items(), key=lambda item: (item[0][1] or "", item[0][0] or "")
            )
        ]
        return document

    def _max_passages_per_file(self):
        """The configured limit, never above the CDC's own."""
        value = self.env["ir.config_parameter"].sudo().get_param(MAX_PASSAGES_PARAM, "")
        try:
            limit = int(value)
        except ValueError:
            limit = 0
        if limit <= 0:
            return flux.MAX_PASSAGES_PER_FILE
        return min(limit, flux.MAX_PASSAGES_PER_FILE)

    def _problems_message(self, problems):
        lines = [
            self.env._(
                "The accrochage file was not generated: correct these problems "
                "first (nothing has been written)."
            )
        ]
        for problem in problems:
            subject = " ".join(
                filter(
                    None,
                    [
                        problem.holder,
                        f"({problem.technical_id})" if problem.technical_id else "",
                    ],
                )
            )
            message = flux_adapter.render_problem(
                flux_adapter.problem_params(problem), self.env.lang
            )
            lines.append(f"- {subject or self.env._('File')}: {message}")
        return "\n".join(lines)

    # Actions --------------------------------------------------------------------

    def _action_open(self):
        return open_records_action(
            self, "l10n_fr_accrochage.action_accrochage_generation"
        )

    def _action_after_run(self):
        """Where the user goes once the files are made: the files, to download
        and deposit (for a correction, the withdrawal file comes first: its
        new passages wait for it)."""
        self.ensure_one()
        return self.file_ids._action_open()

    def action_view_files(self):
        self.ensure_one()
        return open_records_action(
            self.file_ids, "l10n_fr_accrochage.action_accrochage_file"
        )
