# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .accrochage_certification import OBTENTION_MODES
from .event_event import EXAM_MODES

REPORTING_DEADLINE_MONTHS = 3
CPF_FILE_NUMBER_MAX_LENGTH = 13
DIGITAL_SCORE_MAX = 1000
TEXT_MAX_LENGTH = 255

HONOURS = [
    ("SANS_MENTION", "No honours"),
    ("MENTION_ASSEZ_BIEN", "Fairly good"),
    ("MENTION_BIEN", "Good"),
    ("MENTION_TRES_BIEN", "Very good"),
    (
        "MENTION_TRES_BIEN_AVEC_FELICITATIONS_DU_JURY",
        "Very good with the jury's congratulations",
    ),
]
LANGUAGE_LEVELS = [
    ("A1", "A1"),
    ("A2", "A2"),
    ("B1", "B1"),
    ("B2", "B2"),
    ("C1", "C1"),
    ("C2", "C2"),
    ("INSUFFISANT", "Insufficient"),
]
ACCESS_ROUTES = [
    ("FORMATION_INITIALE_HORS_APPRENTISSAGE", "Initial education (not apprenticeship)"),
    ("FORMATION_INITIALE_APPRENTISSAGE", "Apprenticeship"),
    (
        "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION",
        "Continuing training (not professionalisation contract)",
    ),
    (
        "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION",
        "Professionalisation contract",
    ),
    ("VAE", "Validation of prior experience (VAE)"),
    ("EQUIVALENCE_DIPLOME_ETRANGER", "Equivalence of a foreign diploma"),
    ("CANDIDAT_LIBRE", "Independent candidate"),
]
VAE_ROUTES = [
    ("CONGES_VAE", "VAE leave"),
    ("VAE_CLASSIQUE", "Classic VAE"),
]
REGISTRATION_INITIATIVES = [
    ("CERTIFIE", "The candidate"),
    ("OF", "Training organisation"),
    ("POLE_EMPLOI", "France Travail"),
    ("EMPLOYEUR", "Employer"),
    ("AUTRE", "Other"),
]
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
        OBTENTION_MODES,
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
    exam_mode = fields.Selection(EXAM_MODES)
    exam_postcode = fields.Char(string="Exam Centre Postcode")
    score = fields.Char(help="Score or marking basis reached (e.g. 955, 16/20).")
    honours = fields.Selection(HONOURS)
    language_level = fields.Selection(
        LANGUAGE_LEVELS,
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
    access_route = fields.Selection(ACCESS_ROUTES)
    vae_route = fields.Selection(VAE_ROUTES, string="VAE Route")
    registration_initiative = fields.Selection(
        REGISTRATION_INITIATIVES, string="Registered by"
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

    _sql_constraints = [
        (
            "certifier_technical_id_uniq",
            "unique(certifier_id, technical_id)",
            "The technical ID of a passage must be unique per certifier.",
        ),
    ]

    @api.depends("technical_id", "partner_id.holder_display_name")
    def _compute_name(self):
        for passage in self:
            holder = passage.partner_id.holder_display_name or ""
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
            passage.deadline_date = passage.issue_date and (
                passage.issue_date + relativedelta(months=REPORTING_DEADLINE_MONTHS)
            )

    @api.depends("deadline_date")
    def _compute_days_left(self):
        today = fields.Date.context_today(self)
        for passage in self:
            passage.days_left = (
                (passage.deadline_date - today).days if passage.deadline_date else 0
            )

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
            if not 0 <= passage.digital_score <= DIGITAL_SCORE_MAX:
                raise passage._passage_error(
                    self.env._(
                        "the digital score must be between 1 and %(max)s "
                        "(0 when there is none).",
                        max=DIGITAL_SCORE_MAX,
                    )
                )

    @api.constrains("cpf_file_number")
    def _check_cpf_file_number(self):
        for passage in self:
            number = passage.cpf_file_number or ""
            if len(number) > CPF_FILE_NUMBER_MAX_LENGTH:
                raise passage._passage_error(
                    self.env._(
                        "the CPF file number must have at most %(max)s characters "
                        "(given: “%(number)s”).",
                        max=CPF_FILE_NUMBER_MAX_LENGTH,
                        number=number,
                    )
                )

    @api.constrains("score", "option_label", "proof_url", "verbatim")
    def _check_text_lengths(self):
        labels = {
            "score": self.env._("score"),
            "option_label": self.env._("option"),
            "proof_url": self.env._("proof URL"),
            "verbatim": self.env._("verbatim"),
        }
        for passage in self:
            for field_name, label in labels.items():
                if len(passage[field_name] or "") > TEXT_MAX_LENGTH:
                    raise passage._passage_error(
                        self.env._(
                            "the %(field)s must have at most %(max)s characters.",
                            field=label,
                            max=TEXT_MAX_LENGTH,
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
                        .holder_display_name,
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
                changed = passage._changed_data_fields(vals, data_fields)
                if changed:
                    raise passage._locked_error(changed)
            if "state" not in vals:
                # Back in the queue only when the data really changes (an
                # import may write the same values again).
                rejected = self.filtered(
                    lambda passage: (
                        passage.state == "rejected"
                        and passage._changed_data_fields(vals, data_fields)
                    )
                )
                if rejected:
                    super(AccrochagePassage, rejected).write({"state": "to_send"})
        return super().write(vals)

    def _changed_data_fields(self, vals, field_names):
        """The fields of ``field_names`` whose value in ``vals`` differs from
        this passage (an import may write the same values again); x2many
        commands always count as a change."""
        self.ensure_one()
        changed = set()
        for name in field_names:
            field = self._fields[name]
            if field.type in ("one2many", "many2many"):
                changed.add(name)
                continue
            new = field.convert_to_record(
                field.convert_to_cache(vals[name], self), self
            )
            if (self[name] or False) != (new or False):
                changed.add(name)
        return changed

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
        if self.state != "to_send":
            return False
        if "accrochage.file" in self.env and "file_ids" in self._fields:
            return not self.sudo().file_ids
        return True

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

    def _changed_vals(self, vals):
        """The part of ``vals`` (plain values, ids for relations) that differs
        from this passage."""
        self.ensure_one()
        changed = {}
        for field_name, value in vals.items():
            current = self[field_name]
            if isinstance(current, models.BaseModel):
                current = current.id
            if (current or False) != (value or False):
                changed[field_name] = value
        return changed

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


class AccrochagePassageDigitalResult(models.Model):
    """One DigComp competence result of a passage (bloc 6 resultat)."""

    _name = "accrochage.passage.digital.result"
    _description = "Accrochage Passage Digital Result"
    _order = "passage_id, area, competence, id"

    passage_id = fields.Many2one(
        "accrochage.passage",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="passage_id.company_id", store=True)
    area = fields.Char(
        size=1,
        required=True,
        help="DigComp competence area: 1 information and data literacy, "
        "2 communication and collaboration, 3 digital content creation, "
        "4 safety, 5 problem solving.",
    )
    competence = fields.Char(
        size=1,
        required=True,
        help="Competence within the area (1 to 6).",
    )
    level = fields.Integer(required=True, default=1, help="Level reached, 1 to 8.")

    def _check_passage_unlocked(self, passages):
        """The digital results are data of their passage: locked with it."""
        if self.env.context.get("accrochage_passage_force_edit"):
            return
        locked = passages.filtered(lambda passage: passage.state in LOCKED_STATES)
        if locked:
            raise locked[0]._locked_error({"digital_result_ids"})

    @api.model_create_multi
    def create(self, vals_list):
        self._check_passage_unlocked(
            self.env["accrochage.passage"].browse(
                [vals["passage_id"] for vals in vals_list if vals.get("passage_id")]
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        passages = self.passage_id
        if vals.get("passage_id"):
            passages |= passages.browse(vals["passage_id"])
        self._check_passage_unlocked(passages)
        return super().write(vals)

    def unlink(self):
        self._check_passage_unlocked(self.passage_id)
        return super().unlink()

    @api.constrains("area", "competence", "level")
    def _check_values(self):
        for result in self:
            if (
                result.area not in ("1", "2", "3", "4", "5")
                or not (result.competence or "").isdigit()
                or not 1 <= result.level <= 8
            ):
                raise ValidationError(
                    self.env._(
                        "Passage %(passage)s: the digital result "
                        "%(area)s.%(competence)s level %(level)s is not valid: "
                        "the area is 1 to 5, the competence a digit and the "
                        "level 1 to 8.",
                        passage=result.passage_id.display_name,
                        area=result.area,
                        competence=result.competence,
                        level=result.level,
                    )
                )
