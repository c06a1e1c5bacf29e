# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the flux needs from a passage: eligibility, and its plain objects."""

from odoo import fields, models

from .. import flux
from ..flux.checker import INSEE_PATTERN
from .res_country import INSEE_COUNTRY_CODE_RE

FIRST_BIRTH_YEAR = 1900


class AccrochagePassage(models.Model):
    _inherit = "accrochage.passage"

    file_ids = fields.Many2many(
        "accrochage.file",
        "accrochage_file_passage_rel",
        "passage_id",
        "file_id",
        string="Files",
        readonly=True,
        copy=False,
    )

    # Eligibility -------------------------------------------------------------

    def _accrochage_state_reason(self, certifier):
        """Why this passage cannot go in a new CREATION file for ``certifier``
        because of where it stands, or an empty string."""
        self.ensure_one()
        if self.certifier_id != certifier:
            return self.env._(
                "Belongs to another certifier (%(certifier)s).",
                certifier=self.certifier_id.display_name,
            )
        if self.state == "sent":
            files = self.file_ids.filtered(
                lambda f: f.state in ("generated", "deposited")
            )
            return self.env._(
                "Already in file %(file)s, not yet processed by the Caisse des Dépôts.",
                file=", ".join(files.mapped("name")) or "?",
            )
        if self.state == "rejected":
            return self.env._(
                "Rejected by the Caisse des Dépôts: correct the holder's data "
                "first (%(message)s).",
                message=self.cdc_message or "",
            )
        reasons = {
            "accepted": self.env._("Already accepted by the Caisse des Dépôts."),
            "withdrawal_sent": self.env._(
                "Withdrawal sent to the Caisse des Dépôts, not yet processed."
            ),
            "withdrawn": self.env._("Withdrawn from the Caisse des Dépôts."),
        }
        if self.state in reasons:
            return reasons[self.state]
        corrected = self.corrected_passage_id
        if corrected and corrected.state != "withdrawn":
            # The corrected data must not reach the CDC while it still holds
            # the passage it replaces.
            return self.env._(
                "Waiting for the Caisse des Dépôts to process the withdrawal of "
                "%(passage)s: this correction is sent once it is withdrawn.",
                passage=corrected.display_name,
            )
        return ""

    def _accrochage_identity_reasons(self, version):
        """Every missing or invalid piece of identity, as French sentences."""
        self.ensure_one()
        partner = self.partner_id
        reasons = []
        french = partner.nationality_id.code == "FR"
        if not partner.nationality_id and not partner.nir:
            reasons.append(
                self.env._(
                    "Nationality missing: record it, or the NIR (only holders who "
                    "have a French social security number are reported)."
                )
            )
        elif not french and not partner.nir:
            reasons.append(
                self.env._(
                    "Not French and no NIR recorded: the Caisse des Dépôts only "
                    "accepts holders who have a French social security number."
                )
            )
        branch = self._accrochage_identification_branch(version)
        if branch == "national_id":
            if not partner.birth_name:
                reasons.append(self.env._("Birth name missing."))
            return reasons
        if branch == "training_file":
            if not partner.birth_name:
                reasons.append(self.env._("Birth name missing."))
            if not partner.first_name_1:
                reasons.append(self.env._("First name missing."))
            return reasons
        if not partner.birth_name:
            reasons.append(self.env._("Birth name missing."))
        if not partner.first_name_1:
            reasons.append(self.env._("First name missing."))
        if not partner.holder_sex:
            reasons.append(self.env._("Sex missing."))
        if not partner.birth_date:
            reasons.append(self.env._("Birth date (at least the year) missing."))
        elif (
            not FIRST_BIRTH_YEAR <= partner.birth_date.year <= fields.Date.today().year
        ):
            reasons.append(
                self.env._(
                    "Birth year %(year)s is not plausible.",
                    year=partner.birth_date.year,
                )
            )
        reasons.extend(self._accrochage_birth_place_reasons())
        return reasons

    def _accrochage_result_reasons(self):
        """What the certification promises and the passage does not give."""
        self.ensure_one()
        certification = self.certification_id
        reasons = []
        if certification.grants_language_level and not self.language_level:
            reasons.append(
                self.env._(
                    "European language level missing: certification "
                    "%(certification)s grants one.",
                    certification=certification.display_name,
                )
            )
        if certification.grants_digital_level and not (
            self.digital_score or self.digital_result_ids
        ):
            reasons.append(
                self.env._(
                    "European digital level missing: certification "
                    "%(certification)s grants one.",
                    certification=certification.display_name,
                )
            )
        return reasons

    def _accrochage_birth_place_reasons(self):
        partner = self.partner_id
        if partner.birth_place_type == "abroad":
            reason = self._accrochage_birth_country_reason()
        elif partner.birth_place_type != "france":
            reason = self.env._("Birth place missing (born in France or abroad).")
        elif partner.birth_insee_code:
            reason = ""
            if not INSEE_PATTERN.fullmatch(partner.birth_insee_code):
                reason = self.env._(
                    "INSEE code of the birth commune %(code)s is invalid "
                    "(5 characters, 2A or 2B for Corsica).",
                    code=partner.birth_insee_code,
                )
        elif not partner.birth_postcode:
            reason = self.env._(
                "Birth commune missing: give its INSEE code (preferred) or "
                "its postcode."
            )
        else:
            reason = ""
        return [reason] if reason else []

    def _accrochage_birth_country_reason(self):
        country = self.partner_id.birth_country_id
        if not country:
            return self.env._("Birth country missing (born abroad).")
        if not INSEE_COUNTRY_CODE_RE.fullmatch(country.insee_country_code or ""):
            return self.env._(
                "Birth country %(country)s has no INSEE code (99xxx).",
                country=country.name,
            )
        return ""

    def _accrochage_identification_branch(self, version):
        """NIR when allowed (no identity funnel at the CDC), else civil status,
        else the CPF training file when that is all we have."""
        self.ensure_one()
        partner = self.partner_id
        if partner.nir and version == "1.1.5":
            return "national_id"
        civil_status_known = (
            partner.birth_name and partner.first_name_1 and partner.holder_sex
        )
        if not civil_status_known and self.cpf_file_number:
            return "training_file"
        return "holder"

    # Plain objects for the flux engine ----------------------------------------

    def _accrochage_flux_identification(self, version):
        self.ensure_one()
        partner = self.partner_id
        birth = partner.birth_date
        branch = self._accrochage_identification_branch(version)
        if branch == "national_id":
            return flux.NationalId(
                nir=partner.nir,
                birth_name=partner.birth_name,
                first_name=partner.first_name_1 or None,
                sex=partner.holder_sex or None,
                birth_year=birth.year if birth else None,
                birth_month=birth.month if birth else None,
            )
        if branch == "training_file":
            return flux.TrainingFile(
                file_id=self.cpf_file_number,
                last_name=partner.birth_name,
                first_name=partner.first_name_1,
            )
        abroad = partner.birth_place_type == "abroad"
        country = partner.birth_country_id
        return flux.Holder(
            birth_name=partner.birth_name,
            first_name=partner.first_name_1,
            sex=partner.holder_sex,
            birth_year=birth.year if birth else None,
            birth_month=birth.month if birth else None,
            birth_day=birth.day if birth else None,
            usage_name=partner.usage_name or None,
            first_name_2=partner.first_name_2 or None,
            first_name_3=partner.first_name_3 or None,
            birth_insee_code=(
                country.insee_country_code if abroad else partner.birth_insee_code
            )
            or None,
            birth_postcode=None if abroad else (partner.birth_postcode or None),
            birth_commune_name=partner.birth_city or None,
            birth_country_name=(
                country.with_context(lang="fr_FR").name.upper() if abroad else None
            ),
            nir=partner.nir or None,
        )

    def _accrochage_flux_passage(self, version, action="CREATION"):
        self.ensure_one()
        identification = self._accrochage_flux_identification(version)
        if action == "SUPPRESSION":
            return flux.Passage(technical_id=self.technical_id, holder=identification)
        certification = self.certification_id
        digital_level = None
        if self.digital_score or self.digital_result_ids:
            digital_level = flux.DigitalLevel(
                general_score=self.digital_score or None,
                results=[
                    flux.DigitalResult(
                        level=result.level or None,
                        area_id=result.area or None,
                        competence_id=result.competence or None,
                    )
                    for result in self.digital_result_ids
                ],
            )
        registration = None
        if self.access_route or self.registration_initiative or self.registration_date:
            registration = flux.Registration(
                access_mode=self.access_route or None,
                vae_route=self.vae_route or None,
                initiative=self.registration_initiative or None,
                registration_date=self.registration_date or None,
            )
        elif version == "1.1.2":
            registration = flux.Registration()
        return flux.Passage(
            technical_id=self.technical_id,
            holder=identification,
            obtention=self.obtention_mode or certification.obtention_mode,
            certified=self.result_final,
            validity_start=self.issue_date,
            validity_end=self.validity_end_date or None,
            exam_start=self.exam_start_date or None,
            exam_end=self.exam_end_date or None,
            exam_mode=self.exam_mode or None,
            exam_center_postcode=self.exam_postcode or None,
            proof_url=self.proof_url or None,
            option_label=self.option_label or None,
            language_level=self.language_level or None,
            digital_level=digital_level,
            scoring=self.score or None,
            honours=self.honours
            or ("SANS_MENTION" if certification.grants_honours else None),
            registration=registration,
            verbatim=self.verbatim or None,
        )
