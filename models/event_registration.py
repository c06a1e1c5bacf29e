# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import flux
from .accrochage_passage import LOCKED_STATES
from .tools import ACCROCHAGE_GROUP, changed_fields

# Registration field -> passage field, copied to the passage of an admitted
# candidate.
REGISTRATION_PASSAGE_FIELDS = {
    "accrochage_partner_id": "partner_id",
    "accrochage_issue_date": "issue_date",
    "accrochage_score": "score",
    "accrochage_honours": "honours",
    "accrochage_language_level": "language_level",
    "accrochage_access_route": "access_route",
    "accrochage_vae_route": "vae_route",
    "accrochage_registration_initiative": "registration_initiative",
    "accrochage_registration_date": "registration_date",
    "accrochage_option_label": "option_label",
    "accrochage_cpf_file_number": "cpf_file_number",
}
SYNC_TRIGGER_FIELDS = {
    "accrochage_exam_result",
    "event_id",
    *REGISTRATION_PASSAGE_FIELDS,
}
EXAM_RESULTS = [
    ("pending", "Pending"),
    ("admitted", "Admitted"),
    ("failed", "Failed"),
    ("absent", "Absent"),
]
# Results of the candidates who are not reported.
NOT_ADMITTED_RESULTS = ("pending", "failed", "absent")


class EventRegistration(models.Model):
    _inherit = "event.registration"

    accrochage_partner_id = fields.Many2one(
        "res.partner",
        string="Candidate",
        compute="_compute_accrochage_partner_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        groups=ACCROCHAGE_GROUP,
        help="The person who takes the exam, holder of the certification when "
        "admitted. Defaults to the attendee's contact.",
    )
    accrochage_certification_id = fields.Many2one(
        related="event_id.accrochage_certification_id",
        string="Certification",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_exam_result = fields.Selection(
        EXAM_RESULTS,
        string="Exam Result",
        default="pending",
        required=True,
        tracking=True,
        groups=ACCROCHAGE_GROUP,
        help="Only admitted candidates are reported to the Caisse des Dépôts.",
    )
    accrochage_issue_date = fields.Date(
        string="Date of Issue",
        tracking=True,
        groups=ACCROCHAGE_GROUP,
        help="Date of issue of the certification, as on the parchment: start "
        "of validity and start of the 3-month reporting deadline.",
    )
    accrochage_score = fields.Char(
        string="Score",
        groups=ACCROCHAGE_GROUP,
        help="Score or marking basis reached (e.g. 955, 16/20).",
    )
    accrochage_honours = fields.Selection(
        flux.selection("mention"), string="Honours", groups=ACCROCHAGE_GROUP
    )
    accrochage_language_level = fields.Selection(
        flux.selection("niveauCECRL"),
        string="Language Level",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_access_route = fields.Selection(
        flux.selection("modaliteAcces"),
        string="Access Route",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_vae_route = fields.Selection(
        flux.selection("voieAccesVAE"), string="VAE Route", groups=ACCROCHAGE_GROUP
    )
    accrochage_registration_initiative = fields.Selection(
        flux.selection("initiativeInscription"),
        string="Registered by",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_registration_date = fields.Date(
        string="Exam Registration Date",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_option_label = fields.Char(
        string="Option",
        groups=ACCROCHAGE_GROUP,
        help="Option, mention or speciality obtained.",
    )
    accrochage_cpf_file_number = fields.Char(
        string="CPF File Number",
        groups=ACCROCHAGE_GROUP,
        help="Number of the candidate's CPF training file (EDOF), when known.",
    )
    accrochage_passage_id = fields.Many2one(
        "accrochage.passage",
        string="Passage",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_passage_state = fields.Selection(
        related="accrochage_passage_id.state",
        string="Passage Status",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_passage_locked = fields.Boolean(
        string="Passage Locked",
        compute="_compute_accrochage_passage_locked",
        groups=ACCROCHAGE_GROUP,
        help="The passage of this candidate is known to the Caisse des Dépôts, "
        "or on its way: the result can no longer be edited here.",
    )

    @api.depends("partner_id")
    def _compute_accrochage_partner_id(self):
        for registration in self:
            # A company books for its employees: it never takes the exam.
            if (
                registration.partner_id
                and not registration.partner_id.is_company
                and not registration.accrochage_partner_id
            ):
                registration.accrochage_partner_id = registration.partner_id

    @api.model_create_multi
    def create(self, vals_list):
        registrations = super().create(vals_list)
        if any(SYNC_TRIGGER_FIELDS.intersection(vals) for vals in vals_list):
            registrations._sync_accrochage_passage()
        return registrations

    def write(self, vals):
        result = super().write(vals)
        if SYNC_TRIGGER_FIELDS.intersection(vals):
            self._sync_accrochage_passage()
        return result

    @api.depends("accrochage_passage_id.state")
    def _compute_accrochage_passage_locked(self):
        for registration in self:
            registration.accrochage_passage_locked = (
                registration.accrochage_passage_id.state in LOCKED_STATES
            )

    def _accrochage_passage_ready(self):
        """An admitted candidate with what a passage needs."""
        self.ensure_one()
        return bool(
            self.accrochage_exam_result == "admitted"
            and self.accrochage_partner_id
            and self.accrochage_issue_date
            and self.event_id.accrochage_certification_id
        )

    def _prepare_accrochage_passage_vals(self):
        self.ensure_one()
        event = self.event_id
        vals = {
            "certification_id": event.accrochage_certification_id.id,
            "registration_id": self.id,
            "event_id": event.id,
            "exam_start_date": event.accrochage_exam_start_date,
            "exam_end_date": event.accrochage_exam_end_date,
            "exam_mode": event.accrochage_exam_mode,
            "exam_postcode": event.accrochage_exam_postcode,
        }
        for registration_field, passage_field in REGISTRATION_PASSAGE_FIELDS.items():
            value = self[registration_field]
            if isinstance(value, models.BaseModel):
                value = value.id
            vals[passage_field] = value
        return vals

    def _sync_accrochage_passage(self, only_open=False):
        """Create, update or delete the passages of these registrations.

        An admitted candidate (with a date of issue and a session certification)
        has a passage; un-admitting it deletes a passage not sent yet, and is
        refused once the passage has been sent. With ``only_open``, passages
        already sent are left alone (used when a session changes).
        """
        # The passages follow the registrations whoever edits them (e.g. an
        # event manager moving a session); the locks below still apply.
        Passage = self.env["accrochage.passage"].sudo()
        to_create = []
        # Sudo also for reading: the result fields are restricted to the
        # accrochage groups, and an event user may move a session.
        registrations = self.sudo()
        registrations_to_link = registrations.browse()
        for registration in registrations:
            passage = registration.accrochage_passage_id
            if registration._accrochage_passage_ready():
                vals = registration._prepare_accrochage_passage_vals()
                if not passage:
                    to_create.append(vals)
                    registrations_to_link |= registration
                    continue
                if only_open and passage.state not in ("to_send", "rejected"):
                    continue
                changed = changed_fields(passage, vals)
                if changed:
                    passage.write({name: vals[name] for name in changed})
            elif passage:
                if not passage._is_deletable():
                    raise UserError(
                        self.env._(
                            "Registration %(registration)s: the passage %(passage)s "
                            "has already been sent to the Caisse des Dépôts, the "
                            "candidate cannot stop being admitted here. Withdraw "
                            "the passage first.",
                            registration=registration.display_name,
                            passage=passage.display_name,
                        )
                    )
                registration.accrochage_passage_id = False
                passage.unlink()
        if to_create:
            passages = Passage.create(to_create)
            for registration, passage in zip(
                registrations_to_link, passages, strict=True
            ):
                registration.accrochage_passage_id = passage
