# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import uuid
from collections import defaultdict
from datetime import datetime

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.models import PREFETCH_MAX
from odoo.tools import split_every

from .. import flux
from ..models import flux_adapter
from ..models.accrochage_certifier import previous_month
from ..models.event_registration import NOT_ADMITTED_RESULTS

MAX_PASSAGES_PARAM = "l10n_fr_accrochage.max_passages_per_file"
# Report lines saying that the CDC holds the passage as sent in their file.
ACCEPTED_CATEGORIES = ("accepted", "already_accepted")
PROCESSED_FILE_STATES = ("processed", "processed_errors")


def errors_only(problems):
    """Warnings (late passage, extra spaces...) never block a file."""
    return [problem for problem in problems if problem.severity == "error"]


def exclusion(passage, reason):
    """Values of an accrochage.generate.wizard.exclusion line."""
    return {
        "passage_id": passage.id,
        "partner_id": passage.partner_id.id,
        "certification_id": passage.certification_id.id,
        "reason": reason,
    }


def describe_problem(problem):
    """A checker problem as shown to users: the French label, then how to fix."""
    return f"« {problem.label} » : {problem.message}"


def without_passages(document, technical_ids):
    """``document`` without the passages of ``technical_ids`` (nor the
    certifications left empty)."""
    certifications = document.certifier.certifications
    for certification in certifications:
        certification.passages = [
            passage
            for passage in certification.passages
            if passage.technical_id not in technical_ids
        ]
    document.certifier.certifications = [c for c in certifications if c.passages]
    return document


class AccrochageGenerateWizard(models.TransientModel):
    _name = "accrochage.generate.wizard"
    _description = "Generate Accrochage File"

    certifier_id = fields.Many2one(
        "accrochage.certifier",
        required=True,
        default=lambda self: self._default_certifier(),
        domain="[('company_id', 'in', allowed_company_ids)]",
    )
    action = fields.Selection(
        flux.selection("action"),
        required=True,
        default="CREATION",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: previous_month(fields.Date.context_today(self))[0],
        help="First date of issue of the period.",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: previous_month(fields.Date.context_today(self))[1],
        help="Last date of issue of the period.",
    )
    include_earlier = fields.Boolean(
        string="Include earlier passages never sent",
        default=True,
        help="Also send the passages issued before the period that are still "
        "to send (forgotten, corrected after a rejection...).",
    )
    certification_ids = fields.Many2many(
        "accrochage.certification",
        string="Certifications",
        domain="[('certifier_id', '=', certifier_id)]",
        help="Leave empty for every certification of the certifier.",
    )
    withdraw_passage_ids = fields.Many2many(
        "accrochage.passage",
        "accrochage_generate_wizard_withdraw_rel",
        string="Passages to withdraw",
    )
    eligible_passage_ids = fields.Many2many(
        "accrochage.passage",
        "accrochage_generate_wizard_eligible_rel",
        string="Passages to send",
        compute="_compute_selection",
    )
    exclusion_ids = fields.One2many(
        "accrochage.generate.wizard.exclusion",
        "wizard_id",
        string="Excluded",
        compute="_compute_selection",
    )
    eligible_count = fields.Integer(compute="_compute_selection")
    excluded_count = fields.Integer(compute="_compute_selection")
    correction = fields.Boolean(
        default=lambda self: bool(self.env.context.get("accrochage_correction")),
        help="After the withdrawal file, create a new passage to send for each "
        "withdrawn passage, with a new technical ID, to correct its data.",
    )

    @api.model
    def _default_certifier(self):
        certifiers = self.env["accrochage.certifier"].search(
            [("company_id", "in", self.env.companies.ids)]
        )
        mine = certifiers.filtered(lambda c: c.user_id == self.env.user)
        return (mine or certifiers)[:1]

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(self.env._("The period must start before it ends."))

    @api.depends(
        "certifier_id",
        "action",
        "date_from",
        "date_to",
        "include_earlier",
        "certification_ids",
        "withdraw_passage_ids",
    )
    def _compute_selection(self):
        for wizard in self:
            eligible, exclusions = wizard._select_passages()
            wizard.eligible_passage_ids = eligible
            wizard.exclusion_ids = [fields.Command.clear()] + [
                fields.Command.create(values) for values in exclusions
            ]
            wizard.eligible_count = len(eligible)
            wizard.excluded_count = len(exclusions)

    # Selection ----------------------------------------------------------------

    def _candidate_domain(self):
        self.ensure_one()
        domain = [("company_id", "=", self.certifier_id.company_id.id)]
        if self.certification_ids:
            domain.append(("certification_id", "in", self.certification_ids.ids))
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

    def _select_passages(self, checked=None):
        """The passages to send, and the excluded ones with their reasons.

        Returns ``(passages, [values of accrochage.generate.wizard.exclusion])``.
        When generating, ``checked`` is a dict that receives the checked
        :class:`flux.Flux` of the passages to send, so that they are converted
        only once.
        """
        self.ensure_one()
        Passage = self.env["accrochage.passage"]
        if not self.certifier_id or not self.date_from or not self.date_to:
            return Passage, []
        if self.action == "SUPPRESSION":
            return self._select_withdrawals(checked)
        version = self.certifier_id.schema_version
        eligible_ids, exclusions = [], []
        candidates = Passage.search(self._candidate_domain(), order="issue_date, id")
        for passage in candidates:
            reasons = [passage._accrochage_state_reason(self.certifier_id)]
            if not reasons[0]:
                reasons = [
                    *passage._accrochage_identity_reasons(version),
                    *passage._accrochage_result_reasons(),
                ]
            if any(reasons):
                exclusions.append(exclusion(passage, "\n".join(filter(None, reasons))))
            else:
                eligible_ids.append(passage.id)
        eligible, refused = self._refused_by_checker(
            Passage.browse(eligible_ids), checked=checked
        )
        exclusions.extend(refused)
        exclusions.extend(self._not_admitted_exclusions())
        return eligible, exclusions

    def _refused_by_checker(self, passages, sources=None, checked=None):
        """Run the flux checker on the candidates now, so that a passage whose
        data the CDC would refuse is shown as left out, with the checker's
        French message, instead of blocking the whole generation."""
        if not passages:
            return passages, []
        try:
            # The cache filled by the selection serves the conversion: keeping
            # it costs memory, dropping it would read every passage again.
            document = self._flux_document(passages, sources=sources)
            problems = errors_only(flux.check_flux(document))
        except flux.FluxError:
            # Reported with its message by the generation itself.
            return passages, []
        reasons = defaultdict(list)
        for problem in problems:
            if problem.technical_id:
                reasons[problem.technical_id].append(describe_problem(problem))
        refused = passages.filtered(lambda passage: passage.technical_id in reasons)
        if checked is not None:
            checked["document"] = without_passages(document, set(reasons))
        return passages - refused, [
            exclusion(passage, "\n".join(reasons[passage.technical_id]))
            for passage in refused
        ]

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
                    self.certification_ids.ids,
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
                "reason": self.env._(
                    "Not admitted (result: %(result)s): only admitted candidates "
                    "are reported.",
                    result=result_labels.get(registration.accrochage_exam_result),
                ),
            }
            for registration in registrations
        ]

    def _select_withdrawals(self, checked=None):
        """The passages to withdraw, identified as the CDC accepted them (see
        :meth:`_withdrawal_sources`), and the excluded ones with their reasons."""
        Passage = self.env["accrochage.passage"]
        eligible, exclusions = Passage, []
        withdrawable = self.withdraw_passage_ids.filtered(
            lambda p: p.certifier_id == self.certifier_id and p.state == "accepted"
        )
        sources, unreadable = self._withdrawal_sources(withdrawable)
        version = self.certifier_id.schema_version
        for passage in self.withdraw_passage_ids:
            if passage.certifier_id != self.certifier_id:
                reason = passage._accrochage_state_reason(self.certifier_id)
            elif passage.state != "accepted":
                reason = self.env._(
                    "Only a passage accepted by the Caisse des Dépôts can be withdrawn."
                )
            elif passage.id in unreadable:
                reason = unreadable[passage.id]
            elif passage.id not in sources:
                reason = self._withdrawal_identity_reason(passage, version)
            else:
                reason = ""
            if reason:
                exclusions.append(exclusion(passage, reason))
            else:
                eligible |= passage
        eligible, refused = self._refused_by_checker(eligible, sources, checked)
        exclusions.extend(refused)
        return eligible, exclusions

    def _withdrawal_identity_reason(self, passage, version):
        """No file tells what the CDC accepted (e.g. a passage recorded as
        accepted by hand): the withdrawal uses the current data, when complete."""
        missing = passage._accrochage_identity_reasons(version)
        if not missing:
            return ""
        return self.env._(
            "No processed file shows how the Caisse des Dépôts accepted this "
            "passage, and the holder's current identity is incomplete: the "
            "withdrawal cannot identify the holder.\n%(reasons)s",
            reasons="\n".join(missing),
        )

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
                        error=str(error),
                    )
                continue
            for passage in file_passages:
                if passage.technical_id in read:
                    sources[passage.id] = read[passage.technical_id]
        return sources, unreadable

    # Generation ---------------------------------------------------------------

    def action_generate(self):
        """Generate the files, then what follows them: a creation file closes
        the monthly routine of the months it covers; a correction creates the
        new passages of the withdrawn ones."""
        self.ensure_one()
        to_correct = self.env["accrochage.passage"]
        if self.action == "SUPPRESSION" and self.correction:
            to_correct = self._select_passages()[0]
        files = self._generate_files()
        if self.action == "CREATION":
            self.certifier_id._accrochage_close_routine_activities(
                self.date_from, self.date_to
            )
        withdrawn = to_correct.filtered(
            lambda passage: (
                passage.state == "withdrawal_sent" and not passage.correction_passage_id
            )
        )
        if withdrawn:
            return withdrawn._accrochage_create_corrections()._accrochage_action_open()
        return files._action_open()

    def _generate_files(self):
        """Build, check and record the files of the selected passages; mark
        them sent. Nothing is written when a check fails."""
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
        checked = {}
        selected, _exclusions = self._select_passages(checked)
        passages = self._lock_passages(selected)
        if not passages:
            raise UserError(
                self.env._(
                    "No passage to send for certifier %(certifier)s over this period. "
                    "The excluded passages are listed with their reason.",
                    certifier=self.certifier_id.display_name,
                )
            )
        documents = self._build_checked_documents(
            passages, checked.get("document") if passages == selected else None
        )
        files = self.env["accrochage.file"]
        for part, (document, xml, part_passages) in enumerate(documents, start=1):
            files |= files._create_from_xml(
                self.certifier_id,
                document,
                xml,
                part_passages,
                period=(self.date_from, self.date_to),
                part=part,
            )
        new_state = "withdrawal_sent" if self.action == "SUPPRESSION" else "sent"
        passages.write({"state": new_state})
        for file in files:
            file._post_on_certifications()
        return files

    def _lock_passages(self, passages):
        """Lock the passages so that two generations never put one passage in
        two files; keep those still sendable once locked."""
        if not passages:
            return passages
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM accrochage_passage WHERE id IN %s "
                    "FOR NO KEY UPDATE NOWAIT",
                    [tuple(passages.ids)],
                )
        except psycopg2.errors.LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "Another accrochage file is being generated with these passages. "
                    "Wait a moment, then try again."
                )
            ) from error
        passages.invalidate_recordset(["state"])
        sendable = ("accepted",) if self.action == "SUPPRESSION" else ("to_send",)
        return passages.filtered(lambda passage: passage.state in sendable)

    def _flux_document(self, passages, drop_cache=False, sources=None):
        """The :class:`flux.Flux` of ``passages``; for a withdrawal, ``sources``
        are the :meth:`_withdrawal_sources` (read when not given)."""
        certifier = self.certifier_id
        version = certifier.schema_version
        if self.action == "SUPPRESSION":
            certifications = self._flux_withdrawal_certifications(
                passages, drop_cache, sources
            )
        else:
            certifications = self._flux_certifications(passages, drop_cache)
        return flux.Flux(
            sender_id=certifier.sender_client_number,
            certifier=flux.Certifier(
                client_id=certifier.certifier_client_number,
                contract_id=certifier.contract_number,
                certifications=certifications,
            ),
            version=version,
            action=self.action,
        )

    def _flux_certifications(self, passages, drop_cache):
        certifier = self.certifier_id
        version = certifier.schema_version
        certifications = []
        for certification in passages.certification_id.sorted("code"):
            certification_passages = passages.filtered(
                lambda p, c=certification: p.certification_id == c
            )
            certifications.append(
                flux.Certification(
                    type=certification.certification_type,
                    code=certification.code,
                    depositor_nature=certifier.depositor_nature,
                    passages=self._flux_passages(
                        certification_passages, version, drop_cache
                    ),
                )
            )
        return certifications

    def _flux_withdrawal_certifications(self, passages, drop_cache, sources=None):
        """Each passage under the certification code and with the
        identification the CDC accepted; the current data when no file tells
        (the selection has left such passages out when it is incomplete)."""
        if sources is None:
            sources = self._withdrawal_sources(passages)[0]
        version = self.certifier_id.schema_version
        groups = defaultdict(list)
        for batch_ids in split_every(PREFETCH_MAX, passages.ids):
            for passage in passages.browse(batch_ids):
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
            if drop_cache:
                self.env.invalidate_all()
        return [
            flux.Certification(
                type=certification_type,
                code=code,
                depositor_nature=self.certifier_id.depositor_nature,
                passages=group,
            )
            for (certification_type, code), group in sorted(
                groups.items(), key=lambda item: (item[0][1] or "", item[0][0] or "")
            )
        ]

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

    def _flux_passages(self, passages, version, drop_cache):
        """Convert by batches; when generating, drop the ORM cache between
        them, so that memory does not grow with the number of passages (not
        in a preview, where the wizard itself may live in the cache only)."""
        action = self.action
        converted = []
        for batch_ids in split_every(PREFETCH_MAX, passages.ids):
            batch = passages.browse(batch_ids)
            converted.extend(
                flux_adapter.passage_to_flux(passage, version, action)
                for passage in batch
            )
            if drop_cache:
                self.env.invalidate_all()
        return converted

    def _build_checked_documents(self, passages, document=None):
        """Build and check every file before writing anything.

        ``document`` is the :class:`flux.Flux` of ``passages`` when the
        selection already made it. Returns ``[(flux document, XML bytes,
        passages)]``; raises a UserError naming each holder and field on the
        first problem found.
        """
        if document is None:
            document = self._flux_document(passages, drop_cache=True)
        version = document.version
        try:
            problems = errors_only(flux.check_flux(document))
            if problems:
                raise UserError(self._problems_message(problems))
            limit = self._max_passages_per_file()
            documents = []
            by_technical_id = {passage.technical_id: passage for passage in passages}
            for part in flux.split_flux(document, max_passages=limit):
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
            raise UserError(str(error)) from error
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
            lines.append(
                f"- {subject or self.env._('File')}, {describe_problem(problem)}"
            )
        return "\n".join(lines)
