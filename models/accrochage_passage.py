# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import flux
from . import flux_adapter
from .tools import changed_fields, open_records_action

PASSAGE_STATES = [
    ("to_send", "To send"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("withdrawal_sent", "Withdrawal sent"),
    ("withdrawn", "Withdrawn"),
]
# States whose data is known to the Caisse des Dépôts, or on its way: the data
# fields are locked (see ``write``).
LOCKED_STATES = ("sent", "accepted", "withdrawal_sent", "withdrawn")
# Passages not accepted yet by the Caisse des Dépôts: the deadlines apply.
OPEN_STATES = ("to_send", "sent", "rejected")
# States where a correction requested by a processing report is pending.
CORRECTION_STATES = ("rejected", "to_send", "sent")
REMINDER_HORIZON_DAYS = 30

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
    cdc_message = fields.Text(
        string="CDC Message",
        tracking=True,
        help="Message of the last processing report of the Caisse des Dépôts.",
    )
    cdc_explanation = fields.Text(
        string="CDC Explanation",
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
        if self.state == "sent":
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

    # Eligibility -------------------------------------------------------------

    def _accrochage_state_reason(self, certifier):
        """Why this passage cannot go in a new CREATION file for ``certifier``
        because of where it stands, or an empty string."""
        self.ensure_one()
        if self.certifier_id != certifier:
            return self.env._(
                "Belongs to another certifier (%(certifier)s).",
                certifier=self.certifier_id.display_name,
            )
        if self.state == "sent":
            files = self.file_ids.filtered(
                lambda f: f.state in ("generated", "deposited")
            )
            return self.env._(
                "Already in file %(file)s, not yet processed by the Caisse des Dépôts.",
                file=", ".join(files.mapped("name")) or "?",
            )
        if self.state == "rejected":
            return self.env._(
                "Rejected by the Caisse des Dépôts: correct the holder's data "
                "first (%(message)s).",
                message=self.cdc_message or "",
            )
        reasons = {
            "accepted": self.env._("Already accepted by the Caisse des Dépôts."),
            "withdrawal_sent": self.env._(
                "Withdrawal sent to the Caisse des Dépôts, not yet processed."
            ),
            "withdrawn": self.env._("Withdrawn from the Caisse des Dépôts."),
        }
        if self.state in reasons:
            return reasons[self.state]
        corrected = self.corrected_passage_id
        if corrected and corrected.state != "withdrawn":
            # The corrected data must not reach the CDC while it still holds
            # the passage it replaces.
            return self.env._(
                "Waiting for the Caisse des Dépôts to process the withdrawal of "
                "%(passage)s: this correction is sent once it is withdrawn.",
                passage=corrected.display_name,
            )
        return ""

    def _accrochage_identity_reasons(self, version):
        """Every missing or invalid piece of identity, as French sentences."""
        self.ensure_one()
        partner = self.partner_id
        reasons = []
        french = partner.accrochage_nationality_id.code == "FR"
        if not partner.accrochage_nationality_id and not partner.accrochage_nir:
            reasons.append(
                self.env._(
                    "Nationality missing: record it, or the NIR (only holders who "
                    "have a French social security number are reported)."
                )
            )
        elif not french and not partner.accrochage_nir:
            reasons.append(
                self.env._(
                    "Not French and no NIR recorded: the Caisse des Dépôts only "
                    "accepts holders who have a French social security number."
                )
            )
        branch = flux_adapter.identification_branch(self, version)
        if branch == "national_id":
            if not partner.accrochage_birth_name:
                reasons.append(self.env._("Birth name missing."))
            return reasons
        if branch == "training_file":
            if not partner.accrochage_birth_name:
                reasons.append(self.env._("Birth name missing."))
            if not partner.accrochage_first_name_1:
                reasons.append(self.env._("First name missing."))
            return reasons
        if not partner.accrochage_birth_name:
            reasons.append(self.env._("Birth name missing."))
        if not partner.accrochage_first_name_1:
            reasons.append(self.env._("First name missing."))
        if not partner.accrochage_sex:
            reasons.append(self.env._("Sex missing."))
        if not partner.accrochage_birth_date:
            reasons.append(self.env._("Birth date (at least the year) missing."))
        elif (
            not flux.BIRTH_YEAR_MIN
            <= partner.accrochage_birth_date.year
            <= fields.Date.today().year
        ):
            reasons.append(
                self.env._(
                    "Birth year %(year)s is not plausible.",
                    year=partner.accrochage_birth_date.year,
                )
            )
        reasons.extend(self._accrochage_birth_place_reasons())
        return reasons

    def _accrochage_result_reasons(self):
        """What the certification promises and the passage does not give."""
        self.ensure_one()
        certification = self.certification_id
        reasons = []
        if certification.grants_language_level and not self.language_level:
            reasons.append(
                self.env._(
                    "European language level missing: certification "
                    "%(certification)s grants one.",
                    certification=certification.display_name,
                )
            )
        if certification.grants_digital_level and not (
            self.digital_score or self.digital_result_ids
        ):
            reasons.append(
                self.env._(
                    "European digital level missing: certification "
                    "%(certification)s grants one.",
                    certification=certification.display_name,
                )
            )
        return reasons

    def _accrochage_birth_place_reasons(self):
        partner = self.partner_id
        if partner.accrochage_birth_place_type == "abroad":
            reason = self._accrochage_birth_country_reason()
        elif partner.accrochage_birth_place_type != "france":
            reason = self.env._("Birth place missing (born in France or abroad).")
        elif partner.accrochage_birth_insee_code:
            reason = ""
            if not flux.INSEE_CODE_PATTERN.fullmatch(
                partner.accrochage_birth_insee_code
            ):
                reason = self.env._(
                    "INSEE code of the birth commune %(code)s is invalid "
                    "(5 characters, 2A or 2B for Corsica).",
                    code=partner.accrochage_birth_insee_code,
                )
        elif not partner.accrochage_birth_postcode:
            reason = self.env._(
                "Birth commune missing: give its INSEE code (preferred) or "
                "its postcode."
            )
        else:
            reason = ""
        return [reason] if reason else []

    def _accrochage_birth_country_reason(self):
        country = self.partner_id.accrochage_birth_country_id
        if not country:
            return self.env._("Birth country missing (born abroad).")
        if not country._accrochage_insee_code():
            return self.env._(
                "Birth country %(country)s has no INSEE code (99xxx).",
                country=country.name,
            )
        return ""

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
