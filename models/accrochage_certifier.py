# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Civil status, results and reminders are for these users only.
ACCROCHAGE_GROUP = "l10n_fr_accrochage.group_accrochage_user"
CLIENT_NUMBER_LENGTH = 8
CONTRACT_NUMBER_MAX_LENGTH = 20


class AccrochageCertifier(models.Model):
    """One certifier identity at the Caisse des Dépôts.

    A company that deposits for itself has one; a trusted depositor
    ("tiers de confiance") has one per certifier it deposits for.
    """

    _name = "accrochage.certifier"
    _description = "Accrochage Certifier"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"

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
        [
            ("CERTIFICATEUR", "Certifier"),
            ("TIERS_CONFIANCE", "Trusted third party"),
        ],
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
        [("1.1.5", "1.1.5 (current)"), ("1.1.2", "1.1.2")],
        required=True,
        default="1.1.5",
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
                if len(value) != CLIENT_NUMBER_LENGTH:
                    raise ValidationError(
                        self.env._(
                            "Certifier %(certifier)s: the %(field)s must be exactly "
                            "%(expected)s characters long (given: “%(value)s”, "
                            "%(length)s characters).",
                            certifier=certifier.name,
                            field=label,
                            expected=CLIENT_NUMBER_LENGTH,
                            value=value,
                            length=len(value),
                        )
                    )
            contract = certifier.contract_number or ""
            if not 1 <= len(contract) <= CONTRACT_NUMBER_MAX_LENGTH:
                raise ValidationError(
                    self.env._(
                        "Certifier %(certifier)s: the contract number must be "
                        "1 to %(max)s characters long (given: “%(value)s”, "
                        "%(length)s characters).",
                        certifier=certifier.name,
                        max=CONTRACT_NUMBER_MAX_LENGTH,
                        value=contract,
                        length=len(contract),
                    )
                )
