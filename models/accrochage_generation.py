# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The generation service: one run makes the accrochage files of a
certifier's selection, and does what follows them."""

import uuid
from collections import defaultdict
from datetime import datetime

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import flux
from . import flux_adapter
from .event_registration import NOT_ADMITTED_RESULTS
from .tools import open_records_action

MAX_PASSAGES_PARAM = "l10n_fr_accrochage.max_passages_per_file"
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
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
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
        branch = flux_adapter.identification_branch(passage, version)
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

    def _run(self):
        """Make the files, then what follows them: a creation file closes the
        monthly routine of the months it covers; a correction creates the new
        passages of the withdrawn ones. Nothing is written when a check fails.
        """
        self.ensure_one()
        if self.state != "draft":
            raise UserError(
                self.env._(
                    "Generation %(generation)s has already run.",
                    generation=self.display_name,
                )
            )
        files = self._generate_files()
        if self.action == "CREATION":
            self.certifier_id._accrochage_close_routine_activities(
                self.date_from, self.date_to
            )
        elif self.correction:
            withdrawn = files.passage_ids.filtered(
                lambda passage: not passage.correction_passage_id
            )
            self.correction_passage_ids = withdrawn._accrochage_create_corrections()
        self.state = "done"
        return files

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

    def _generate_files(self):
        """Build, check and record the files of the selected passages; put the
        passages in them."""
        self._check_can_generate()
        selected, _exclusions = self._select()
        passages = self._lock_passages(selected)
        if not passages:
            raise UserError(
                self.env._(
                    "No passage to send for certifier %(certifier)s over this period. "
                    "The excluded passages are listed with their reason.",
                    certifier=self.certifier_id.display_name,
                )
            )
        documents = self._build_checked_documents(passages)
        files = self.env["accrochage.file"]
        for part, (document, xml, part_passages) in enumerate(documents, start=1):
            files |= files._create_from_xml(
                self,
                document,
                xml,
                part_passages,
                part=part,
            )
        new_state = "withdrawal_in_file" if self.action == "SUPPRESSION" else "in_file"
        passages.write({"state": new_state})
        for file in files:
            file._post_on_certifications()
        return files

    def _lock_passages(self, passages):
        """Lock the passages so that two generations never put one passage in
        two files (a concurrent one skips them); keep those still sendable
        once locked."""
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

    def _flux_document(self, passages, sources=None):
        """The :class:`flux.Flux` of ``passages``; for a withdrawal, ``sources``
        are the :meth:`_withdrawal_sources` (read when not given)."""
        certifier = self.certifier_id
        if self.action != "SUPPRESSION":
            return flux_adapter.flux_document(certifier, passages)
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
                holder = flux_adapter.holder_identification(passage, version)
            groups[(certification_type, code)].append(
                flux.Passage(technical_id=passage.technical_id, holder=holder)
            )
        document = flux_adapter.flux_document(
            certifier, passages.browse(), action="SUPPRESSION"
        )
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

    def _build_checked_documents(self, passages):
        """Build and check every file before writing anything.

        Returns ``[(flux document, XML bytes, passages)]``; raises a UserError
        naming each holder and field on the first problem found.
        """
        document = self._flux_document(passages)
        version = document.version
        try:
            problems = errors_only(flux.check_flux(document))
            if problems:
                raise UserError(self._problems_message(problems))
            documents = []
            by_technical_id = {passage.technical_id: passage for passage in passages}
            for part in flux.split_flux(
                document, max_passages=self._max_passages_per_file()
            ):
                part.flux_id = str(uuid.uuid4())
                xml = flux.build_flux(part)
                problems = errors_only(flux.check_xml(xml, version))
                if problems:
                    raise UserError(self._problems_message(problems))
                part_passages = self.env["accrochage.passage"].union(
                    *(by_technical_id[p.technical_id] for _c, p in part.iter_passages())
                )
                documents.append((part, xml, part_passages))
        except flux.FluxError as error:
            raise UserError(error.render(self.env.lang)) from error
        return documents

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

    def _action_after_run(self):
        """Where the user goes once the files are made: the files, to download
        and deposit (for a correction, the withdrawal file comes first: its
        new passages wait for it)."""
        self.ensure_one()
        return self.file_ids._action_open()

    def _notify_files(self):
        """A notification naming the files made."""
        self.ensure_one()
        return {
            "type": "success",
            "title": self.env._("Accrochage files generated"),
            "message": self.env._(
                "%(files)s: %(count)s passage(s).",
                files=", ".join(self.file_ids.mapped("file_name")),
                count=sum(self.file_ids.mapped("passage_count")),
            ),
        }

    def action_view_files(self):
        self.ensure_one()
        return open_records_action(
            self.file_ids, "l10n_fr_accrochage.action_accrochage_file"
        )

    def _post_summary(self):
        self.ensure_one()
        self.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(count)s file(s) generated: %(files)s.",
                count=len(self.file_ids),
                files=", ".join(self.file_ids.mapped("name")),
            )
        )
