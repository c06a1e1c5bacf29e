"""The CDC rules other code asks for: formats, limits, choices, deadlines, features.

This is the public face of :mod:`.dictionary` for the Odoo side (and for the
checker): one place for each rule, so that a selection list, a length limit, a
format or the reporting deadline is never written twice.

* :func:`selection`: the allowed values of an enumeration with English labels,
  in display order (the Odoo side translates the labels);
* :func:`max_chars`: the largest number of characters of an element;
* :func:`supports`: whether a schema version has a feature
  (:data:`FEATURES`);
* :func:`reporting_deadline` / :func:`add_months`: the legal 3-month deadline,
  in calendar months;
* format patterns written with ``[0-9]`` as the official XSD writes them (never
  ``\\d``, which also matches Arabic-Indic or full-width digits), compiled with
  ``re.ASCII``; use them with ``fullmatch``.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date

from .dictionary import (
    ENUMERATIONS,
    LATEST_VERSION,
    SCHEMA_VERSIONS,
    find_node,
    node_at,
)

# English labels of the enumerations, in the order users see them. A test checks
# that each mapping holds exactly the values of ENUMERATIONS.
ENUMERATION_LABELS: dict[str, dict[str, str]] = {
    "action": {"CREATION": "Creation", "SUPPRESSION": "Withdrawal"},
    "natureDeposant": {
        "CERTIFICATEUR": "Certifier",
        "TIERS_CONFIANCE": "Trusted third party",
    },
    "obtentionCertification": {
        "PAR_ADMISSION": "By admission",
        "PAR_SCORING": "By scoring",
    },
    "modalitePassageExamen": {
        "EN_PRESENTIEL": "On site",
        "A_DISTANCE": "Remote",
        "MIXTE": "Mixed",
    },
    "niveauCECRL": {
        "A1": "A1",
        "A2": "A2",
        "B1": "B1",
        "B2": "B2",
        "C1": "C1",
        "C2": "C2",
        "INSUFFISANT": "Insufficient",
    },
    "mention": {
        "SANS_MENTION": "No honours",
        "MENTION_ASSEZ_BIEN": "Fairly good",
        "MENTION_BIEN": "Good",
        "MENTION_TRES_BIEN": "Very good",
        "MENTION_TRES_BIEN_AVEC_FELICITATIONS_DU_JURY": (
            "Very good with the jury's congratulations"
        ),
    },
    "modaliteAcces": {
        "FORMATION_INITIALE_HORS_APPRENTISSAGE": (
            "Initial education (not apprenticeship)"
        ),
        "FORMATION_INITIALE_APPRENTISSAGE": "Apprenticeship",
        "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION": (
            "Continuing training (not professionalisation contract)"
        ),
        "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION": (
            "Professionalisation contract"
        ),
        "VAE": "Validation of prior experience (VAE)",
        "EQUIVALENCE_DIPLOME_ETRANGER": "Equivalence of a foreign diploma",
        "CANDIDAT_LIBRE": "Independent candidate",
    },
    "voieAccesVAE": {"CONGES_VAE": "VAE leave", "VAE_CLASSIQUE": "Classic VAE"},
    "initiativeInscription": {
        "CERTIFIE": "The candidate",
        "OF": "Training organisation",
        "POLE_EMPLOI": "France Travail",
        "EMPLOYEUR": "Employer",
        "AUTRE": "Other",
    },
    "genre": {"M": "Male", "F": "Female"},
}

# The certification repertories (type) and the code that goes with each.
CERTIFICATION_TYPES = ("RNCP", "RS")
CERTIFICATION_CODE_PATTERN = re.compile(r"(RNCP|RS)([0-9]+)", re.ASCII)
CERTIFICATION_CODE_EXAMPLES = {"RNCP": "RNCP35291", "RS": "RS5218"}

# Birth places: INSEE code of a commune (2A/2B for Corsica) or of a country
# (99xxx), French postcode, INSEE country code without its 99.
INSEE_CODE_PATTERN = re.compile(r"([0-9]{5}|2[AB][0-9]{3})", re.ASCII)
INSEE_COUNTRY_CODE_PATTERN = re.compile(r"99[0-9]{3}", re.ASCII)
POSTCODE_PATTERN = re.compile(r"[0-9]{5}", re.ASCII)
COUNTRY_CODE_PATTERN = re.compile(r"[0-9]{3}", re.ASCII)
FRANCE_INSEE_COUNTRY_CODE = "99100"
# NIR, 13 characters or 15 with its key; provisional numbers (NIA, 3/4/7/8) are
# not accepted by the CDC.
NIR_PATTERN = re.compile(r"[12][0-9]{4}(2[AB]|[0-9]{2})[0-9]{6}([0-9]{2})?", re.ASCII)
NIR_LENGTHS = (13, 15)

# DigComp 2.1: number of competences in each area.
DIGCOMP_COMPETENCES = {"1": 3, "2": 6, "3": 4, "4": 4, "5": 4}

# R.6113-17-2 code du travail: data sent within 3 months of the issue date; a
# correction asked by the CDC within 3 months of the request.
REPORTING_DEADLINE_MONTHS = 3


def _versions_with(path: str) -> tuple[str, ...]:
    node = node_at(path)
    return tuple(version for version in SCHEMA_VERSIONS if node.in_version(version))


# Features that only some schema versions have, read from the dictionary (the
# versions whose XSD has the element).
FEATURES: dict[str, tuple[str, ...]] = {
    # action SUPPRESSION: withdrawing (and so correcting) accepted passages
    "withdrawal": _versions_with("flux/action"),
    # identifiantNational: the holder identified by NIR
    "national_id": _versions_with(
        "flux/emetteur/certificateurs/certificateur/certifications/certification/"
        "passageCertifications/passageCertification/identificationTitulaire/"
        "identifiantNational"
    ),
}


def _node(name: str):
    node = find_node(name)
    if node is None:
        raise KeyError(f"unknown flux element {name!r}")
    return node


BIRTH_YEAR_MIN = _node("anneeNaissance").min_value
BIRTH_YEAR_MAX = _node("anneeNaissance").max_value
DIGITAL_SCORE_MAX = _node("scoreGeneral").max_value
DIGITAL_LEVEL_MAX = _node("niveau").max_value


def selection(enumeration: str) -> list[tuple[str, str]]:
    """``[(value, English label)]`` of an enumeration of the dictionary."""
    labels = ENUMERATION_LABELS[enumeration]
    return [(value, labels[value]) for value in labels]


def version_selection() -> list[tuple[str, str]]:
    """``[(version, version)]`` of the supported schema versions, latest first."""
    return [(version, version) for version in SCHEMA_VERSIONS]


def max_chars(element: str) -> int | None:
    """Largest number of characters the XSD accepts for ``element``."""
    return _node(element).max_chars


def supports(version: str, feature: str) -> bool:
    """Whether the schema ``version`` has ``feature`` (a key of :data:`FEATURES`)."""
    if feature not in FEATURES:
        raise KeyError(f"unknown feature {feature!r}")
    return version in FEATURES[feature]


def versions_supporting(feature: str) -> tuple[str, ...]:
    """The schema versions that have ``feature``, latest first."""
    if feature not in FEATURES:
        raise KeyError(f"unknown feature {feature!r}")
    return tuple(v for v in SCHEMA_VERSIONS if v in FEATURES[feature])


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, the day clamped to the month's
    last (30 November + 3 months = 28 February, or 29 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@functools.lru_cache(maxsize=4096)
def reporting_deadline(issued: date) -> date:
    """Last day to report a passage issued on ``issued`` (or to send a correction
    requested on that day): 3 calendar months later."""
    return add_months(issued, REPORTING_DEADLINE_MONTHS)


def is_certification_code(certification_type: str, code: str) -> bool:
    """Whether ``code`` is a well-formed code of ``certification_type``."""
    match = CERTIFICATION_CODE_PATTERN.fullmatch(code or "")
    return bool(match) and match.group(1) == certification_type


__all__ = [
    "BIRTH_YEAR_MAX",
    "BIRTH_YEAR_MIN",
    "CERTIFICATION_CODE_EXAMPLES",
    "CERTIFICATION_CODE_PATTERN",
    "CERTIFICATION_TYPES",
    "COUNTRY_CODE_PATTERN",
    "DIGCOMP_COMPETENCES",
    "DIGITAL_LEVEL_MAX",
    "DIGITAL_SCORE_MAX",
    "ENUMERATIONS",
    "ENUMERATION_LABELS",
    "FEATURES",
    "FRANCE_INSEE_COUNTRY_CODE",
    "INSEE_CODE_PATTERN",
    "INSEE_COUNTRY_CODE_PATTERN",
    "LATEST_VERSION",
    "NIR_LENGTHS",
    "NIR_PATTERN",
    "POSTCODE_PATTERN",
    "REPORTING_DEADLINE_MONTHS",
    "SCHEMA_VERSIONS",
    "add_months",
    "is_certification_code",
    "max_chars",
    "reporting_deadline",
    "selection",
    "supports",
    "version_selection",
    "versions_supporting",
]
