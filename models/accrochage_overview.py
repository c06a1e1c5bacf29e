# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from .accrochage_passage import OPEN_STATES, REMINDER_HORIZON_DAYS


class AccrochageOverview(models.Model):
    """Where each certification stands: its passages by status, and those
    overdue or due soon. One row per certification (SQL view)."""

    _name = "accrochage.overview"
    _description = "Accrochage Overview"
    _auto = False
    _order = "certifier_id, certification_id"
    _rec_name = "certification_id"
    # Flushed before the view is read.
    _depends = {
        "accrochage.certification": ["certifier_id", "company_id", "active"],
        "accrochage.passage": ["certification_id", "state", "next_deadline_date"],
    }

    certification_id = fields.Many2one("accrochage.certification", readonly=True)
    certifier_id = fields.Many2one("accrochage.certifier", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    active = fields.Boolean(readonly=True)
    passage_count = fields.Integer(string="Passages", readonly=True)
    to_send_count = fields.Integer(string="To send", readonly=True)
    sent_count = fields.Integer(
        string="Sent",
        readonly=True,
        help="Passages in a file waiting for its processing report: sent, or "
        "their withdrawal sent.",
    )
    accepted_count = fields.Integer(string="Accepted", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    withdrawn_count = fields.Integer(string="Withdrawn", readonly=True)
    overdue_count = fields.Integer(
        string="Overdue",
        readonly=True,
        help="Passages not accepted yet whose next deadline is over.",
    )
    due_soon_count = fields.Integer(
        string="Due within 30 days",
        readonly=True,
        help="Passages not accepted yet whose next deadline is within 30 days.",
    )
    next_deadline_date = fields.Date(
        string="Next Deadline",
        readonly=True,
        help="The earliest deadline of the passages not accepted yet.",
    )

    @property
    def _table_query(self):
        open_states = ", ".join(f"'{state}'" for state in OPEN_STATES)
        is_open = f"passage.state IN ({open_states})"
        return f"""
            SELECT
                certification.id AS id,
                certification.id AS certification_id,
                certification.certifier_id AS certifier_id,
                certification.company_id AS company_id,
                certification.active AS active,
                COUNT(passage.id) AS passage_count,
                COUNT(passage.id) FILTER (WHERE passage.state = 'to_send')
                    AS to_send_count,
                COUNT(passage.id) FILTER (
                    WHERE passage.state IN ('sent', 'withdrawal_sent')
                ) AS sent_count,
                COUNT(passage.id) FILTER (WHERE passage.state = 'accepted')
                    AS accepted_count,
                COUNT(passage.id) FILTER (WHERE passage.state = 'rejected')
                    AS rejected_count,
                COUNT(passage.id) FILTER (WHERE passage.state = 'withdrawn')
                    AS withdrawn_count,
                COUNT(passage.id) FILTER (
                    WHERE {is_open}
                    AND passage.next_deadline_date < CURRENT_DATE
                ) AS overdue_count,
                COUNT(passage.id) FILTER (
                    WHERE {is_open}
                    AND passage.next_deadline_date >= CURRENT_DATE
                    AND passage.next_deadline_date
                        <= CURRENT_DATE + {int(REMINDER_HORIZON_DAYS)}
                ) AS due_soon_count,
                MIN(passage.next_deadline_date) FILTER (WHERE {is_open})
                    AS next_deadline_date
            FROM accrochage_certification certification
            LEFT JOIN accrochage_passage passage
                ON passage.certification_id = certification.id
            GROUP BY certification.id
        """

    def action_open_passages(self):
        """The passages of this certification, overdue first."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_passage"
        )
        action["domain"] = [("certification_id", "=", self.certification_id.id)]
        action["context"] = {"search_default_group_by_state": 1}
        return action
