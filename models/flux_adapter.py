# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The plain objects of the flux engine (:mod:`flux.model`) from the passages
of the addon: how a passage and its holder are written in an accrochage file.

No model here. A passage is first read into a :class:`PassageRow` (the values
the flux needs, nothing else), either from its record (:func:`passage_row`:
a few passages, the readiness) or straight from the database by batches
(:func:`passage_rows`: the generation of up to 200,000 passages, without the
ORM cache); the rows then go through the same functions, so that both ways
write the same file.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from .. import flux

_logger = logging.getLogger(__name__)

# The civil status the flux needs: holder row attribute -> res.partner column.
HOLDER_COLUMNS = {
    "birth_name": "accrochage_birth_name",
    "usage_name": "accrochage_usage_name",
    "first_name_1": "accrochage_first_name_1",
    "first_name_2": "accrochage_first_name_2",
    "first_name_3": "accrochage_first_name_3",
    "sex": "accrochage_sex",
    "birth_date": "accrochage_birth_date",
    "birth_place_type": "accrochage_birth_place_type",
    "birth_insee_code": "accrochage_birth_insee_code",
    "birth_postcode": "accrochage_birth_postcode",
    "birth_city": "accrochage_birth_city",
    "nir": "accrochage_nir",
}
# The passage's own values the flux needs (same name on the row and the model).
PASSAGE_COLUMNS = (
    "technical_id",
    "issue_date",
    "validity_end_date",
    "obtention_mode",
    "result_final",
    "exam_start_date",
    "exam_end_date",
    "exam_mode",
    "exam_postcode",
    "score",
    "honours",
    "language_level",
    "digital_score",
    "access_route",
    "vae_route",
    "registration_initiative",
    "registration_date",
    "option_label",
    "proof_url",
    "verbatim",
    "cpf_file_number",
)


@dataclass(slots=True)
class CertificationRow:
    type: str
    code: str
    obtention_mode: str | None
    grants_honours: bool


@dataclass(slots=True)
class HolderRow:
    birth_name: str | None = None
    usage_name: str | None = None
    first_name_1: str | None = None
    first_name_2: str | None = None
    first_name_3: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    birth_place_type: str | None = None
    birth_insee_code: str | None = None
    birth_postcode: str | None = None
    birth_city: str | None = None
    nir: str | None = None
    # The birth country: its INSEE code (99xxx) and French name, when abroad.
    country_insee_code: str | None = None
    country_name: str | None = None


@dataclass(slots=True)
class PassageRow:
    id: int
    certification_id: int
    certification: CertificationRow
    holder: HolderRow
    technical_id: str | None = None
    issue_date: date | None = None
    validity_end_date: date | None = None
    obtention_mode: str | None = None
    result_final: bool = False
    exam_start_date: date | None = None
    exam_end_date: date | None = None
    exam_mode: str | None = None
    exam_postcode: str | None = None
    score: str | None = None
    honours: str | None = None
    language_level: str | None = None
    digital_score: int = 0
    access_route: str | None = None
    vae_route: str | None = None
    registration_initiative: str | None = None
    registration_date: date | None = None
    option_label: str | None = None
    proof_url: str | None = None
    verbatim: str | None = None
    cpf_file_number: str | None = None
    # (level, area, competence) of each DigComp result.
    digital_results: list = field(default_factory=list)


# Reading --------------------------------------------------------------------


def certification_row(certification):
    return CertificationRow(
        type=certification.certification_type,
        code=certification.code,
        obtention_mode=certification.obtention_mode or None,
        grants_honours=certification.grants_honours,
    )


def country_values(country):
    """``(INSEE code, French name in capitals)`` of a birth country."""
    if not country:
        return None, None
    return (
        country._accrochage_insee_code() or None,
        country.with_context(lang="fr_FR").name.upper(),
    )


def passage_row(passage):
    """The :class:`PassageRow` of a passage record (the ORM reads it)."""
    partner = passage.partner_id.sudo()
    holder = HolderRow(
        **{name: partner[column] or None for name, column in HOLDER_COLUMNS.items()}
    )
    holder.country_insee_code, holder.country_name = country_values(
        partner.accrochage_birth_country_id
    )
    values = {name: passage[name] or None for name in PASSAGE_COLUMNS}
    values["result_final"] = passage.result_final
    values["digital_score"] = passage.digital_score or 0
    return PassageRow(
        id=passage.id,
        certification_id=passage.certification_id.id,
        certification=certification_row(passage.certification_id),
        holder=holder,
        digital_results=[
            (result.level, result.area, result.competence)
            for result in passage.digital_result_ids
        ],
        **values,
    )


def passage_rows(env, passage_ids, cache=None):
    """The :class:`PassageRow` of ``passage_ids``, read straight from the
    database in one query (plus one for the DigComp results), in the order of
    ``passage_ids``: the generation converts 200,000 passages this way without
    filling the ORM cache. The callers checked the access to these passages.
    ``cache``: a dict kept by the caller between batches (certifications and
    countries are read once)."""
    cache = {} if cache is None else cache
    if not passage_ids:
        return []
    env.flush_all()
    passage_columns = ", ".join(f"passage.{name}" for name in PASSAGE_COLUMNS)
    holder_columns = ", ".join(
        f"partner.{column}" for column in HOLDER_COLUMNS.values()
    )
    env.cr.execute(
        f"""
        SELECT passage.id, passage.certification_id, {passage_columns},
               {holder_columns}, partner.accrochage_birth_country_id
          FROM accrochage_passage passage
          JOIN res_partner partner ON partner.id = passage.partner_id
         WHERE passage.id = ANY(%s)
        """,
        [list(passage_ids)],
    )
    fetched = env.cr.fetchall()
    env.cr.execute(
        """
        SELECT passage_id, level, area, competence
          FROM accrochage_passage_digital_result
         WHERE passage_id = ANY(%s)
         ORDER BY passage_id, area, competence, id
        """,
        [list(passage_ids)],
    )
    results = {}
    for passage_id, level, area, competence in env.cr.fetchall():
        results.setdefault(passage_id, []).append((level, area, competence))
    certifications = cache.setdefault("certifications", {})
    countries = cache.setdefault("countries", {})
    passage_count = len(PASSAGE_COLUMNS)
    holder_names = list(HOLDER_COLUMNS)
    rows = {}
    for record in fetched:
        passage_id, certification_id = record[0], record[1]
        # As the ORM reads them: an empty text is no value.
        values = {
            name: value if value != "" else None
            for name, value in zip(
                PASSAGE_COLUMNS, record[2 : 2 + passage_count], strict=True
            )
        }
        holder = HolderRow(
            **{
                name: value if value != "" else None
                for name, value in zip(
                    holder_names, record[2 + passage_count : -1], strict=True
                )
            }
        )
        country_id = record[-1]
        if country_id:
            if country_id not in countries:
                countries[country_id] = country_values(
                    env["res.country"].browse(country_id)
                )
            holder.country_insee_code, holder.country_name = countries[country_id]
        if certification_id not in certifications:
            certifications[certification_id] = certification_row(
                env["accrochage.certification"].sudo().browse(certification_id)
            )
        values["result_final"] = bool(values["result_final"])
        values["digital_score"] = values["digital_score"] or 0
        rows[passage_id] = PassageRow(
            id=passage_id,
            certification_id=certification_id,
            certification=certifications[certification_id],
            holder=holder,
            digital_results=results.get(passage_id, []),
            **values,
        )
    return [rows[passage_id] for passage_id in passage_ids if passage_id in rows]


# Converting -------------------------------------------------------------------


def identification_branch(row, version):
    """How the holder of the :class:`PassageRow` ``row`` is identified in a file
    of ``version``: ``"national_id"`` (NIR, when the schema has it: no identity
    funnel at the CDC), else ``"holder"`` (civil status), else
    ``"training_file"`` (the CPF file number, when that is all we have)."""
    holder = row.holder
    if holder.nir and flux.supports(version, "national_id"):
        return "national_id"
    civil_status_known = holder.birth_name and holder.first_name_1 and holder.sex
    if not civil_status_known and row.cpf_file_number:
        return "training_file"
    return "holder"


def holder_identification(row, version):
    """The identification of the holder of ``row``: a :class:`flux.Holder`,
    :class:`flux.NationalId` or :class:`flux.TrainingFile`."""
    holder = row.holder
    birth = holder.birth_date
    branch = identification_branch(row, version)
    if branch == "national_id":
        return flux.NationalId(
            nir=holder.nir,
            birth_name=holder.birth_name,
            first_name=holder.first_name_1 or None,
            sex=holder.sex or None,
            birth_year=birth.year if birth else None,
            birth_month=birth.month if birth else None,
        )
    if branch == "training_file":
        return flux.TrainingFile(
            file_id=row.cpf_file_number,
            last_name=holder.birth_name,
            first_name=holder.first_name_1,
        )
    abroad = holder.birth_place_type == "abroad"
    return flux.Holder(
        birth_name=holder.birth_name,
        first_name=holder.first_name_1,
        sex=holder.sex,
        birth_year=birth.year if birth else None,
        birth_month=birth.month if birth else None,
        birth_day=birth.day if birth else None,
        usage_name=holder.usage_name or None,
        first_name_2=holder.first_name_2 or None,
        first_name_3=holder.first_name_3 or None,
        birth_insee_code=(
            holder.country_insee_code if abroad else holder.birth_insee_code
        )
        or None,
        birth_postcode=None if abroad else (holder.birth_postcode or None),
        birth_commune_name=holder.birth_city or None,
        birth_country_name=holder.country_name if abroad else None,
        nir=holder.nir or None,
    )


def _registration_required(version):
    """Whether ``modalitesInscription`` must be written (and cannot be nil)."""
    node = flux.dictionary.find_node("modalitesInscription")
    return node.min_occurs(version) >= 1 and not node.is_nillable(version)


def passage_to_flux(row, version, action="CREATION"):
    """The :class:`flux.Passage` of ``row`` in a file of ``version``; a
    withdrawal carries the technical ID and the identification only."""
    identification = holder_identification(row, version)
    if action == "SUPPRESSION":
        return flux.Passage(technical_id=row.technical_id, holder=identification)
    certification = row.certification
    digital_level = None
    if row.digital_score or row.digital_results:
        digital_level = flux.DigitalLevel(
            general_score=row.digital_score or None,
            results=[
                flux.DigitalResult(
                    level=level or None,
                    area_id=area or None,
                    competence_id=competence or None,
                )
                for level, area, competence in row.digital_results
            ],
        )
    registration = None
    if row.access_route or row.registration_initiative or row.registration_date:
        registration = flux.Registration(
            access_mode=row.access_route or None,
            vae_route=row.vae_route or None,
            initiative=row.registration_initiative or None,
            registration_date=row.registration_date or None,
        )
    elif _registration_required(version):
        registration = flux.Registration()
    return flux.Passage(
        technical_id=row.technical_id,
        holder=identification,
        obtention=row.obtention_mode or certification.obtention_mode,
        certified=row.result_final,
        validity_start=row.issue_date,
        validity_end=row.validity_end_date or None,
        exam_start=row.exam_start_date or None,
        exam_end=row.exam_end_date or None,
        exam_mode=row.exam_mode or None,
        exam_center_postcode=row.exam_postcode or None,
        proof_url=row.proof_url or None,
        option_label=row.option_label or None,
        language_level=row.language_level or None,
        digital_level=digital_level,
        scoring=row.score or None,
        honours=row.honours
        or ("SANS_MENTION" if certification.grants_honours else None),
        registration=registration,
        verbatim=row.verbatim or None,
    )


def flux_certification(row, depositor_nature):
    """The :class:`flux.Certification` (without passages) of ``row``."""
    return flux.Certification(
        type=row.certification.type,
        code=row.certification.code,
        depositor_nature=depositor_nature,
    )


def flux_document(certifier, rows, action="CREATION", version=None):
    """The :class:`flux.Flux` of the passage ``rows`` of ``certifier``, grouped
    by certification (by code)."""
    version = version or certifier.schema_version
    groups = {}
    for row in sorted(rows, key=lambda row: row.certification.code):
        if row.certification_id not in groups:
            groups[row.certification_id] = flux_certification(
                row, certifier.depositor_nature
            )
        groups[row.certification_id].passages.append(
            passage_to_flux(row, version, action)
        )
    return flux.Flux(
        sender_id=certifier.sender_client_number,
        certifier=flux.Certifier(
            client_id=certifier.certifier_client_number,
            contract_id=certifier.contract_number,
            certifications=list(groups.values()),
        ),
        version=version,
        action=action,
    )


# Problems -------------------------------------------------------------------


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
