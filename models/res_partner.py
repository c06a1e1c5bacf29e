# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fr import nir as stdnum_nir

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..flux.checker import INSEE_PATTERN, NIR_PATTERN
from .accrochage_certifier import ACCROCHAGE_GROUP

HOLDER_NAME_MAX_LENGTH = 60
BIRTH_YEAR_MIN = 1900
# The holder's civil status sent to the Caisse des Dépôts: editing it puts the
# holder's rejected passages back in the queue (state to_send).
HOLDER_CIVIL_STATUS_FIELDS = (
    "birth_name",
    "usage_name",
    "first_name_1",
    "first_name_2",
    "first_name_3",
    "holder_sex",
    "birth_date",
    "birth_place_type",
    "birth_insee_code",
    "birth_postcode",
    "birth_city",
    "birth_country_id",
    "nationality_id",
    "nir",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    birth_name = fields.Char(
        groups=ACCROCHAGE_GROUP,
        help="Birth (patronymic) name, as on the birth certificate "
        "(titulaire/nomNaissance).",
    )
    usage_name = fields.Char(
        groups=ACCROCHAGE_GROUP,
        help="Usage or married name, when different from the birth name "
        "(titulaire/nomUsage).",
    )
    first_name_1 = fields.Char(
        string="First Name",
        groups=ACCROCHAGE_GROUP,
        help="First given name as in the civil status (titulaire/prenom1).",
    )
    first_name_2 = fields.Char(
        string="Second First Name",
        groups=ACCROCHAGE_GROUP,
    )
    first_name_3 = fields.Char(
        string="Third First Name",
        groups=ACCROCHAGE_GROUP,
    )
    holder_sex = fields.Selection(
        [("M", "Male"), ("F", "Female")],
        string="Sex",
        groups=ACCROCHAGE_GROUP,
        help="Sex as in the civil status (titulaire/sexe).",
    )
    birth_date = fields.Date(groups=ACCROCHAGE_GROUP)
    birth_place_type = fields.Selection(
        [("france", "Born in France"), ("abroad", "Born abroad")],
        string="Place of Birth",
        groups=ACCROCHAGE_GROUP,
    )
    birth_insee_code = fields.Char(
        string="Birth Commune INSEE Code",
        size=5,
        groups=ACCROCHAGE_GROUP,
        help="INSEE code of the birth commune (5 characters, 2A/2B for "
        "Corsica), preferred by the Caisse des Dépôts to the postcode. "
        "Not the postcode: Paris 1st arrondissement is 75101, postcode 75001.",
    )
    birth_postcode = fields.Char(
        groups=ACCROCHAGE_GROUP,
        help="Postcode of the birth commune, used when the INSEE code is unknown.",
    )
    birth_city = fields.Char(
        string="Birth Commune",
        groups=ACCROCHAGE_GROUP,
    )
    birth_country_id = fields.Many2one(
        "res.country",
        groups=ACCROCHAGE_GROUP,
        help="Country of birth, for people born abroad.",
    )
    nationality_id = fields.Many2one(
        "res.country",
        groups=ACCROCHAGE_GROUP,
    )
    nir = fields.Char(
        string="NIR",
        groups=ACCROCHAGE_GROUP,
        copy=False,
        help="French social-security number (numéro d'inscription au "
        "répertoire), 13 characters, or 15 with its key.",
    )
    holder_display_name = fields.Char(
        string="Holder",
        compute="_compute_holder_display_name",
        groups=ACCROCHAGE_GROUP,
        help="First name and birth name of the certification holder.",
    )

    accrochage_passage_ids = fields.One2many(
        "accrochage.passage",
        "partner_id",
        string="Certification Passages",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_passage_count = fields.Integer(
        string="Certification Passage Count",
        compute="_compute_accrochage_passage_count",
        groups=ACCROCHAGE_GROUP,
    )

    @api.depends("accrochage_passage_ids")
    def _compute_accrochage_passage_count(self):
        counts = {
            partner.id: count
            for partner, count in self.env["accrochage.passage"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        }
        for partner in self:
            partner.accrochage_passage_count = counts.get(partner.id, 0)

    def action_view_accrochage_passages(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_passage"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    @api.depends("name", "first_name_1", "birth_name", "usage_name")
    def _compute_holder_display_name(self):
        for partner in self:
            last_name = partner.usage_name or partner.birth_name
            if partner.first_name_1 and last_name:
                partner.holder_display_name = (
                    f"{partner.first_name_1} {last_name.upper()}"
                )
            else:
                partner.holder_display_name = partner.name or last_name or ""

    @api.model
    def _normalize_accrochage_vals(self, vals):
        """NIR and INSEE codes are codes: no spaces, upper case (2A/2B)."""
        for field_name in ("nir", "birth_insee_code", "birth_postcode"):
            if vals.get(field_name):
                vals[field_name] = "".join(vals[field_name].split()).upper()
        for field_name in (
            "birth_name",
            "usage_name",
            "first_name_1",
            "first_name_2",
            "first_name_3",
            "birth_city",
        ):
            if vals.get(field_name):
                vals[field_name] = " ".join(vals[field_name].split())
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(
            [self._normalize_accrochage_vals(vals) for vals in vals_list]
        )

    def write(self, vals):
        vals = self._normalize_accrochage_vals(vals)
        edited = self._accrochage_civil_status_edited(vals)
        result = super().write(vals)
        if edited:
            edited._accrochage_resend_rejected_passages()
        return result

    def _accrochage_civil_status_edited(self, vals):
        """The partners of ``self`` whose civil status ``vals`` changes."""
        field_names = [name for name in HOLDER_CIVIL_STATUS_FIELDS if name in vals]
        if not field_names:
            return self.browse()
        partners = self.sudo()
        changed = self.browse()
        for partner, partner_sudo in zip(self, partners, strict=True):
            for field_name in field_names:
                current = partner_sudo[field_name]
                if isinstance(current, models.BaseModel):
                    current = current.id
                new = self._fields[field_name].convert_to_cache(
                    vals[field_name], partner_sudo
                )
                if (current or False) != (new or False):
                    changed |= partner
                    break
        return changed

    def _accrochage_resend_rejected_passages(self):
        """A rejected passage whose holder's civil status was corrected goes
        back to the queue: the next accrochage file sends it again, with the
        same technical ID."""
        passages = (
            self.env["accrochage.passage"]
            .sudo()
            .search([("partner_id", "in", self.ids), ("state", "=", "rejected")])
        )
        if passages:
            passages.write({"state": "to_send"})

    def _accrochage_error(self, message):
        """A ValidationError naming the holder, ``message`` names the field."""
        return ValidationError(
            self.env._(
                "Holder %(holder)s: %(message)s",
                holder=self.holder_display_name or self.display_name,
                message=message,
            )
        )

    @api.constrains("nir")
    def _check_nir(self):
        for partner in self:
            nir = partner.nir
            if not nir:
                continue
            if len(nir) not in (13, 15):
                raise partner._accrochage_error(
                    self.env._(
                        "the NIR must have 13 characters, or 15 with its key "
                        "(given: “%(nir)s”, %(length)s characters).",
                        nir=nir,
                        length=len(nir),
                    )
                )
            if not NIR_PATTERN.fullmatch(nir):
                raise partner._accrochage_error(
                    self.env._(
                        "the NIR “%(nir)s” is not valid: it must start with 1 or 2 "
                        "(sex), then the birth year and month, the département "
                        "(2 digits, 2A or 2B), the commune and the order number "
                        "(provisional numbers are not accepted).",
                        nir=nir,
                    )
                )
            if len(nir) == 15:
                try:
                    stdnum_nir.validate(nir)
                except StdnumValidationError:
                    raise partner._accrochage_error(
                        self.env._(
                            "the key of the NIR “%(nir)s” is wrong (expected "
                            "%(key)s): check the number.",
                            nir=nir,
                            key=stdnum_nir.calc_check_digits(nir),
                        )
                    ) from None

    @api.constrains("birth_insee_code", "birth_place_type")
    def _check_birth_insee_code(self):
        for partner in self:
            code = partner.birth_insee_code
            if not code:
                continue
            if len(code) != 5:
                raise partner._accrochage_error(
                    self.env._(
                        "the INSEE code of the birth commune must have 5 "
                        "characters (given: “%(code)s”).",
                        code=code,
                    )
                )
            if code.startswith("99"):
                raise partner._accrochage_error(
                    self.env._(
                        "the INSEE code of the birth commune “%(code)s” is a "
                        "country code: for a holder born abroad, choose “Born "
                        "abroad” and the birth country instead.",
                        code=code,
                    )
                )
            if not INSEE_PATTERN.fullmatch(code):
                raise partner._accrochage_error(
                    self.env._(
                        "the INSEE code of the birth commune “%(code)s” must be "
                        "5 digits, or 2A/2B followed by 3 digits for Corsica.",
                        code=code,
                    )
                )
            if partner.birth_place_type == "abroad":
                raise partner._accrochage_error(
                    self.env._(
                        "the holder is born abroad: leave the INSEE code of the "
                        "birth commune empty, the birth country gives it."
                    )
                )

    @api.constrains("birth_place_type", "birth_country_id")
    def _check_birth_country(self):
        for partner in self:
            country_code = partner.birth_country_id.insee_country_code
            if partner.birth_place_type == "abroad" and country_code == "99100":
                raise partner._accrochage_error(
                    self.env._(
                        "the holder is born abroad but the birth country is "
                        "%(country)s: choose “Born in France” and give the birth "
                        "commune.",
                        country=partner.birth_country_id.name,
                    )
                )

    @api.constrains("birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
        for partner in self:
            birth_date = partner.birth_date
            if birth_date and not (
                BIRTH_YEAR_MIN <= birth_date.year and birth_date < today
            ):
                raise partner._accrochage_error(
                    self.env._(
                        "the birth date %(date)s must be after 1900 and in the past.",
                        date=birth_date,
                    )
                )

    @api.constrains(
        "birth_name",
        "usage_name",
        "first_name_1",
        "first_name_2",
        "first_name_3",
        "birth_city",
    )
    def _check_holder_name_length(self):
        labels = {
            "birth_name": self.env._("birth name"),
            "usage_name": self.env._("usage name"),
            "first_name_1": self.env._("first name"),
            "first_name_2": self.env._("second first name"),
            "first_name_3": self.env._("third first name"),
            "birth_city": self.env._("birth commune"),
        }
        for partner in self:
            for field_name, label in labels.items():
                value = partner[field_name] or ""
                if len(value) > HOLDER_NAME_MAX_LENGTH:
                    raise partner._accrochage_error(
                        self.env._(
                            "the %(field)s must have at most %(max)s characters "
                            "(given: %(length)s).",
                            field=label,
                            max=HOLDER_NAME_MAX_LENGTH,
                            length=len(value),
                        )
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_certification_holder(self):
        # The passages cascade in SQL only so that uninstalling works; a holder
        # of passages is never deleted (archive it instead).
        passages = (
            self.env["accrochage.passage"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", self.ids)], limit=1)
        )
        if not passages:
            return
        if not self.env.user.has_group(ACCROCHAGE_GROUP):
            # The passages are not theirs to see: name nothing of them.
            raise UserError(
                self.env._(
                    "This contact holds certification passages and cannot be "
                    "deleted; archive it instead."
                )
            )
        raise UserError(
            self.env._(
                "Holder %(holder)s: this contact holds certification passages "
                "(%(passage)s) and cannot be deleted; archive it instead.",
                holder=passages.partner_id.display_name,
                passage=passages.display_name,
            )
        )

    @api.onchange("birth_place_type")
    def _onchange_birth_place_type(self):
        if self.birth_place_type == "abroad":
            self.birth_insee_code = False
            self.birth_postcode = False
        elif self.birth_place_type == "france":
            self.birth_country_id = self.env.ref("base.fr", raise_if_not_found=False)
