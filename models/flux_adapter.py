# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The plain objects of the flux engine (:mod:`flux.model`) from the records of
the addon: how a passage and its holder are written in an accrochage file.

No model here: functions of records, used by the passage (readiness) and by the
generation.
"""

import logging

from .. import flux

_logger = logging.getLogger(__name__)


def identification_branch(passage, version):
    """How the holder of ``passage`` is identified in a file of ``version``:
    ``"national_id"`` (NIR, when the schema has it: no identity funnel at the
    CDC), else ``"holder"`` (civil status), else ``"training_file"`` (the CPF
    file number, when that is all we have)."""
    partner = passage.partner_id
    if partner.accrochage_nir and flux.supports(version, "national_id"):
        return "national_id"
    civil_status_known = (
        partner.accrochage_birth_name
        and partner.accrochage_first_name_1
        and partner.accrochage_sex
    )
    if not civil_status_known and passage.cpf_file_number:
        return "training_file"
    return "holder"


def holder_identification(passage, version):
    """The identification of the holder of ``passage``: a :class:`flux.Holder`,
    :class:`flux.NationalId` or :class:`flux.TrainingFile`."""
    partner = passage.partner_id
    birth = partner.accrochage_birth_date
    branch = identification_branch(passage, version)
    if branch == "national_id":
        return flux.NationalId(
            nir=partner.accrochage_nir,
            birth_name=partner.accrochage_birth_name,
            first_name=partner.accrochage_first_name_1 or None,
            sex=partner.accrochage_sex or None,
            birth_year=birth.year if birth else None,
            birth_month=birth.month if birth else None,
        )
    if branch == "training_file":
        return flux.TrainingFile(
            file_id=passage.cpf_file_number,
            last_name=partner.accrochage_birth_name,
            first_name=partner.accrochage_first_name_1,
        )
    abroad = partner.accrochage_birth_place_type == "abroad"
    country = partner.accrochage_birth_country_id
    return flux.Holder(
        birth_name=partner.accrochage_birth_name,
        first_name=partner.accrochage_first_name_1,
        sex=partner.accrochage_sex,
        birth_year=birth.year if birth else None,
        birth_month=birth.month if birth else None,
        birth_day=birth.day if birth else None,
        usage_name=partner.accrochage_usage_name or None,
        first_name_2=partner.accrochage_first_name_2 or None,
        first_name_3=partner.accrochage_first_name_3 or None,
        birth_insee_code=(
            country._accrochage_insee_code()
            if abroad and country
            else partner.accrochage_birth_insee_code
        )
        or None,
        birth_postcode=None if abroad else (partner.accrochage_birth_postcode or None),
        birth_commune_name=partner.accrochage_birth_city or None,
        birth_country_name=(
            country.with_context(lang="fr_FR").name.upper()
            if abroad and country
            else None
        ),
        nir=partner.accrochage_nir or None,
    )


def _registration_required(version):
    """Whether ``modalitesInscription`` must be written (and cannot be nil)."""
    node = flux.dictionary.find_node("modalitesInscription")
    return node.min_occurs(version) >= 1 and not node.is_nillable(version)


def passage_to_flux(passage, version, action="CREATION"):
    """The :class:`flux.Passage` of ``passage`` in a file of ``version``; a
    withdrawal carries the technical ID and the identification only."""
    identification = holder_identification(passage, version)
    if action == "SUPPRESSION":
        return flux.Passage(technical_id=passage.technical_id, holder=identification)
    certification = passage.certification_id
    digital_level = None
    if passage.digital_score or passage.digital_result_ids:
        digital_level = flux.DigitalLevel(
            general_score=passage.digital_score or None,
            results=[
                flux.DigitalResult(
                    level=result.level or None,
                    area_id=result.area or None,
                    competence_id=result.competence or None,
                )
                for result in passage.digital_result_ids
            ],
        )
    registration = None
    if (
        passage.access_route
        or passage.registration_initiative
        or passage.registration_date
    ):
        registration = flux.Registration(
            access_mode=passage.access_route or None,
            vae_route=passage.vae_route or None,
            initiative=passage.registration_initiative or None,
            registration_date=passage.registration_date or None,
        )
    elif _registration_required(version):
        registration = flux.Registration()
    return flux.Passage(
        technical_id=passage.technical_id,
        holder=identification,
        obtention=passage.obtention_mode or certification.obtention_mode,
        certified=passage.result_final,
        validity_start=passage.issue_date,
        validity_end=passage.validity_end_date or None,
        exam_start=passage.exam_start_date or None,
        exam_end=passage.exam_end_date or None,
        exam_mode=passage.exam_mode or None,
        exam_center_postcode=passage.exam_postcode or None,
        proof_url=passage.proof_url or None,
        option_label=passage.option_label or None,
        language_level=passage.language_level or None,
        digital_level=digital_level,
        scoring=passage.score or None,
        honours=passage.honours
        or ("SANS_MENTION" if certification.grants_honours else None),
        registration=registration,
        verbatim=passage.verbatim or None,
    )


def flux_document(certifier, passages, action="CREATION", version=None):
    """The :class:`flux.Flux` of ``passages`` of ``certifier``, grouped by
    certification (by code)."""
    version = version or certifier.schema_version
    certifications = []
    for certification in passages.certification_id.sorted("code"):
        certifications.append(
            flux.Certification(
                type=certification.certification_type,
                code=certification.code,
                depositor_nature=certifier.depositor_nature,
                passages=[
                    passage_to_flux(passage, version, action)
                    for passage in passages
                    if passage.certification_id == certification
                ],
            )
        )
    return flux.Flux(
        sender_id=certifier.sender_client_number,
        certifier=flux.Certifier(
            client_id=certifier.certifier_client_number,
            contract_id=certifier.contract_number,
            certifications=certifications,
        ),
        version=version,
        action=action,
    )


def _plain(value):
    """``value`` as JSON can store it."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)


def problem_params(problem):
    """What is kept of a :class:`flux.Problem` to show it again later, in the
    user's language."""
    return {
        "code": problem.code,
        "field": problem.field,
        "params": _plain(getattr(problem, "params", None) or {}),
        "message": problem.message,
    }


def render_problem(params, lang):
    """The message of a problem kept by :func:`problem_params`, in ``lang``
    (the flux catalogue renders it again: French or English)."""
    code = params.get("code")
    if code in flux.MESSAGES:
        try:
            return flux.render(
                code, {"field": params.get("field"), **params.get("params", {})}, lang
            )
        except (KeyError, ValueError, IndexError):
            _logger.warning("Problem %s cannot be rendered again", code)
    return params.get("message") or code or ""
