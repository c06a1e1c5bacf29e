# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging
from datetime import timedelta

from babel.dates import format_date as babel_format_date
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import babel_locale_parse, format_date

from .. import flux
from .tools import ACCROCHAGE_GROUP

DEADLINE_ACTIVITY_TYPE = "l10n_fr_accrochage.mail_activity_type_accrochage_deadlines"
ROUTINE_ACTIVITY_TYPE = "l10n_fr_accrochage.mail_activity_type_accrochage_routine"
DEPOSIT_ACTIVITY_TYPE = "l10n_fr_accrochage.mail_activity_type_accrochage_deposit"
DEPOSIT_REMINDER_DAYS_PARAM = "l10n_fr_accrochage.deposit_reminder_days"
DEPOSIT_REMINDER_DAYS_DEFAULT = 3

_logger = logging.getLogger(__name__)


def month_bounds(period_start):
    """First and last day of the month starting on ``period_start``."""
    first = period_start.replace(day=1)
    return first, first + relativedelta(months=1, days=-1)


def previous_month(today):
    """First and last day of the month before ``today``'s."""
    return month_bounds(today.replace(day=1) - relativedelta(months=1))


class AccrochageCertifier(models.Model):
    """One certifier identity at the Caisse des Dépôts.

    A company that deposits for itself has one; a trusted depositor
    ("tiers de confiance") has one per certifier it deposits for.
    """

    _name = "accrochage.certifier"
    _description = "Accrochage Certifier"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    certifier_client_number = fields.Char(
        required=True,
        tracking=True,
        help="Client number of the certifier at the Caisse des Dépôts "
        "(certificateur/idClient, 8 characters, e.g. 04VHF013).",
    )
    sender_client_number = fields.Char(
        compute="_compute_sender_client_number",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
        help="Client number of whoever deposits the file (emetteur/idClient, "
        "8 characters). The certifier's own number when it deposits for itself; "
        "the trusted depositor's number otherwise.",
    )
    contract_number = fields.Char(
        required=True,
        tracking=True,
        help="Certifier contract number at the Caisse des Dépôts "
        "(idContrat, 1 to 20 characters, e.g. MCFCER000123).",
    )
    depositor_nature = fields.Selection(
        flux.selection("natureDeposant"),
        required=True,
        default="CERTIFICATEUR",
        tracking=True,
        help="Who registered the certifications at France compétences "
        "(natureDeposant).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        # The reminders list holders: only accrochage users may receive them.
        domain=lambda self: [
            (
                "groups_id",
                "in",
                self.env.ref(ACCROCHAGE_GROUP).ids,
            )
        ],
        tracking=True,
        help="Receives the deadline reminders and the monthly routine.",
    )
    schema_version = fields.Selection(
        flux.version_selection(),
        required=True,
        default=flux.LATEST_VERSION,
        tracking=True,
        help="Version of the CDC XML schema the generated files target. "
        "Withdrawals and the NIR identification need 1.1.5.",
    )

    _sql_constraints = [
        (
            "certifier_client_number_company_uniq",
            "unique(company_id, certifier_client_number, contract_number)",
            "This certifier client number and contract number are already "
            "configured for this company.",
        ),
    ]

    @api.depends("certifier_client_number")
    def _compute_sender_client_number(self):
        for certifier in self:
            if not certifier.sender_client_number:
                certifier.sender_client_number = certifier.certifier_client_number

    @api.model
    def _normalize_vals(self, vals):
        """Client and contract numbers are codes: no spaces, upper case."""
        for field_name in (
            "certifier_client_number",
            "sender_client_number",
            "contract_number",
        ):
            if vals.get(field_name):
                vals[field_name] = "".join(vals[field_name].split()).upper()
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalize_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._normalize_vals(vals))

    @api.constrains(
        "certifier_client_number", "sender_client_number", "contract_number"
    )
    def _check_numbers(self):
        client_number_labels = {
            "certifier_client_number": self.env._("certifier client number"),
            "sender_client_number": self.env._("sender client number"),
        }
        for certifier in self:
            for field_name, label in client_number_labels.items():
                value = certifier[field_name] or ""
                if len(value) != flux.max_chars("idClient"):
                    raise ValidationError(
                        self.env._(
                            "Certifier %(certifier)s: the %(field)s must be exactly "
                            "%(expected)s characters long (given: “%(value)s”, "
                            "%(length)s characters).",
                            certifier=certifier.name,
                            field=label,
                            expected=flux.max_chars("idClient"),
                            value=value,
                            length=len(value),
                        )
                    )
            contract = certifier.contract_number or ""
            if not 1 <= len(contract) <= flux.max_chars("idContrat"):
                raise ValidationError(
                    self.env._(
                        "Certifier %(certifier)s: the contract number must be "
                        "1 to %(max)s characters long (given: “%(value)s”, "
                        "%(length)s characters).",
                        certifier=certifier.name,
                        max=flux.max_chars("idContrat"),
                        value=contract,
                        length=len(contract),
                    )
                )

    # Deadline reminders --------------------------------------------------------

    @api.model
    def _cron_accrochage_deadline_reminders(self):
        """One open activity per certifier listing its passages overdue or due
        within 30 days; updated every day, removed when nothing is left."""
        today = fields.Date.context_today(self)
        # A date of issue reached today: those passages are no longer waiting.
        self.env["accrochage.passage"]._accrochage_refresh_waiting_readiness()
        activity_type = self.env.ref(DEADLINE_ACTIVITY_TYPE)
        certifiers = self._accrochage_reminder_certifiers()
        for certifier in certifiers:
            certifier._accrochage_update_deadline_activity(activity_type, today)
        certifiers._accrochage_remind_files_to_deposit()

    def _accrochage_remind_files_to_deposit(self):
        """An activity for the responsible of each file generated and not
        marked as deposited after the days set in the settings: nothing has
        reached the Caisse des Dépôts yet."""
        delay = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(DEPOSIT_REMINDER_DAYS_PARAM, DEPOSIT_REMINDER_DAYS_DEFAULT)
            or DEPOSIT_REMINDER_DAYS_DEFAULT
        )
        activity_type = self.env.ref(DEPOSIT_ACTIVITY_TYPE)
        files = (
            self.env["accrochage.file"]
            .search(
                [
                    ("certifier_id", "in", self.ids),
                    ("state", "=", "generated"),
                    ("timestamp", "<=", fields.Datetime.now() - timedelta(days=delay)),
                ]
            )
            .filtered(
                lambda file: activity_type not in file.activity_ids.activity_type_id
            )
        )
        for file in files:
            user = file.certifier_id.user_id
            file.with_context(lang=user.lang).activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=fields.Date.context_today(self),
                summary=file.with_context(lang=user.lang).env._(
                    "Deposit file %(file)s", file=file.name
                ),
                note=Markup("<p>%s</p>")
                % file.with_context(lang=user.lang).env._(
                    "File %(file)s was generated %(days)s day(s) ago and is not "
                    "marked as deposited: its %(count)s passage(s) have not "
                    "reached the Caisse des Dépôts. Download it, deposit it on "
                    "the portal, then mark it as deposited.",
                    file=file.name,
                    days=(fields.Datetime.now() - file.timestamp).days,
                    count=file.passage_count,
                ),
                user_id=user.id,
            )
        return files

    @api.model
    def _accrochage_reminder_certifiers(self):
        """The certifiers whose responsible may receive the reminders: an
        active accrochage user of the certifier's company; the others are
        skipped with a warning (the reminders name holders)."""
        certifiers = self.browse()
        for certifier in self.search([("user_id", "!=", False)]):
            user = certifier.user_id
            if (
                user.active
                and user.has_group(ACCROCHAGE_GROUP)
                and (
                    not certifier.company_id or certifier.company_id in user.company_ids
                )
            ):
                certifiers |= certifier
            else:
                _logger.warning(
                    "Accrochage reminders of certifier %s skipped: its "
                    "responsible %s is archived, not an accrochage user or "
                    "not allowed in the certifier's company.",
                    certifier.display_name,
                    user.login,
                )
        return certifiers

    def _accrochage_update_deadline_activity(self, activity_type, today):
        self.ensure_one()
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("activity_type_id", "=", activity_type.id),
            ],
            order="id",
        )
        # Never two open reminders for one certifier.
        activities[1:].unlink()
        activity = activities[:1]
        Passage = self.env["accrochage.passage"]
        passages = Passage.search(
            Passage._accrochage_reminder_domain(self, today),
            order="next_deadline_date, id",
        )
        if not passages:
            activity.unlink()
            return activity.browse()
        user = self.user_id
        certifier = self.with_context(lang=user.lang)
        vals = {
            "summary": certifier.env._(
                "Accrochage deadlines: %(count)s passage(s) to follow up",
                count=len(passages),
            ),
            "note": certifier._accrochage_deadline_note(passages, today),
            "date_deadline": min(passages.mapped("next_deadline_date")),
            "user_id": user.id,
        }
        if activity:
            changed = {
                name: value
                for name, value in vals.items()
                if (activity[name].id if name == "user_id" else activity[name]) != value
            }
            if changed:
                activity.write(changed)
            return activity
        return self.activity_schedule(activity_type_id=activity_type.id, **vals)

    def _accrochage_deadline_note(self, passages, today):
        """The HTML note of the reminder, in the language of the context."""
        env = self.env
        states = dict(passages._fields["state"]._description_selection(env))
        overdue = passages.filtered(lambda p: p.next_deadline_date < today)
        groups = [
            (env._("Overdue"), overdue),
            (env._("Due within 30 days"), passages - overdue),
        ]
        parts = [
            Markup("<p>%s</p>")
            % env._(
                "Passages of certifier %(certifier)s not accepted yet by the "
                "Caisse des Dépôts, with their deadline:",
                certifier=self.display_name,
            )
        ]
        for title, group in groups:
            if not group:
                continue
            items = Markup().join(
                Markup("<li>%s</li>")
                % env._(
                    "%(holder)s, %(certification)s: deadline %(deadline)s "
                    "(%(technical_id)s, %(state)s)",
                    holder=passage.partner_id.accrochage_holder_name
                    or passage.partner_id.display_name,
                    certification=passage.certification_id.display_name,
                    deadline=format_date(env, passage.next_deadline_date),
                    technical_id=passage.technical_id,
                    state=states.get(passage.state),
                )
                for passage in group
            )
            parts.append(
                Markup("<p><strong>%s</strong></p><ul>%s</ul>") % (title, items)
            )
        return Markup().join(parts)

    # Monthly routine -----------------------------------------------------------

    @api.model
    def _cron_accrochage_monthly_routine(self):
        """From the routine day of its company on, ask each certifier's
        responsible to generate the accrochage file of the previous month, once
        a month (a day the scheduler missed is caught up the next day)."""
        today = fields.Date.context_today(self)
        period_start = previous_month(today)[0]
        for certifier in self._accrochage_reminder_certifiers():
            if certifier.company_id.accrochage_routine_day <= today.day:
                certifier._accrochage_schedule_routine(period_start, today)

    def _accrochage_routine_activities(self, period_start=None, open_only=True):
        activity_type = self.env.ref(ROUTINE_ACTIVITY_TYPE)
        domain = [
            ("res_model", "=", self._name),
            ("res_id", "in", self.ids),
            ("activity_type_id", "=", activity_type.id),
            ("accrochage_period_start", "!=", False),
        ]
        if period_start:
            domain.append(("accrochage_period_start", "=", period_start))
        Activity = self.env["mail.activity"]
        if not open_only:
            # Done routine activities are kept (archived): once per month.
            Activity = Activity.with_context(active_test=False)
        return Activity.search(domain, order="accrochage_period_start, id")

    def _accrochage_schedule_routine(self, period_start, today):
        self.ensure_one()
        if self._accrochage_routine_activities(period_start, open_only=False):
            return self.env["mail.activity"]
        user = self.user_id
        certifier = self.with_context(lang=user.lang)
        month = babel_format_date(
            period_start, format="LLLL y", locale=babel_locale_parse(user.lang)
        )
        return self.activity_schedule(
            activity_type_id=self.env.ref(ROUTINE_ACTIVITY_TYPE).id,
            date_deadline=today,
            summary=certifier.env._(
                "Generate the accrochage file for %(month)s", month=month
            ),
            note=Markup("<p>%s</p>")
            % certifier.env._(
                "Generate the accrochage file of %(month)s for certifier "
                "%(certifier)s with the “Generate accrochage file” button of the "
                "certifier, then deposit it on the portal of the Caisse des "
                "Dépôts: every holder must be reported within 3 months of the "
                "date of issue.",
                month=month,
                certifier=self.display_name,
            ),
            user_id=user.id,
            accrochage_period_start=period_start,
        )

    def _accrochage_close_routine_activities(self, date_from, date_to):
        """Mark done the open routine activities whose month a generated
        creation file covers."""
        activities = self._accrochage_routine_activities().filtered(
            lambda activity: (
                date_from <= activity.accrochage_period_start
                and month_bounds(activity.accrochage_period_start)[1] <= date_to
            )
        )
        if activities:
            # Whoever generates the file closes the routine of the responsible.
            activities.sudo().action_feedback(
                feedback=self.env._(
                    "Accrochage file generated for %(date_from)s to %(date_to)s.",
                    date_from=format_date(self.env, date_from),
                    date_to=format_date(self.env, date_to),
                )
            )
        return activities

    def action_open_generate_wizard(self):
        """The generation wizard on the month of the oldest open routine
        activity, else on the previous month."""
        self.ensure_one()
        routine = self._accrochage_routine_activities()[:1]
        if routine:
            period_start = routine.accrochage_period_start
        else:
            today = fields.Date.context_today(self)
            period_start = previous_month(today)[0]
        date_from, date_to = month_bounds(period_start)
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_generate_wizard"
        )
        action["context"] = {
            "default_certifier_id": self.id,
            "default_date_from": fields.Date.to_string(date_from),
            "default_date_to": fields.Date.to_string(date_to),
        }
        return action
