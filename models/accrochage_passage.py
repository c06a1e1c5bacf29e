# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .. import flux
from . import flux_adapter
from .tools import changed_fields, open_records_action

PASSAGE_STATES = [
    ("to_send", "To send"),
    ("in_file", "In a file to deposit"),
    ("sent", "Deposited"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("withdrawal_in_file", "Withdrawal to deposit"),
    ("withdrawal_sent", "Withdrawal deposited"),
    ("withdrawn", "Withdrawn"),
]
# States whose data is known to the Caisse des Dépôts, or on its way: the data
# fields are locked (see ``write``).
LOCKED_STATES = (
    "in_file",
    "sent",
    "accepted",
    "withdrawal_in_file",
    "withdrawal_sent",
    "withdrawn",
)
# Passages not accepted yet by the Caisse des Dépôts: the deadlines apply (a
# file generated but not deposited has sent nothing).
OPEN_STATES = ("to_send", "in_file", "sent", "rejected")
# States where a correction requested by a processing report is pending.
CORRECTION_STATES = ("rejected", "to_send", "in_file", "sent")
REMINDER_HORIZON_DAYS = 30

READINESS = [
    ("ready", "Ready"),
    ("to_complete", "To complete"),
    ("waiting", "Waiting"),
    ("not_reportable", "Not reportable"),
    ("in_file", "In a file to deposit"),
    ("awaiting_report", "Awaiting the report"),
    ("accepted", "Accepted"),
    ("withdrawal", "Being withdrawn"),
    ("withdrawn", "Withdrawn"),
]
# Where a passage that is not to send stands.
STATE_READINESS = {
    "in_file": "in_file",
    "sent": "awaiting_report",
    "accepted": "accepted",
    "withdrawal_in_file": "withdrawal",
    "withdrawal_sent": "withdrawal",
    "withdrawn": "withdrawn",
}
# The readiness is computed by batches of this many passages (one flux check
# each).
READINESS_BATCH = 1000

# The data sent to the Caisse des Dépôts: locked while a file carrying them is
# being processed (state sent) and once the CDC holds them (accepted, then
# withdrawn); editing them on a rejected passage puts it back in the queue
# (state to_send).
PASSAGE_DATA_FIELDS = {
    "technical_id",
    "certification_id",
    "partner_id",
    "registration_id",
    "event_id",
    "issue_date",
    "validity_end_date",
    "obtention_mode",
    "result_final",
    "exam_start_date",
    "exam_end_date",
    "exam_mode",
    "exam_postcode",
    "score",
    "honours",
    "language_level",
    "digital_score",
    "digital_result_ids",
    "access_route",
    "vae_route",
    "registration_initiative",
    "registration_date",
    "option_label",
    "proof_url",
    "verbatim",
    "cpf_file_number",
}
# Everything the readiness reads: the passage's data and state, its holder's
# civil status, its certification and certifier, the passage it corrects.
READINESS_DEPENDS = (
    *sorted(PASSAGE_DATA_FIELDS - {"digital_result_ids"}),
    "state",
    "cdc_message",
    "digital_result_ids.area",
    "digital_result_ids.competence",
    "digital_result_ids.level",
    "corrected_passage_id.state",
    "certification_id.code",
    "certification_id.certification_type",
    "certification_id.obtention_mode",
    "certification_id.grants_honours",
    "certification_id.grants_language_level",
    "certification_id.grants_digital_level",
    "certification_id.certifier_id.schema_version",
    "partner_id.accrochage_birth_name",
    "partner_id.accrochage_usage_name",
    "partner_id.accrochage_first_name_1",
    "partner_id.accrochage_first_name_2",
    "partner_id.accrochage_first_name_3",
    "partner_id.accrochage_sex",
    "partner_id.accrochage_birth_date",
    "partner_id.accrochage_birth_place_type",
    "partner_id.accrochage_birth_insee_code",
    "partner_id.accrochage_birth_postcode",
    "partner_id.accrochage_birth_city",
    "partner_id.accrochage_birth_country_id.fr_cog",
    "partner_id.accrochage_nationality_id.code",
    "partner_id.accrochage_nir",
)
# Free texts of the passage and the element of the flux that carries them: their
# length limit is the dictionary's.
TEXT_FIELD_ELEMENTS = {
    "score": "scoring",
    "option_label": "libelleOption",
    "proof_url": "urlPreuve",
    "verbatim": "verbatim",
    "exam_postcode": "codePostalCentreExamen",
    "cpf_file_number": "idDossier",
}


class AccrochagePassage(models.Model):
    """One holder obtaining one certification once (passageCertification)."""

    _name = "accrochage.passage"
    _description = "Accrochage Certification Passage"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "issue_date desc, id desc"
    _rec_names_search = ["technical_id", "partner_id"]
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    technical_id = fields.Char(
        string="Technical ID",
        readonly=True,
        copy=False,
        index=True,
        help="Unique identifier of the passage for the Caisse des Dépôts "
        "(idTechnique): key of the processing report, of corrections and of "
        "withdrawals. Assigned at creation and never reused.",
    )
    certification_id = fields.Many2one(
        "accrochage.certification",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
        check_company=True,
    )
    certifier_id = fields.Many2one(
        "accrochage.certifier",
        related="certification_id.certifier_id",
        string="Certifier",
        store=True,
        precompute=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        related="certification_id.company_id",
        store=True,
        precompute=True,
        index=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Holder",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
    )
    registration_id = fields.Many2one(
        "event.registration",
        ondelete="set null",
        index="btree_not_null",
        copy=False,
    )
    event_id = fields.Many2one(
        "event.event",
        string="Session",
        ondelete="set null",
        index="btree_not_null",
    )
    state = fields.Selection(
        PASSAGE_STATES,
        string="Status",
        required=True,
        default="to_send",
        copy=False,
        tracking=True,
        index=True,
    )
    is_locked = fields.Boolean(
        string="Locked",
        compute="_compute_is_locked",
        help="Known to the Caisse des Dépôts, or on its way: the data sent "
        "cannot be edited.",
    )
    issue_date = fields.Date(
        string="Date of Issue",
        required=True,
        tracking=True,
        help="Date of issue of the certification, as on the parchment "
        "(dateDebutValidite): start of validity and of the 3-month reporting "
        "deadline.",
    )
    validity_end_date = fields.Date(
        string="End of Validity",
        compute="_compute_validity_end_date",
        store=True,
        readonly=False,
        precompute=True,
        help="End of validity (dateFinValidite), from the validity of the "
        "certification; empty when unlimited.",
    )
    obtention_mode = fields.Selection(
        flux.selection("obtentionCertification"),
        compute="_compute_obtention_mode",
        store=True,
        readonly=False,
        precompute=True,
        help="Awarded by a jury (admission) or by reaching a score (scoring).",
    )
    result_final = fields.Boolean(
        string="Final Result",
        default=True,
        help="The result can no longer change (donneeCertifiee): no appeal, "
        "cancellation or resit pending.",
    )
    exam_start_date = fields.Date(help="Date of the exam, or start of the exam period.")
    exam_end_date = fields.Date(help="End of the exam period.")
    exam_mode = fields.Selection(flux.selection("modalitePassageExamen"))
    exam_postcode = fields.Char(string="Exam Centre Postcode")
    score = fields.Char(help="Score or marking basis reached (e.g. 955, 16/20).")
    honours = fields.Selection(flux.selection("mention"))
    language_level = fields.Selection(
        flux.selection("niveauCECRL"),
        help="European (CEFR) language level reached.",
    )
    digital_score = fields.Integer(
        help="Overall European digital (DigComp) score, 1 to 1000; 0 = none.",
    )
    digital_result_ids = fields.One2many(
        "accrochage.passage.digital.result",
        "passage_id",
        string="Digital Results",
        copy=True,
    )
    access_route = fields.Selection(flux.selection("modaliteAcces"))
    vae_route = fields.Selection(flux.selection("voieAccesVAE"), string="VAE Route")
    registration_initiative = fields.Selection(
        flux.selection("initiativeInscription"), string="Registered by"
    )
    registration_date = fields.Date(string="Exam Registration Date")
    option_label = fields.Char(
        string="Option", help="Option, mention or speciality obtained."
    )
    proof_url = fields.Char(
        string="Proof URL",
        help="Durable link to the digital proof of the certification.",
    )
    verbatim = fields.Char(help="Free additional information (verbatim).")
    cpf_file_number = fields.Char(
        string="CPF File Number",
        help="Number of the holder's CPF training file (idDossier, 13 characters "
        "at most), when known.",
    )
    deadline_date = fields.Date(
        string="Deadline",
        compute="_compute_deadline_date",
        store=True,
        help="The passage must reach the Caisse des Dépôts within 3 months of "
        "its date of issue.",
    )
    days_left = fields.Integer(
        compute="_compute_days_left",
        help="Days left before the reporting deadline (negative when overdue).",
    )
    readiness = fields.Selection(
        READINESS,
        compute="_compute_readiness",
        store=True,
        index=True,
        help="Whether the passage can go in the next accrochage file, and if "
        "not why; where it stands once sent.",
    )
    readiness_reason_ids = fields.Many2many(
        "accrochage.readiness.reason",
        "accrochage_passage_readiness_reason_rel",
        "passage_id",
        "reason_id",
        string="Readiness Reasons",
        compute="_compute_readiness",
        store=True,
    )
    readiness_details = fields.Json(compute="_compute_readiness", store=True)
    readiness_holder_to_fix = fields.Boolean(
        compute="_compute_readiness_holder_to_fix",
        help="What blocks the passage is in its holder's civil status.",
    )
    readiness_message = fields.Text(
        string="What Blocks",
        compute="_compute_readiness_message",
        help="What must be fixed, or waited for, before the passage is sent.",
    )
    cdc_message = fields.Text(
        string="CDC Message",
        tracking=True,
        help="Message of the last processing report of the Caisse des Dépôts.",
    )
    cdc_explanation = fields.Text(
        string="What to Do",
        help="Explanation of the last processing report and what to correct.",
    )

    cdc_report_date = fields.Date(
        string="CDC Report Date",
        readonly=True,
        copy=False,
        help="Date of the last processing report of the Caisse des Dépôts that "
        "gave a result for this passage.",
    )
    file_ids = fields.Many2many(
        "accrochage.file",
        "accrochage_file_passage_rel",
        "passage_id",
        "file_id",
        string="Files",
        readonly=True,
        copy=False,
    )

    corrected_passage_id = fields.Many2one(
        "accrochage.passage",
        string="Corrects",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The accepted passage this one corrects: it was withdrawn from the "
        "Caisse des Dépôts and this passage sends its corrected data.",
    )
    correction_passage_id = fields.Many2one(
        "accrochage.passage",
        string="Corrected by",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The passage that sends the corrected data of this withdrawn passage.",
    )
    correction_request_date = fields.Date(
        readonly=True,
        copy=False,
        help="Date the correction was started (withdrawal of the corrected "
        "passage): the corrected data is due within 3 months of it.",
    )

    correction_deadline_date = fields.Date(
        string="Correction Deadline",
        compute="_compute_correction_deadline_date",
        store=True,
        help="When the Caisse des Dépôts rejects the passage, or a correction of "
        "accepted data is started, the corrected data is due within 3 months of "
        "the request (date of the processing report, or of the withdrawal).",
    )
    next_deadline_date = fields.Date(
        string="Next Deadline",
        compute="_compute_next_deadline_date",
        store=True,
        index=True,
        help="The correction deadline when a correction is pending, else the "
        "legal deadline (3 months after the date of issue).",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Not accepted by the Caisse des Dépôts and its next deadline is over.",
    )

    _sql_constraints = [
        (
            "certifier_technical_id_uniq",
            "unique(certifier_id, technical_id)",
            "The technical ID of a passage must be unique per certifier.",
        ),
    ]

    @api.depends("state")
    def _compute_is_locked(self):
        for passage in self:
            passage.is_locked = passage.state in LOCKED_STATES

    @api.depends("technical_id", "partner_id.accrochage_holder_name")
    def _compute_name(self):
        for passage in self:
            holder = passage.partner_id.accrochage_holder_name or ""
            passage.name = " - ".join(filter(None, [passage.technical_id, holder]))

    @api.depends("issue_date", "certification_id.validity_months")
    def _compute_validity_end_date(self):
        for passage in self:
            if passage.state not in ("to_send", "rejected"):
                # Known to the Caisse des Dépôts: never silently changed.
                passage.validity_end_date = passage._origin.validity_end_date
                continue
            months = passage.certification_id.validity_months
            if passage.issue_date and months:
                passage.validity_end_date = passage.issue_date + relativedelta(
                    months=months
                )
            else:
                passage.validity_end_date = False

    @api.depends("certification_id")
    def _compute_obtention_mode(self):
        for passage in self:
            passage.obtention_mode = (
                passage.certification_id.obtention_mode or passage.obtention_mode
            )

    @api.depends("issue_date")
    def _compute_deadline_date(self):
        for passage in self:
            passage.deadline_date = passage.issue_date and flux.reporting_deadline(
                passage.issue_date
            )

    @api.depends("state", "cdc_report_date", "correction_request_date")
    def _compute_correction_deadline_date(self):
        for passage in self:
            requests = []
            if passage.state in CORRECTION_STATES and passage.cdc_report_date:
                requests.append(passage.cdc_report_date)
            if passage.state in OPEN_STATES and passage.correction_request_date:
                requests.append(passage.correction_request_date)
            passage.correction_deadline_date = requests and flux.reporting_deadline(
                max(requests)
            )

    @api.depends("correction_deadline_date", "deadline_date")
    def _compute_next_deadline_date(self):
        for passage in self:
            passage.next_deadline_date = (
                passage.correction_deadline_date or passage.deadline_date
            )

    @api.depends("next_deadline_date")
    def _compute_days_left(self):
        today = fields.Date.context_today(self)
        for passage in self:
            passage.days_left = (
                (passage.next_deadline_date - today).days
                if passage.next_deadline_date
                else 0
            )

    @api.depends("state", "next_deadline_date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for passage in self:
            passage.is_overdue = bool(
                passage.state in OPEN_STATES
                and passage.next_deadline_date
                and passage.next_deadline_date < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(
                self.env._(
                    "Field “Overdue” of the passages: only the operators = and != "
                    "are supported (given: %(operator)s).",
                    operator=operator,
                )
            )
        today = fields.Date.context_today(self)
        if (operator == "=") == bool(value):
            return [
                ("state", "in", OPEN_STATES),
                ("next_deadline_date", "<", today),
            ]
        return [
            "|",
            "|",
            ("state", "not in", OPEN_STATES),
            ("next_deadline_date", "=", False),
            ("next_deadline_date", ">=", today),
        ]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    def _passage_error(self, message):
        """A ValidationError naming the passage, ``message`` names the field."""
        return ValidationError(
            self.env._(
                "Passage %(passage)s: %(message)s",
                passage=self.display_name,
                message=message,
            )
        )

    @api.constrains(
        "issue_date", "validity_end_date", "exam_start_date", "exam_end_date"
    )
    def _check_dates(self):
        for passage in self:
            if (
                passage.validity_end_date
                and passage.validity_end_date < passage.issue_date
            ):
                raise passage._passage_error(
                    self.env._(
                        "the end of validity must not be before the date of issue."
                    )
                )
            if (
                passage.exam_start_date
                and passage.exam_end_date
                and passage.exam_end_date < passage.exam_start_date
            ):
                raise passage._passage_error(
                    self.env._(
                        "the exam end date must not be before the exam start date."
                    )
                )

    @api.constrains("digital_score")
    def _check_digital_score(self):
        for passage in self:
            if not 0 <= passage.digital_score <= flux.DIGITAL_SCORE_MAX:
                raise passage._passage_error(
                    self.env._(
                        "the digital score must be between 1 and %(max)s "
                        "(0 when there is none).",
                        max=flux.DIGITAL_SCORE_MAX,
                    )
                )

    @api.constrains(*TEXT_FIELD_ELEMENTS)
    def _check_text_lengths(self):
        """The length limits of the flux dictionary, with a message naming the
        field (the file would be refused, and nothing is ever truncated)."""
        for passage in self:
            for field_name, element in TEXT_FIELD_ELEMENTS.items():
                value = passage[field_name] or ""
                limit = flux.max_chars(element)
                if len(value) > limit:
                    raise passage._passage_error(
                        self.env._(
                            "“%(field)s” has %(length)s characters, %(max)s at "
                            "most are accepted by the Caisse des Dépôts: shorten "
                            "it.",
                            field=passage._fields[field_name].get_description(self.env)[
                                "string"
                            ],
                            length=len(value),
                            max=limit,
                        )
                    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def _normalize_vals(self, vals):
        """Values go to XML on one line: trim them."""
        for field_name in (
            "score",
            "option_label",
            "proof_url",
            "verbatim",
            "exam_postcode",
        ):
            if isinstance(vals.get(field_name), str):
                vals[field_name] = " ".join(vals[field_name].split())
        if isinstance(vals.get("cpf_file_number"), str):
            vals["cpf_file_number"] = "".join(vals["cpf_file_number"].split())
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        supplied = []
        for vals in vals_list:
            self._normalize_vals(vals)
            if vals.get("technical_id"):
                supplied.append(
                    (
                        vals["technical_id"],
                        self.env["accrochage.certification"]
                        .browse(vals.get("certification_id"))
                        .certifier_id,
                        self.browse(),
                        vals.get("partner_id"),
                    )
                )
            else:
                vals["technical_id"] = self.env["ir.sequence"].next_by_code(
                    "accrochage.passage"
                )
        self._check_technical_id_unique(supplied)
        passages = super().create(vals_list)
        passages._accrochage_restrict_holders_company()
        return passages

    def _accrochage_restrict_holders_company(self):
        """A holder without company is readable by every company: give it the
        company of its passage, so that its civil status and NIR stay within
        that company (companies and users' contacts are left alone)."""
        for passage in self.sudo():
            holder = passage.partner_id
            if (
                passage.company_id
                and holder
                and not holder.company_id
                and not holder.is_company
                and not holder.with_context(active_test=False).user_ids
            ):
                holder.write({"company_id": passage.company_id.id})

    @api.model
    def _check_technical_id_unique(self, entries):
        """Refuse, naming the passage, a technical ID already used by another
        passage of the same certifier (before the SQL constraint, whose message
        names neither). ``entries``: ``(technical_id, certifier, passage or
        empty recordset, partner id)``."""
        entries = [entry for entry in entries if entry[0] and entry[1]]
        if not entries:
            return
        own_ids = [entry[2].id for entry in entries if entry[2]]
        existing = self.sudo().search(
            [
                ("technical_id", "in", list({entry[0] for entry in entries})),
                ("certifier_id", "in", list({entry[1].id for entry in entries})),
                ("id", "not in", own_ids),
            ]
        )
        taken = {
            (passage.technical_id, passage.certifier_id.id): passage.sudo().display_name
            for passage in existing
        }
        for technical_id, certifier, passage, partner_id in entries:
            label = passage.display_name or " - ".join(
                filter(
                    None,
                    [
                        technical_id,
                        self.env["res.partner"]
                        .browse(partner_id)
                        .sudo()
                        .accrochage_holder_name,
                    ],
                )
            )
            key = (technical_id, certifier.id)
            if key in taken:
                raise ValidationError(
                    self.env._(
                        "Passage %(passage)s: the technical ID %(technical_id)s is "
                        "already used by passage %(other)s of certifier "
                        "%(certifier)s. A technical ID is unique per certifier and "
                        "never reused: leave it empty to get a new one.",
                        passage=label,
                        technical_id=technical_id,
                        other=taken[key],
                        certifier=certifier.display_name,
                    )
                )
            taken[key] = label

    def write(self, vals):
        self._normalize_vals(vals)
        if "technical_id" in vals:
            self._check_technical_id_change(vals["technical_id"])
        if "technical_id" in vals or "certification_id" in vals:
            certification = self.env["accrochage.certification"].browse(
                vals.get("certification_id")
            )
            self._check_technical_id_unique(
                [
                    (
                        vals.get("technical_id") or passage.technical_id,
                        certification.certifier_id or passage.certifier_id,
                        passage,
                        passage.partner_id.id,
                    )
                    for passage in self
                ]
            )
        data_fields = PASSAGE_DATA_FIELDS.intersection(vals)
        if data_fields and not self.env.context.get("accrochage_passage_force_edit"):
            for passage in self.filtered(lambda p: p.state in LOCKED_STATES):
                changed = changed_fields(passage, vals, data_fields)
                if changed:
                    raise passage._locked_error(changed)
            if "state" not in vals:
                # Back in the queue only when the data really changes (an
                # import may write the same values again).
                rejected = self.filtered(
                    lambda passage: (
                        passage.state == "rejected"
                        and changed_fields(passage, vals, data_fields)
                    )
                )
                if rejected:
                    super(AccrochagePassage, rejected).write({"state": "to_send"})
        return super().write(vals)

    def _locked_error(self, field_names):
        """The UserError refusing to edit ``field_names`` of this locked
        passage, with what to do instead."""
        self.ensure_one()
        field_labels = ", ".join(
            sorted(
                self._fields[name].get_description(self.env)["string"]
                for name in field_names
            )
        )
        if self.state in ("in_file", "withdrawal_in_file"):
            message = self.env._(
                "Passage %(passage)s: it is in accrochage file %(file)s, "
                "generated and not deposited yet; it cannot be edited "
                "(%(fields)s). Delete the file before its deposit to edit the "
                "passage, then generate a new file.",
                passage=self.display_name,
                file=self._accrochage_current_file().name or "?",
                fields=field_labels,
            )
        elif self.state == "sent":
            message = self.env._(
                "Passage %(passage)s: it has been sent to the Caisse des "
                "Dépôts and is waiting for the processing report; it cannot "
                "be edited (%(fields)s). Import the report first.",
                passage=self.display_name,
                fields=field_labels,
            )
        elif self.state == "accepted":
            message = self.env._(
                "Passage %(passage)s: it has been accepted by the Caisse des "
                "Dépôts, which never changes the data it accepted; it cannot be "
                "edited (%(fields)s). Use “Correct” to withdraw it and send the "
                "corrected data as a new passage.",
                passage=self.display_name,
                fields=field_labels,
            )
        elif self.state == "withdrawal_sent":
            message = self.env._(
                "Passage %(passage)s: its withdrawal has been sent to the Caisse "
                "des Dépôts and is waiting for the processing report; it cannot "
                "be edited (%(fields)s). Edit its correction, if any, instead.",
                passage=self.display_name,
                fields=field_labels,
            )
        else:
            message = self.env._(
                "Passage %(passage)s: it has been withdrawn from the Caisse des "
                "Dépôts and is kept for the record; it cannot be edited "
                "(%(fields)s). Edit its correction, if any, instead.",
                passage=self.display_name,
                fields=field_labels,
            )
        return UserError(message)

    def _accrochage_current_file(self):
        """The file that carries this passage now (the last one)."""
        self.ensure_one()
        return self.sudo().file_ids.sorted(lambda file: (file.timestamp, file.id))[-1:]

    def _accrochage_standing_text(self):
        """Where this passage stands, once it is no longer to send: the
        information line of the generation wizard."""
        self.ensure_one()
        file = self._accrochage_current_file()
        texts = {
            "in_file": lambda: self.env._(
                "Already in file %(file)s, not deposited yet: deposit it on the "
                "portal of the Caisse des Dépôts, then mark it as deposited.",
                file=file.name or "?",
            ),
            "sent": lambda: self.env._(
                "Deposited in file %(file)s, waiting for the processing report of "
                "the Caisse des Dépôts.",
                file=file.name or "?",
            ),
            "accepted": lambda: self.env._(
                "Already accepted by the Caisse des Dépôts."
            ),
            "withdrawal_in_file": lambda: self.env._(
                "Its withdrawal is in file %(file)s, not deposited yet.",
                file=file.name or "?",
            ),
            "withdrawal_sent": lambda: self.env._(
                "Withdrawal deposited at the Caisse des Dépôts, not yet processed."
            ),
            "withdrawn": lambda: self.env._("Withdrawn from the Caisse des Dépôts."),
        }
        text = texts.get(self.state)
        return text() if text else self.readiness_message or ""

    def _check_technical_id_change(self, technical_id):
        """The technical ID is the key of the passage at the Caisse des Dépôts:
        it never changes once the passage has been in a file, and is never
        empty."""
        for passage in self:
            if (passage.technical_id or False) == (technical_id or False):
                continue
            if not technical_id:
                raise UserError(
                    self.env._(
                        "Passage %(passage)s: the technical ID cannot be emptied.",
                        passage=passage.display_name,
                    )
                )
            if passage.state != "to_send" or passage.sudo().file_ids:
                raise UserError(
                    self.env._(
                        "Passage %(passage)s: the technical ID cannot change once "
                        "the passage has been in an accrochage file: the Caisse "
                        "des Dépôts knows the passage by it.",
                        passage=passage.display_name,
                    )
                )

    def _is_deletable(self):
        """Only a passage never sent may be deleted: its technical ID is then
        unknown to the Caisse des Dépôts."""
        self.ensure_one()
        return self.state == "to_send" and not self.sudo().file_ids

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        for passage in self:
            if not passage._is_deletable():
                raise UserError(
                    self.env._(
                        "Passage %(passage)s: it has been sent to the Caisse des "
                        "Dépôts, its technical ID must stay known; it cannot be "
                        "deleted. Withdraw it instead.",
                        passage=passage.display_name,
                    )
                )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Passages"),
                "template": "/l10n_fr_accrochage/static/csv/accrochage_passage.csv",
            }
        ]

    def action_reset_to_send(self):
        """Put rejected passages back in the queue, as they are."""
        not_rejected = self.filtered(lambda passage: passage.state != "rejected")
        if not_rejected:
            raise UserError(
                self.env._(
                    "Passage %(passage)s: only a passage rejected by the Caisse "
                    "des Dépôts can be sent again this way.",
                    passage=not_rejected[0].display_name,
                )
            )
        self.write({"state": "to_send"})

    # Readiness ------------------------------------------------------------------

    @api.depends(*READINESS_DEPENDS)
    def _compute_readiness(self):
        """Ready, to complete, waiting or not reportable, with every reason,
        for the passages to send; where the others stand. The generation
        wizard reads it: they never disagree. The flux checker runs here too,
        by batches."""
        Reason = self.env["accrochage.readiness.reason"]
        reasons = {reason.code: reason.id for reason in Reason.search([])}
        for start in range(0, len(self), READINESS_BATCH):
            batch = self[start : start + READINESS_BATCH]
            # Their current reasons, in one query: setting a many2many reads
            # the old value first.
            batch.filtered("id").fetch(["readiness_reason_ids"])
            results = {}
            to_check = self.browse()
            for passage in batch:
                readiness, entries = passage._accrochage_readiness_entries()
                results[passage] = [readiness, entries]
                if readiness == "ready" and passage.technical_id:
                    to_check |= passage
            for passage, entries in to_check._accrochage_checker_entries().items():
                waiting = all(code == "issue_date_future" for code, _p in entries)
                results[passage][0] = "waiting" if waiting else "to_complete"
                results[passage][1] = entries
            for passage, (readiness, entries) in results.items():
                passage.readiness = readiness
                passage.readiness_details = entries or False
                # A recordset, not commands: commands would read the old value
                # of each passage, one query each.
                passage.readiness_reason_ids = Reason.browse(
                    dict.fromkeys(
                        reasons[code] for code, _params in entries if code in reasons
                    )
                )

    @api.depends("readiness_reason_ids.target")
    def _compute_readiness_holder_to_fix(self):
        for passage in self:
            passage.readiness_holder_to_fix = (
                "holder" in passage.readiness_reason_ids.mapped("target")
            )

    def action_open_what_to_fix(self):
        """The holder's civil status when it blocks the passage."""
        self.ensure_one()
        return self.partner_id._accrochage_action_open_civil_status()

    def action_open_current_file(self):
        self.ensure_one()
        return self._accrochage_current_file()._action_open()

    def action_open_withdrawal_file(self):
        """The withdrawal file of the passage this correction replaces: it must
        be deposited (and processed) before the correction is sent."""
        self.ensure_one()
        files = self.corrected_passage_id.file_ids.filtered(
            lambda file: file.action == "SUPPRESSION"
        )
        return files.sorted("id")[-1:]._action_open()

    @api.depends("readiness_details")
    @api.depends_context("lang")
    def _compute_readiness_message(self):
        for passage in self:
            passage.readiness_message = "\n".join(
                passage._accrochage_reason_text(code, params)
                for code, params in passage.readiness_details or []
            )

    @api.model
    def _accrochage_refresh_waiting_readiness(self):
        """The readiness depends on the day for the passages whose date of
        issue is to come: computed again once a day."""
        waiting = self.search(
            [
                ("readiness", "=", "waiting"),
                ("issue_date", "<=", fields.Date.context_today(self)),
            ]
        )
        waiting._accrochage_recompute_readiness()
        return waiting

    def _accrochage_recompute_readiness(self):
        """Compute the readiness of these passages again now (what it reads
        changed without the ORM knowing: the day, a file)."""
        self.env.add_to_compute(self._fields["readiness"], self)
        self.flush_recordset(["readiness"])

    def _accrochage_readiness_entries(self):
        """``(readiness, [(reason code, params)])`` from the state, the holder
        and the certification (the flux checker comes after, by batches)."""
        self.ensure_one()
        if self.state != "to_send":
            if self.state == "rejected":
                return "to_complete", [
                    ("rejected", {"message": self.cdc_message or ""})
                ]
            return STATE_READINESS[self.state], []
        corrected = self.corrected_passage_id
        if corrected and corrected.state != "withdrawn":
            # The corrected data must not reach the CDC while it still holds
            # the passage it replaces.
            return "waiting", [
                ("correction_waiting", {"passage": corrected.display_name})
            ]
        version = self.certifier_id.schema_version
        branch = flux_adapter.identification_branch(
            flux_adapter.passage_row(self), version
        )
        entries = self.partner_id.sudo()._accrochage_identity_entries(branch)
        certification = self.certification_id
        if certification.grants_language_level and not self.language_level:
            entries.append(
                (
                    "language_level_missing",
                    {"certification": certification.display_name},
                )
            )
        if certification.grants_digital_level and not (
            self.digital_score or self.digital_result_ids
        ):
            entries.append(
                ("digital_level_missing", {"certification": certification.display_name})
            )
        if not entries:
            return "ready", []
        if {code for code, _params in entries} == {"foreign_without_nir"}:
            return "not_reportable", entries
        return "to_complete", entries

    def _accrochage_checker_entries(self):
        """``{passage: [(code, params)]}`` of the passages the flux checker
        refuses (errors only; a date of issue to come is a wait)."""
        found = {}
        for certifier in self.certifier_id:
            passages = self.filtered(lambda p, c=certifier: p.certifier_id == c)
            document = flux_adapter.flux_document(
                certifier, [flux_adapter.passage_row(passage) for passage in passages]
            )
            try:
                problems = flux.check_flux(document)
            except flux.FluxError:
                continue  # reported with its message by the generation
            by_technical_id = {passage.technical_id: passage for passage in passages}
            for problem in problems:
                passage = by_technical_id.get(problem.technical_id)
                if not passage or problem.severity != "error":
                    continue
                if problem.code == "issue_date_future":
                    entry = ("issue_date_future", {"date": str(passage.issue_date)})
                else:
                    entry = ("refused_by_checker", flux_adapter.problem_params(problem))
                found.setdefault(passage, []).append(entry)
        return found

    def _accrochage_reason_text(self, code, params):
        """The sentence of a readiness reason, in the user's language (the
        wording of the generation wizard)."""
        texts = {
            "nationality_missing": lambda: self.env._(
                "Nationality missing: record it, or the NIR (only holders who "
                "have a French social security number are reported)."
            ),
            "foreign_without_nir": lambda: self.env._(
                "Not French and no NIR recorded: the Caisse des Dépôts only "
                "accepts holders who have a French social security number."
            ),
            "birth_name_missing": lambda: self.env._("Birth name missing."),
            "first_name_missing": lambda: self.env._("First name missing."),
            "sex_missing": lambda: self.env._("Sex missing."),
            "birth_date_missing": lambda: self.env._(
                "Birth date (at least the year) missing."
            ),
            "birth_year_implausible": lambda: self.env._(
                "Birth year %(year)s is not plausible.", **params
            ),
            "birth_place_missing": lambda: self.env._(
                "Birth place missing (born in France or abroad)."
            ),
            "birth_commune_missing": lambda: self.env._(
                "Birth commune missing: give its INSEE code (preferred) or its "
                "postcode."
            ),
            "insee_code_invalid": lambda: self.env._(
                "INSEE code of the birth commune %(code)s is invalid (5 "
                "characters, 2A or 2B for Corsica).",
                **params,
            ),
            "birth_country_missing": lambda: self.env._(
                "Birth country missing (born abroad)."
            ),
            "birth_country_without_code": lambda: self.env._(
                "Birth country %(country)s has no INSEE code (99xxx).", **params
            ),
            "language_level_missing": lambda: self.env._(
                "European language level missing: certification "
                "%(certification)s grants one.",
                **params,
            ),
            "digital_level_missing": lambda: self.env._(
                "European digital level missing: certification %(certification)s "
                "grants one.",
                **params,
            ),
            "rejected": lambda: self.env._(
                "Rejected by the Caisse des Dépôts: correct the holder's data "
                "first (%(message)s).",
                **params,
            ),
            "correction_waiting": lambda: self.env._(
                "Waiting for the Caisse des Dépôts to process the withdrawal of "
                "%(passage)s: this correction is sent once it is withdrawn.",
                **params,
            ),
            "issue_date_future": lambda: self.env._(
                "The date of issue (%(date)s) is to come: the passage is sent "
                "once the certification is issued.",
                date=format_date(self.env, params.get("date")),
            ),
            "refused_by_checker": lambda: flux_adapter.render_problem(
                params, self.env.lang
            ),
        }
        text = texts.get(code)
        return text() if text else code

    # Withdrawal and correction ---------------------------------------------

    def _accrochage_check_withdrawable(self):
        """Raise a UserError naming the passage and the field when these
        passages cannot be withdrawn."""
        if not self:
            raise UserError(self.env._("Select the passages to withdraw."))
        for passage in self:
            certifier = passage.certifier_id
            if not flux.supports(certifier.schema_version, "withdrawal"):
                raise UserError(
                    self.env._(
                        "Passage %(passage)s: withdrawing or correcting a passage "
                        "accepted by the Caisse des Dépôts needs the CDC schema "
                        "%(needed)s (SUPPRESSION files), but certifier "
                        "%(certifier)s targets schema %(version)s. Change the "
                        "“Schema Version” of the certifier to %(needed)s first.",
                        passage=passage.display_name,
                        needed=", ".join(flux.versions_supporting("withdrawal")),
                        certifier=certifier.display_name,
                        version=certifier.schema_version,
                    )
                )
            if passage.state != "accepted":
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Passage %(passage)s: only a passage accepted by the "
                        "Caisse des Dépôts can be withdrawn or corrected "
                        "(status: %(state)s).",
                        passage=passage.display_name,
                        state=states.get(passage.state),
                    )
                )
        if len(self.certifier_id) > 1:
            raise UserError(
                self.env._(
                    "Passages %(passages)s belong to several certifiers: withdraw "
                    "the passages of one certifier at a time.",
                    passages=", ".join(self.mapped("display_name")),
                )
            )

    def _accrochage_withdrawal_action(self, correction=False):
        self._accrochage_check_withdrawable()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_generate_wizard"
        )
        action["name"] = (
            self.env._("Correct accepted passages")
            if correction
            else self.env._("Withdraw accepted passages")
        )
        action["context"] = {
            "default_action": "SUPPRESSION",
            "default_certifier_id": self.certifier_id.id,
            "default_withdraw_passage_ids": self.ids,
            "accrochage_correction": correction,
        }
        return action

    def action_withdraw(self):
        """Open the generation wizard on a SUPPRESSION file of these passages."""
        return self._accrochage_withdrawal_action(correction=False)

    def action_correct(self):
        """Withdraw these passages, then create a new passage for each, to
        correct and send in the next creation file."""
        return self._accrochage_withdrawal_action(correction=True)

    def _accrochage_create_corrections(self):
        """A new passage to send for each of these withdrawn passages.

        The copy gets a new technical ID (the withdrawn one is never reused),
        waits in the queue (to send) and links to the passage it corrects.
        """
        today = fields.Date.context_today(self)
        corrections = self.browse()
        for passage in self:
            registration = passage.registration_id
            withdrawal_files = passage.file_ids.filtered(
                lambda file: file.action == "SUPPRESSION"
            )
            correction = passage.copy(
                {
                    "corrected_passage_id": passage.id,
                    "correction_request_date": today,
                    "registration_id": registration.id,
                    "cdc_message": False,
                    "cdc_explanation": False,
                    "cdc_report_date": False,
                }
            )
            passage.correction_passage_id = correction
            if registration and registration.sudo().accrochage_passage_id == passage:
                registration.sudo().accrochage_passage_id = correction
            correction.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Correction of passage %(passage)s, withdrawn from the Caisse "
                    "des Dépôts (file %(file)s). Correct its data: the next "
                    "accrochage file sends it.",
                    passage=passage.display_name,
                    file=withdrawal_files[:1].name or "-",
                )
            )
            passage.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Withdrawn for correction: the corrected data is sent by "
                    "passage %(correction)s.",
                    correction=correction.display_name,
                )
            )
            corrections |= correction
        return corrections

    def _accrochage_cancel_withdrawal(self, reason):
        """The withdrawal of these passages did not happen (file deleted before
        its deposit, or refused by the Caisse des Dépôts): they are accepted
        again, and their corrections never sent are deleted (the CDC still
        holds the original data). ``reason`` is posted on each passage."""
        if not self:
            return
        self.write({"state": "accepted"})
        for passage in self:
            correction = passage.correction_passage_id
            note = reason
            if correction and correction._is_deletable():
                registration = correction.registration_id.sudo()
                if registration and registration.accrochage_passage_id == correction:
                    registration.accrochage_passage_id = passage
                note = self.env._(
                    "%(reason)s Correction %(correction)s, never sent, has been "
                    "deleted: use “Correct” again to correct this passage.",
                    reason=reason,
                    correction=correction.display_name,
                )
                passage.correction_passage_id = False
                correction.unlink()
            elif correction:
                note = self.env._(
                    "%(reason)s Its correction %(correction)s stays: check it.",
                    reason=reason,
                    correction=correction.display_name,
                )
            passage.message_post(body=Markup("<p>%s</p>") % note)

    @api.model
    def _accrochage_reminder_domain(self, certifier, today):
        """The passages of ``certifier`` to remind: not accepted yet, overdue
        or due within 30 days of ``today``."""
        return [
            ("certifier_id", "=", certifier.id),
            ("state", "in", OPEN_STATES),
            (
                "next_deadline_date",
                "<=",
                today + timedelta(days=REMINDER_HORIZON_DAYS),
            ),
        ]

    def _accrochage_action_open(self):
        return open_records_action(self, "l10n_fr_accrochage.action_accrochage_passage")
