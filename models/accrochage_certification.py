# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import flux
from .tools import changed_fields

# What identifies the certification of a passage at the CDC.
IDENTITY_FIELDS = ("code", "certification_type", "certifier_id")


class AccrochageCertification(models.Model):
    """A certification registered at France compétences (RNCP or RS)."""

    _name = "accrochage.certification"
    _description = "Accrochage Certification"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "code, id"
    _rec_names_search = ["name", "code"]
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    certification_type = fields.Selection(
        [(kind, kind) for kind in flux.CERTIFICATION_TYPES],
        string="Type",
        required=True,
        default="RNCP",
        tracking=True,
        help="Repertory of France compétences the certification is registered "
        "in: Répertoire national des certifications professionnelles (RNCP) or "
        "Répertoire spécifique (RS).",
    )
    code = fields.Char(
        required=True,
        tracking=True,
        help="France compétences record code with its prefix, e.g. RNCP35291 "
        "or RS5218.",
    )
    certifier_id = fields.Many2one(
        "accrochage.certifier",
        required=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        default=lambda self: self._default_certifier_id(),
    )
    company_id = fields.Many2one(
        "res.company",
        related="certifier_id.company_id",
        store=True,
        precompute=True,
        index=True,
    )
    obtention_mode = fields.Selection(
        flux.selection("obtentionCertification"),
        required=True,
        default="PAR_ADMISSION",
        tracking=True,
        help="Default obtention mode of the passages: awarded by a jury "
        "(admission) or by reaching a score (scoring, e.g. language tests).",
    )
    grants_honours = fields.Boolean(
        help="The certification can be obtained with honours (mention).",
    )
    grants_language_level = fields.Boolean(
        string="Grants a Language Level",
        help="The passages give a European (CEFR) language level.",
    )
    grants_digital_level = fields.Boolean(
        string="Grants a Digital Level",
        help="The passages give a European digital (DigComp) level.",
    )
    validity_months = fields.Integer(
        string="Validity (months)",
        default=0,
        tracking=True,
        help="Validity of the certification after its date of issue, in months "
        "(gives the end of validity of the passages); 0 = unlimited.",
    )
    active = fields.Boolean(default=True)
    event_ids = fields.One2many(
        "event.event", "accrochage_certification_id", string="Sessions"
    )
    event_count = fields.Integer(
        string="Sessions Count", compute="_compute_event_count"
    )
    passage_ids = fields.One2many(
        "accrochage.passage", "certification_id", string="Passages"
    )
    passage_count = fields.Integer(
        string="Passages Count", compute="_compute_passage_count"
    )
    file_count = fields.Integer(string="Files Count", compute="_compute_file_count")
    ready_count = fields.Integer(string="Ready", compute="_compute_readiness_counts")
    to_complete_count = fields.Integer(
        string="To complete", compute="_compute_readiness_counts"
    )

    _sql_constraints = [
        (
            "certifier_code_uniq",
            "unique(certifier_id, code)",
            "This certification code already exists for this certifier.",
        ),
    ]

    @api.model
    def _default_certifier_id(self):
        return self.env["accrochage.certifier"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for certification in self:
            if certification.code and certification.name:
                certification.display_name = (
                    f"{certification.code} - {certification.name}"
                )
            else:
                certification.display_name = certification.code or certification.name

    def _compute_event_count(self):
        counts = dict(
            self.env["event.event"]._read_group(
                [("accrochage_certification_id", "in", self.ids)],
                ["accrochage_certification_id"],
                ["__count"],
            )
        )
        for certification in self:
            certification.event_count = counts.get(certification, 0)

    def _compute_passage_count(self):
        counts = dict(
            self.env["accrochage.passage"]._read_group(
                [("certification_id", "in", self.ids)],
                ["certification_id"],
                ["__count"],
            )
        )
        for certification in self:
            certification.passage_count = counts.get(certification, 0)

    def _compute_readiness_counts(self):
        counts = defaultdict(int)
        for certification, readiness, count in self.env[
            "accrochage.passage"
        ]._read_group(
            [
                ("certification_id", "in", self.ids),
                ("readiness", "in", ("ready", "to_complete")),
            ],
            ["certification_id", "readiness"],
            ["__count"],
        ):
            counts[certification, readiness] = count
        for certification in self:
            certification.ready_count = counts[certification, "ready"]
            certification.to_complete_count = counts[certification, "to_complete"]

    def action_view_readiness(self):
        """The passages of this certification ready, or to complete."""
        self.ensure_one()
        readiness = self.env.context.get("accrochage_readiness", "ready")
        action = self.action_view_passages()
        action["domain"] = [
            ("certification_id", "=", self.id),
            ("readiness", "=", readiness),
        ]
        return action

    def _compute_file_count(self):
        counts = dict(
            self.env["accrochage.file"]._read_group(
                [("certification_ids", "in", self.ids)],
                ["certification_ids"],
                ["__count"],
            )
        )
        for certification in self:
            certification.file_count = counts.get(certification, 0)

    @api.model
    def _normalize_vals(self, vals):
        """Codes are written with their prefix, upper case, without spaces."""
        if vals.get("code"):
            vals["code"] = "".join(vals["code"].split()).upper()
        if vals.get("name"):
            vals["name"] = " ".join(vals["name"].split())
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalize_vals(vals) for vals in vals_list])

    def write(self, vals):
        vals = self._normalize_vals(vals)
        self._check_identity_locked(vals)
        return super().write(vals)

    def _check_identity_locked(self, vals):
        """The CDC knows the passages sent under a certification by its type,
        code and certifier: these never change once a passage has left."""
        changing = [name for name in IDENTITY_FIELDS if name in vals]
        if not changing:
            return
        for certification in self:
            changed = sorted(changed_fields(certification, vals, changing))
            if not changed:
                continue
            known = certification.sudo().passage_ids.filtered(
                lambda passage: passage.state != "to_send"
            )
            if known:
                field = certification._fields[changed[0]]
                raise UserError(
                    self.env._(
                        "Certification %(certification)s: its field “%(field)s” "
                        "cannot change, the Caisse des Dépôts knows its passages "
                        "under this certification. Create a new certification "
                        "instead.",
                        certification=certification.display_name,
                        field=field._description_string(self.env),
                    )
                )

    @api.constrains("certification_type", "code")
    def _check_code(self):
        for certification in self:
            if not flux.is_certification_code(
                certification.certification_type, certification.code
            ):
                raise ValidationError(
                    self.env._(
                        "Certification %(name)s: the code “%(code)s” does not match "
                        "its type %(type)s: write it with its prefix, e.g. "
                        "%(example)s.",
                        name=certification.name,
                        code=certification.code,
                        type=certification.certification_type,
                        example=flux.CERTIFICATION_CODE_EXAMPLES[
                            certification.certification_type
                        ],
                    )
                )

    @api.constrains("validity_months")
    def _check_validity_months(self):
        for certification in self:
            if certification.validity_months < 0:
                raise ValidationError(
                    self.env._(
                        "Certification %(name)s: the validity must be a positive "
                        "number of months, or 0 when unlimited.",
                        name=certification.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_passages(self):
        # The passages cascade in SQL only so that uninstalling works.
        for certification in self:
            if certification.sudo().passage_ids:
                raise UserError(
                    self.env._(
                        "Certification %(name)s: it has passages and cannot be "
                        "deleted; archive it instead.",
                        name=certification.display_name,
                    )
                )

    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_session"
        )
        action["domain"] = [("accrochage_certification_id", "=", self.id)]
        action["context"] = {"default_accrochage_certification_id": self.id}
        return action

    def action_view_passages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_passage"
        )
        action["domain"] = [("certification_id", "=", self.id)]
        action["context"] = {"default_certification_id": self.id}
        return action

    def action_view_files(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Accrochage Files"),
            "res_model": "accrochage.file",
            "view_mode": "list,form",
            "domain": [("certification_ids", "in", self.ids)],
        }
