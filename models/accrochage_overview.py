# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from .accrochage_passage import OPEN_STATES, REMINDER_HORIZON_DAYS

# Overview column -> SQL condition on the passage (readiness and state).
COUNTS = {
    "ready_count": "passage.readiness = 'ready'",
    "to_complete_count": "passage.readiness = 'to_complete'",
    "waiting_count": "passage.readiness IN ('waiting', 'not_reportable')",
    "in_file_count": "passage.state IN ('in_file', 'withdrawal_in_file')",
    "awaiting_report_count": "passage.state IN ('sent', 'withdrawal_sent')",
    "accepted_count": "passage.state = 'accepted'",
    "rejected_count": "passage.state = 'rejected'",
    "withdrawn_count": "passage.state = 'withdrawn'",
}


class AccrochageOverview(models.Model):
    """Where each certification stands, to work from all month: what is ready
    to send, what is blocked, what waits for its deposit or its report, the
    deadlines. One row per certification (SQL view)."""

    _name = "accrochage.overview"
    _description = "Accrochage Overview"
    _auto = False
    _order = "certifier_id, certification_id"
    _rec_name = "certification_id"
    # Flushed before the view is read.
    _depends = {
        "accrochage.certification": ["certifier_id", "company_id", "active"],
        "accrochage.passage": [
            "certification_id",
            "state",
            "readiness",
            "next_deadline_date",
        ],
    }

    certification_id = fields.Many2one("accrochage.certification", readonly=True)
    certifier_id = fields.Many2one("accrochage.certifier", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    active = fields.Boolean(readonly=True)
    passage_count = fields.Integer(string="Passages", readonly=True)
    ready_count = fields.Integer(
        string="Ready", readonly=True, help="Passages ready for the next file."
    )
    to_complete_count = fields.Integer(
        string="To complete",
        readonly=True,
        help="Passages to send that miss data (holder, result) or that the "
        "Caisse des Dépôts would refuse.",
    )
    waiting_count = fields.Integer(
        string="Waiting",
        readonly=True,
        help="Passages waiting (date of issue to come, withdrawal to process) "
        "or not reportable.",
    )
    in_file_count = fields.Integer(
        string="To deposit",
        readonly=True,
        help="Passages in a file generated but not marked as deposited: "
        "nothing has reached the Caisse des Dépôts yet.",
    )
    awaiting_report_count = fields.Integer(
        string="Deposited",
        readonly=True,
        help="Passages deposited, waiting for the processing report.",
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
        string="Due Soon",
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
        counts = ",\n".join(
            f"COUNT(passage.id) FILTER (WHERE {condition}) AS {column}"
            for column, condition in COUNTS.items()
        )
        return f"""
            SELECT
                certification.id AS id,
                certification.id AS certification_id,
                certification.certifier_id AS certifier_id,
                certification.company_id AS company_id,
                certification.active AS active,
                COUNT(passage.id) AS passage_count,
                {counts},
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

    def _open_passages(self, domain, context=None):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_passage"
        )
        action["domain"] = [
            ("certification_id", "=", self.certification_id.id),
            *domain,
        ]
        action["context"] = context or {}
        return action

    def action_open_passages(self):
        """The passages of this certification, by readiness."""
        return self._open_passages([], {"search_default_group_by_readiness": 1})

    def action_open_ready(self):
        return self._open_passages([("readiness", "=", "ready")])

    def action_open_to_complete(self):
        return self._open_passages(
            [("readiness", "=", "to_complete")],
            {"search_default_group_by_reason": 1},
        )

    def action_open_to_deposit(self):
        """The files of this certification to deposit."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_file"
        )
        action["domain"] = [
            ("certification_ids", "in", self.certification_id.ids),
            ("state", "=", "generated"),
        ]
        action["context"] = {}
        return action

    def action_generate(self):
        """The generation wizard of the certifier of this row."""
        self.ensure_one()
        return self.certifier_id.action_open_generate_wizard()
