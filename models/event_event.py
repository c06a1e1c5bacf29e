# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import flux
from .tools import ACCROCHAGE_GROUP

# Changing these on a session updates the passages of its admitted candidates.
SESSION_PASSAGE_FIELDS = {
    "date_begin",
    "date_end",
    "date_tz",
    "address_id",
    "accrochage_certification_id",
    "accrochage_exam_start_date",
    "accrochage_exam_end_date",
    "accrochage_exam_mode",
    "accrochage_exam_postcode",
}


class EventEvent(models.Model):
    _inherit = "event.event"

    accrochage_certification_id = fields.Many2one(
        "accrochage.certification",
        string="Certification",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
        groups=ACCROCHAGE_GROUP,
        domain="[('company_id', 'in', [company_id or current_company_id, False])]",
        help="Certification this exam session leads to: its admitted candidates "
        "become passages to report to the Caisse des Dépôts.",
    )
    accrochage_exam_start_date = fields.Date(
        string="Exam Start Date",
        compute="_compute_accrochage_exam_dates",
        store=True,
        readonly=False,
        groups=ACCROCHAGE_GROUP,
        help="Date of the exam, test or jury, or start of the assessment period "
        "(dateDebutExamen). Defaults to the start of the event.",
    )
    accrochage_exam_end_date = fields.Date(
        string="Exam End Date",
        compute="_compute_accrochage_exam_dates",
        store=True,
        readonly=False,
        groups=ACCROCHAGE_GROUP,
        help="End of the exam period (dateFinExamen). Defaults to the end of "
        "the event.",
    )
    accrochage_exam_mode = fields.Selection(
        flux.selection("modalitePassageExamen"),
        string="Exam Mode",
        default="EN_PRESENTIEL",
        groups=ACCROCHAGE_GROUP,
        help="How the candidates take the exam (modalitePassageExamen).",
    )
    accrochage_exam_postcode = fields.Char(
        string="Exam Centre Postcode",
        compute="_compute_accrochage_exam_postcode",
        store=True,
        readonly=False,
        groups=ACCROCHAGE_GROUP,
        help="Postcode of the main exam centre (codePostalCentreExamen). "
        "Defaults to the postcode of the event venue.",
    )
    accrochage_passage_ids = fields.One2many(
        "accrochage.passage",
        "event_id",
        string="Passages",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_passage_count = fields.Integer(
        string="Passages Count",
        compute="_compute_accrochage_passage_count",
        groups=ACCROCHAGE_GROUP,
    )

    accrochage_admitted_count = fields.Integer(
        string="Admitted Count",
        compute="_compute_accrochage_admitted_count",
        groups=ACCROCHAGE_GROUP,
    )

    def _compute_accrochage_admitted_count(self):
        counts = dict(
            self.env["event.registration"]._read_group(
                [
                    ("event_id", "in", self.ids),
                    ("accrochage_exam_result", "=", "admitted"),
                ],
                ["event_id"],
                ["__count"],
            )
        )
        for event in self:
            event.accrochage_admitted_count = counts.get(event, 0)

    def _accrochage_local_date(self, value):
        self.ensure_one()
        if not value:
            return False
        timezone = pytz.timezone(self.date_tz or "UTC")
        return pytz.utc.localize(value).astimezone(timezone).date()

    @api.depends("date_begin", "date_end", "date_tz")
    def _compute_accrochage_exam_dates(self):
        for event in self:
            event.accrochage_exam_start_date = event._accrochage_local_date(
                event.date_begin
            )
            event.accrochage_exam_end_date = event._accrochage_local_date(
                event.date_end
            )

    @api.depends("address_id.zip")
    def _compute_accrochage_exam_postcode(self):
        for event in self:
            if event.address_id.zip:
                event.accrochage_exam_postcode = event.address_id.zip

    def _compute_accrochage_passage_count(self):
        counts = dict(
            self.env["accrochage.passage"]._read_group(
                [("event_id", "in", self.ids)], ["event_id"], ["__count"]
            )
        )
        for event in self:
            event.accrochage_passage_count = counts.get(event, 0)

    @api.constrains("accrochage_certification_id", "company_id")
    def _check_accrochage_certification_company(self):
        for event in self:
            certification = event.accrochage_certification_id
            if (
                certification
                and event.company_id
                and certification.company_id != event.company_id
            ):
                raise ValidationError(
                    self.env._(
                        "Session %(session)s: the certification %(certification)s "
                        "belongs to company %(company)s, not to the session's.",
                        session=event.name,
                        certification=certification.display_name,
                        company=certification.company_id.name,
                    )
                )

    @api.constrains("accrochage_exam_start_date", "accrochage_exam_end_date")
    def _check_accrochage_exam_dates(self):
        for event in self:
            if (
                event.accrochage_exam_start_date
                and event.accrochage_exam_end_date
                and event.accrochage_exam_end_date < event.accrochage_exam_start_date
            ):
                raise ValidationError(
                    self.env._(
                        "Session %(session)s: the exam end date must not be before "
                        "the exam start date.",
                        session=event.name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if SESSION_PASSAGE_FIELDS.intersection(vals):
            self.registration_ids._sync_accrochage_passage(only_open=True)
        return result

    def action_view_accrochage_passages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_passage"
        )
        action["domain"] = [("event_id", "=", self.id)]
        action["context"] = {
            "default_event_id": self.id,
            "default_certification_id": self.accrochage_certification_id.id,
        }
        return action
