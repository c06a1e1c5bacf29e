# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from .accrochage_certifier import ACCROCHAGE_GROUP
from .accrochage_passage import (
    ACCESS_ROUTES,
    HONOURS,
    LANGUAGE_LEVELS,
    REGISTRATION_INITIATIVES,
    VAE_ROUTES,
)

# Registration field -> passage field, copied to the passage of an admitted
# candidate.
REGISTRATION_PASSAGE_FIELDS = {
    "accrochage_partner_id": "partner_id",
    "issue_date": "issue_date",
    "score": "score",
    "honours": "honours",
    "language_level": "language_level",
    "access_route": "access_route",
    "vae_route": "vae_route",
    "registration_initiative": "registration_initiative",
    "registration_date": "registration_date",
    "option_label": "option_label",
    "cpf_file_number": "cpf_file_number",
}
SYNC_TRIGGER_FIELDS = {"exam_result", "event_id", *REGISTRATION_PASSAGE_FIELDS}


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
    exam_result = fields.Selection(
        [
            ("pending", "Pending"),
            ("admitted", "Admitted"),
            ("failed", "Failed"),
            ("absent", "Absent"),
        ],
        default="pending",
        required=True,
        tracking=True,
        groups=ACCROCHAGE_GROUP,
        help="Only admitted candidates are reported to the Caisse des Dépôts.",
    )
    issue_date = fields.Date(
        string="Date of Issue",
        tracking=True,
        groups=ACCROCHAGE_GROUP,
        help="Date of issue of the certification, as on the parchment: start "
        "of validity and start of the 3-month reporting deadline.",
    )
    score = fields.Char(
        groups=ACCROCHAGE_GROUP,
        help="Score or marking basis reached (e.g. 955, 16/20).",
    )
    honours = fields.Selection(HONOURS, groups=ACCROCHAGE_GROUP)
    language_level = fields.Selection(
        LANGUAGE_LEVELS,
        groups=ACCROCHAGE_GROUP,
    )
    access_route = fields.Selection(
        ACCESS_ROUTES,
        groups=ACCROCHAGE_GROUP,
    )
    vae_route = fields.Selection(
        VAE_ROUTES, string="VAE Route", groups=ACCROCHAGE_GROUP
    )
    registration_initiative = fields.Selection(
        REGISTRATION_INITIATIVES,
        string="Registered by",
        groups=ACCROCHAGE_GROUP,
    )
    registration_date = fields.Date(
        string="Exam Registration Date",
        groups=ACCROCHAGE_GROUP,
    )
    option_label = fields.Char(
        string="Option",
        groups=ACCROCHAGE_GROUP,
        help="Option, mention or speciality obtained.",
    )
    cpf_file_number = fields.Char(
        string="CPF File Number",
        size=13,
        groups=ACCROCHAGE_GROUP,
        help="Number of the candidate's CPF training file (EDOF), when known.",
    )
    passage_id = fields.Many2one(
        "accrochage.passage",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups=ACCROCHAGE_GROUP,
    )
    passage_state = fields.Selection(
        related="passage_id.state",
        string="Passage Status",
        groups=ACCROCHAGE_GROUP,
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

    def _accrochage_passage_ready(self):
        """An admitted candidate with what a passage needs."""
        self.ensure_one()
        return bool(
            self.exam_result == "admitted"
            and self.accrochage_partner_id
            and self.issue_date
            and self.event_id.accrochage_certification_id
        )

    def _prepare_accrochage_passage_vals(self):
        self.ensure_one()
        event = self.event_id
        vals = {
            "certification_id": event.accrochage_certification_id.id,
            "registration_id": self.id,
            "event_id": event.id,
            "exam_start_date": event.exam_start_date,
            "exam_end_date": event.exam_end_date,
            "exam_mode": event.exam_mode,
            "exam_postcode": event.exam_postcode,
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
            passage = registration.passage_id
            if registration._accrochage_passage_ready():
                vals = registration._prepare_accrochage_passage_vals()
                if not passage:
                    to_create.append(vals)
                    registrations_to_link |= registration
                    continue
                if only_open and passage.state not in ("to_send", "rejected"):
                    continue
                changed = passage._changed_vals(vals)
                if changed:
                    passage.write(changed)
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
                registration.passage_id = False
                passage.unlink()
        if to_create:
            passages = Passage.create(to_create)
            for registration, passage in zip(
                registrations_to_link, passages, strict=True
            ):
                registration.passage_id = passage
