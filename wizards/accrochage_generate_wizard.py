# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from babel.dates import format_date as babel_format_date

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import babel_locale_parse

from .. import flux
from ..models.accrochage_certifier import month_bounds, previous_month


class AccrochageGenerateWizard(models.TransientModel):
    """The preview of a generation (what goes in the file, what is left out
    and why); the generation itself is an accrochage.generation."""

    _name = "accrochage.generate.wizard"
    _description = "Generate Accrochage File"

    certifier_id = fields.Many2one(
        "accrochage.certifier",
        required=True,
        default=lambda self: self._default_certifier(),
        domain="[('company_id', 'in', allowed_company_ids)]",
    )
    action = fields.Selection(
        flux.selection("action"),
        required=True,
        default="CREATION",
    )
    period_month = fields.Selection(
        selection="_month_selection",
        string="Month",
        default=lambda self: str(
            previous_month(fields.Date.context_today(self))[0].month
        ),
        help="The month of the dates of issue (sets the period).",
    )
    period_year = fields.Integer(
        string="Year",
        default=lambda self: previous_month(fields.Date.context_today(self))[0].year,
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: previous_month(fields.Date.context_today(self))[0],
        help="First date of issue of the period.",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: previous_month(fields.Date.context_today(self))[1],
        help="Last date of issue of the period.",
    )
    include_earlier = fields.Boolean(
        string="Include earlier passages never sent",
        default=True,
        help="Also send the passages issued before the period that are still "
        "to send (forgotten, corrected after a rejection...).",
    )
    certification_ids = fields.Many2many(
        "accrochage.certification",
        string="Certifications",
        domain="[('certifier_id', '=', certifier_id)]",
        help="Leave empty for every certification of the certifier.",
    )
    withdraw_passage_ids = fields.Many2many(
        "accrochage.passage",
        "accrochage_generate_wizard_withdraw_rel",
        string="Passages to withdraw",
    )
    correction = fields.Boolean(
        default=lambda self: bool(self.env.context.get("accrochage_correction")),
        help="After the withdrawal file, create a new passage to send for each "
        "withdrawn passage, with a new technical ID, to correct its data.",
    )
    eligible_passage_ids = fields.Many2many(
        "accrochage.passage",
        "accrochage_generate_wizard_eligible_rel",
        string="Passages to send",
        compute="_compute_selection",
    )
    exclusion_ids = fields.One2many(
        "accrochage.generate.wizard.exclusion",
        "wizard_id",
        string="Left out",
        compute="_compute_selection",
    )
    eligible_count = fields.Integer(compute="_compute_selection")
    excluded_count = fields.Integer(compute="_compute_selection")

    @api.model
    def _month_selection(self):
        locale = babel_locale_parse(self.env.lang or "en_US")
        return [
            (str(month), babel_format_date(month_date, "LLLL", locale=locale).title())
            for month, month_date in (
                (month, fields.Date.today().replace(month=month, day=1))
                for month in range(1, 13)
            )
        ]

    @api.model
    def _default_certifier(self):
        certifiers = self.env["accrochage.certifier"].search(
            [("company_id", "in", self.env.companies.ids)]
        )
        mine = certifiers.filtered(lambda c: c.user_id == self.env.user)
        return (mine or certifiers)[:1]

    @api.onchange("period_month", "period_year")
    def _onchange_period(self):
        if self.period_month and self.period_year and 1900 < self.period_year < 2100:
            first = fields.Date.today().replace(
                year=self.period_year, month=int(self.period_month), day=1
            )
            self.date_from, self.date_to = month_bounds(first)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(self.env._("The period must start before it ends."))

    def _generation_values(self):
        self.ensure_one()
        return {
            "certifier_id": self.certifier_id.id,
            "action": self.action,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "include_earlier": self.include_earlier,
            "certification_ids": [fields.Command.set(self.certification_ids.ids)],
            "passage_ids": [fields.Command.set(self.withdraw_passage_ids.ids)],
            "correction": self.action == "SUPPRESSION" and self.correction,
        }

    def _generation(self):
        """The generation this preview describes, not saved."""
        return self.env["accrochage.generation"].new(self._generation_values())

    @api.depends(
        "certifier_id",
        "action",
        "date_from",
        "date_to",
        "include_earlier",
        "certification_ids",
        "withdraw_passage_ids",
    )
    def _compute_selection(self):
        for wizard in self:
            generation = wizard._generation()
            eligible, exclusions = generation._select()
            wizard.eligible_passage_ids = eligible
            wizard.exclusion_ids = [fields.Command.clear()] + [
                fields.Command.create(values) for values in exclusions
            ]
            wizard.eligible_count = len(eligible)
            wizard.excluded_count = len(exclusions)

    def _select_passages(self):
        """``(passages to send, values of the lines left out)``."""
        self.ensure_one()
        return self._generation()._select()

    def action_generate(self):
        self.ensure_one()
        generation = self.env["accrochage.generation"].create(self._generation_values())
        return generation._start()

    def action_view_eligible_passages(self):
        """The passages that go in the file, in the passage list."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_passage"
        )
        generation = self._generation()
        if self.action == "CREATION":
            action["domain"] = generation._eligible_domain()
        else:
            action["domain"] = [("id", "in", self.eligible_passage_ids.ids)]
        action["context"] = {}
        return action
