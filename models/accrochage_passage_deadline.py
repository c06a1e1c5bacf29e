# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Deadlines of a passage: the legal one, and the one of a correction.

A passage must reach the Caisse des Dépôts within 3 months of its date of
issue. When the Caisse des Dépôts rejects it (or the certifier corrects an
accepted passage), the corrected data is due within 3 months of the request
(décret of 30/12/2024).
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .accrochage_passage import REPORTING_DEADLINE_MONTHS

# Passages not accepted yet by the Caisse des Dépôts: the deadlines apply.
OPEN_STATES = ("to_send", "sent", "rejected")
# States where a correction requested by a processing report is pending.
CORRECTION_STATES = ("rejected", "to_send", "sent")
REMINDER_HORIZON_DAYS = 30


class AccrochagePassage(models.Model):
    _inherit = "accrochage.passage"

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

    @api.depends("state", "cdc_report_date", "correction_request_date")
    def _compute_correction_deadline_date(self):
        for passage in self:
            requests = []
            if passage.state in CORRECTION_STATES and passage.cdc_report_date:
                requests.append(passage.cdc_report_date)
            if passage.state in OPEN_STATES and passage.correction_request_date:
                requests.append(passage.correction_request_date)
            passage.correction_deadline_date = requests and (
                max(requests) + relativedelta(months=REPORTING_DEADLINE_MONTHS)
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
