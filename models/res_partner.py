# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fr import nir as stdnum_nir

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import flux
from .tools import ACCROCHAGE_GROUP, changed_fields

# The holder's civil status sent to the Caisse des Dépôts: editing it puts the
# holder's rejected passages back in the queue (state to_send).
HOLDER_CIVIL_STATUS_FIELDS = (
    "accrochage_birth_name",
    "accrochage_usage_name",
    "accrochage_first_name_1",
    "accrochage_first_name_2",
    "accrochage_first_name_3",
    "accrochage_sex",
    "accrochage_birth_date",
    "accrochage_birth_place_type",
    "accrochage_birth_insee_code",
    "accrochage_birth_postcode",
    "accrochage_birth_city",
    "accrochage_birth_country_id",
    "accrochage_nationality_id",
    "accrochage_nir",
)
# Names and texts of the civil status and the element of the flux that carries
# them: their length limit is the dictionary's.
HOLDER_TEXT_ELEMENTS = {
    "accrochage_birth_name": "nomNaissance",
    "accrochage_usage_name": "nomUsage",
    "accrochage_first_name_1": "prenom1",
    "accrochage_first_name_2": "prenom2",
    "accrochage_first_name_3": "prenom3",
    "accrochage_birth_city": "libelleCommuneNaissance",
    "accrochage_birth_postcode": "codePostal",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    accrochage_birth_name = fields.Char(
        string="Birth Name",
        groups=ACCROCHAGE_GROUP,
        help="Birth (patronymic) name, as on the birth certificate "
        "(titulaire/nomNaissance).",
    )
    accrochage_usage_name = fields.Char(
        string="Usage Name",
        groups=ACCROCHAGE_GROUP,
        help="Usage or married name, when different from the birth name "
        "(titulaire/nomUsage).",
    )
    accrochage_first_name_1 = fields.Char(
        string="First Name",
        groups=ACCROCHAGE_GROUP,
        help="First given name as in the civil status (titulaire/prenom1).",
    )
    accrochage_first_name_2 = fields.Char(
        string="Second First Name",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_first_name_3 = fields.Char(
        string="Third First Name",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_sex = fields.Selection(
        flux.selection("genre"),
        string="Sex",
        groups=ACCROCHAGE_GROUP,
        help="Sex as in the civil status (titulaire/sexe).",
    )
    accrochage_birth_date = fields.Date(string="Birth Date", groups=ACCROCHAGE_GROUP)
    accrochage_birth_place_type = fields.Selection(
        [("france", "Born in France"), ("abroad", "Born abroad")],
        string="Place of Birth",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_birth_insee_code = fields.Char(
        string="Birth Commune INSEE Code",
        groups=ACCROCHAGE_GROUP,
        help="INSEE code of the birth commune (5 characters, 2A/2B for "
        "Corsica), preferred by the Caisse des Dépôts to the postcode. "
        "Not the postcode: Paris 1st arrondissement is 75101, postcode 75001.",
    )
    accrochage_birth_postcode = fields.Char(
        string="Birth Postcode",
        groups=ACCROCHAGE_GROUP,
        help="Postcode of the birth commune, used when the INSEE code is unknown.",
    )
    accrochage_birth_city = fields.Char(
        string="Birth Commune",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_birth_country_id = fields.Many2one(
        "res.country",
        string="Birth Country",
        groups=ACCROCHAGE_GROUP,
        help="Country of birth, for people born abroad.",
    )
    accrochage_nationality_id = fields.Many2one(
        "res.country",
        string="Nationality",
        groups=ACCROCHAGE_GROUP,
    )
    accrochage_nir = fields.Char(
        string="NIR",
        groups=ACCROCHAGE_GROUP,
        copy=False,
        help="French social-security number (numéro d'inscription au "
        "répertoire), 13 characters, or 15 with its key.",
    )
    accrochage_holder_name = fields.Char(
        string="Holder",
        compute="_compute_accrochage_holder_name",
        groups=ACCROCHAGE_GROUP,
        help="First name and birth name of the certification holder.",
    )

    accrochage_civil_status_complete = fields.Boolean(
        string="Civil Status Complete",
        compute="_compute_accrochage_civil_status_complete",
        store=True,
        groups=ACCROCHAGE_GROUP,
        help="The civil status has everything the Caisse des Dépôts needs to "
        "identify the holder.",
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

    def _accrochage_action_open_civil_status(self):
        """The holder's form, on its civil status."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Holder"),
            "res_model": "res.partner",
            "res_id": self.id,
            "views": [
                (
                    self.env.ref(
                        "l10n_fr_accrochage.res_partner_view_form_accrochage_holder"
                    ).id,
                    "form",
                )
            ],
            "target": "current",
        }

    @api.depends(
        "name",
        "accrochage_first_name_1",
        "accrochage_birth_name",
        "accrochage_usage_name",
    )
    def _compute_accrochage_holder_name(self):
        for partner in self:
            last_name = partner.accrochage_usage_name or partner.accrochage_birth_name
            if partner.accrochage_first_name_1 and last_name:
                partner.accrochage_holder_name = (
                    f"{partner.accrochage_first_name_1} {last_name.upper()}"
                )
            else:
                partner.accrochage_holder_name = partner.name or last_name or ""

    @api.model
    def _normalize_accrochage_vals(self, vals):
        """NIR and INSEE codes are codes: no spaces, upper case (2A/2B)."""
        for field_name in (
            "accrochage_nir",
            "accrochage_birth_insee_code",
            "accrochage_birth_postcode",
        ):
            if vals.get(field_name):
                vals[field_name] = "".join(vals[field_name].split()).upper()
        for field_name in (
            "accrochage_birth_name",
            "accrochage_usage_name",
            "accrochage_first_name_1",
            "accrochage_first_name_2",
            "accrochage_first_name_3",
            "accrochage_birth_city",
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
        return self.filtered(
            lambda partner: changed_fields(partner.sudo(), vals, field_names)
        )

    def _accrochage_identity_entries(self, branch="holder"):
        """Every missing or invalid piece of the identity the holder is sent
        with (``branch``: see :func:`flux_adapter.identification_branch`), as
        ``[(readiness reason code, params)]``."""
        self.ensure_one()
        entries = []
        nationality = self.accrochage_nationality_id
        if not nationality and not self.accrochage_nir:
            entries.append(("nationality_missing", {}))
        elif nationality.code != "FR" and not self.accrochage_nir:
            entries.append(("foreign_without_nir", {}))
        if not self.accrochage_birth_name:
            entries.append(("birth_name_missing", {}))
        if branch == "national_id":
            return entries
        if not self.accrochage_first_name_1:
            entries.append(("first_name_missing", {}))
        if branch == "training_file":
            return entries
        if not self.accrochage_sex:
            entries.append(("sex_missing", {}))
        birth_date = self.accrochage_birth_date
        if not birth_date:
            entries.append(("birth_date_missing", {}))
        elif not flux.BIRTH_YEAR_MIN <= birth_date.year <= fields.Date.today().year:
            entries.append(("birth_year_implausible", {"year": birth_date.year}))
        entries.extend(self._accrochage_birth_place_entries())
        return entries

    def _accrochage_birth_place_entries(self):
        self.ensure_one()
        entry = None
        code = self.accrochage_birth_insee_code
        if self.accrochage_birth_place_type == "abroad":
            country = self.accrochage_birth_country_id
            if not country:
                entry = ("birth_country_missing", {})
            elif not country._accrochage_insee_code():
                entry = ("birth_country_without_code", {"country": country.name})
        elif self.accrochage_birth_place_type != "france":
            entry = ("birth_place_missing", {})
        elif code and not flux.INSEE_CODE_PATTERN.fullmatch(code):
            entry = ("insee_code_invalid", {"code": code})
        elif not code and not self.accrochage_birth_postcode:
            entry = ("birth_commune_missing", {})
        return [entry] if entry else []

    @api.depends(
        "accrochage_birth_name",
        "accrochage_first_name_1",
        "accrochage_sex",
        "accrochage_birth_date",
        "accrochage_birth_place_type",
        "accrochage_birth_insee_code",
        "accrochage_birth_postcode",
        "accrochage_birth_country_id.fr_cog",
        "accrochage_nationality_id.code",
        "accrochage_nir",
    )
    def _compute_accrochage_civil_status_complete(self):
        for partner in self:
            # A foreigner without NIR has a complete civil status, and is not
            # reportable: the passage says so.
            missing = [
                code
                for code, _params in partner._accrochage_identity_entries()
                if code != "foreign_without_nir"
            ]
            partner.accrochage_civil_status_complete = (
                not partner.is_company and not missing
            )

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
                holder=self.accrochage_holder_name or self.display_name,
                message=message,
            )
        )

    @api.constrains("accrochage_nir")
    def _check_nir(self):
        for partner in self:
            nir = partner.accrochage_nir
            if not nir:
                continue
            if len(nir) not in flux.NIR_LENGTHS:
                raise partner._accrochage_error(
                    self.env._(
                        "the NIR must have 13 characters, or 15 with its key "
                        "(given: “%(nir)s”, %(length)s characters).",
                        nir=nir,
                        length=len(nir),
                    )
                )
            if not flux.NIR_PATTERN.fullmatch(nir):
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

    @api.constrains("accrochage_birth_insee_code", "accrochage_birth_place_type")
    def _check_birth_insee_code(self):
        for partner in self:
            code = partner.accrochage_birth_insee_code
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
            if flux.INSEE_COUNTRY_CODE_PATTERN.fullmatch(code):
                raise partner._accrochage_error(
                    self.env._(
                        "the INSEE code of the birth commune “%(code)s” is a "
                        "country code: for a holder born abroad, choose “Born "
                        "abroad” and the birth country instead.",
                        code=code,
                    )
                )
            if not flux.INSEE_CODE_PATTERN.fullmatch(code):
                raise partner._accrochage_error(
                    self.env._(
                        "the INSEE code of the birth commune “%(code)s” must be "
                        "5 digits, or 2A/2B followed by 3 digits for Corsica.",
                        code=code,
                    )
                )
            if partner.accrochage_birth_place_type == "abroad":
                raise partner._accrochage_error(
                    self.env._(
                        "the holder is born abroad: leave the INSEE code of the "
                        "birth commune empty, the birth country gives it."
                    )
                )

    @api.constrains("accrochage_birth_place_type", "accrochage_birth_country_id")
    def _check_birth_country(self):
        for partner in self:
            country = partner.accrochage_birth_country_id
            if (
                partner.accrochage_birth_place_type == "abroad"
                and country
                and country._accrochage_is_french_territory()
            ):
                raise partner._accrochage_error(
                    self.env._(
                        "the holder is born abroad but the birth country is "
                        "%(country)s: choose “Born in France” and give the birth "
                        "commune.",
                        country=partner.accrochage_birth_country_id.name,
                    )
                )

    @api.constrains("accrochage_birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
        for partner in self:
            birth_date = partner.accrochage_birth_date
            if birth_date and not (
                flux.BIRTH_YEAR_MIN <= birth_date.year and birth_date < today
            ):
                raise partner._accrochage_error(
                    self.env._(
                        "the birth date %(date)s must be after %(year)s and in the "
                        "past.",
                        date=birth_date,
                        year=flux.BIRTH_YEAR_MIN,
                    )
                )

    @api.constrains(*HOLDER_TEXT_ELEMENTS)
    def _check_holder_text_lengths(self):
        """The length limits of the flux dictionary, with a message naming the
        field (the file would be refused, and nothing is ever truncated)."""
        for partner in self:
            for field_name, element in HOLDER_TEXT_ELEMENTS.items():
                value = partner[field_name] or ""
                limit = flux.max_chars(element)
                if len(value) > limit:
                    raise partner._accrochage_error(
                        self.env._(
                            "“%(field)s” has %(length)s characters, %(max)s at "
                            "most are accepted by the Caisse des Dépôts: shorten "
                            "it.",
                            field=partner._fields[field_name].get_description(self.env)[
                                "string"
                            ],
                            length=len(value),
                            max=limit,
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

    @api.onchange("accrochage_birth_place_type")
    def _onchange_birth_place_type(self):
        if self.accrochage_birth_place_type == "abroad":
            self.accrochage_birth_insee_code = False
            self.accrochage_birth_postcode = False
        elif self.accrochage_birth_place_type == "france":
            self.accrochage_birth_country_id = self.env.ref(
                "base.fr", raise_if_not_found=False
            )
