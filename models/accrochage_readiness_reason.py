# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AccrochageReadinessReason(models.Model):
    """Why a passage cannot be sent yet: the groups of the passages' readiness
    (to filter and group the passages by what blocks them)."""

    _name = "accrochage.readiness.reason"
    _description = "Accrochage Readiness Reason"
    _order = "sequence, id"

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [
            ("to_complete", "To complete"),
            ("waiting", "Waiting"),
            ("not_reportable", "Not reportable"),
        ],
        required=True,
    )
    target = fields.Selection(
        [
            ("holder", "Holder"),
            ("passage", "Passage"),
            ("certification", "Certification"),
        ],
        required=True,
        help="Where the fix is made.",
    )
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A readiness reason code is unique."),
    ]
