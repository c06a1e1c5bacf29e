"""Property-based tests: random valid holders and passages always give files that
the OFFICIAL CDC schemas accept, and the checker finds nothing wrong with them."""

import calendar
from datetime import date, timedelta

from flux_samples import TODAY, flux, official_valid
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.fr import nir as stdnum_nir

from flux import (
    DigitalLevel,
    DigitalResult,
    Holder,
    NationalId,
    Passage,
    Registration,
    TrainingFile,
    build_flux,
    check_flux,
    check_xml,
)
from flux.dictionary import ENUMERATIONS
from flux.text import NIL_LITERALS

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêëàâäîïôöûüùçœæÉÈÀÇŒ"
FREE_TEXT = LETTERS + "0123456789 '’-&<>\"/.,;:()"


def names(limit: int):
    """Names with accents, apostrophes, hyphens and inner spaces, up to ``limit``
    characters, including names exactly at the limit."""
    word = st.text(LETTERS, min_size=1, max_size=12)
    separator = st.sampled_from([" ", "-", "'", "’", " d'", "-"])
    composed = st.builds(
        lambda first, rest: first + "".join(sep + w for sep, w in rest),
        word,
        st.lists(st.tuples(separator, word), max_size=4),
    )
    at_limit = st.builds(lambda c: c * limit, st.sampled_from("AéÇ'-"[:3]))
    return (
        st.one_of(composed.filter(lambda s: len(s) <= limit), at_limit)
        .map(lambda s: " ".join(s.split()))
        .filter(lambda s: s and s.lower() not in NIL_LITERALS)
    )


def free_text(limit: int):
    return (
        st.text(FREE_TEXT, min_size=1, max_size=limit)
        .map(lambda s: " ".join(s.split()))
        .filter(lambda s: s and s.lower() not in NIL_LITERALS)
    )


def optional(strategy):
    return st.one_of(st.none(), strategy)


digits = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")
department = st.one_of(
    st.integers(min_value=1, max_value=95).map(lambda n: f"{n:02d}"),
    st.sampled_from(["2A", "2B"]),
)
commune_code = st.builds(lambda d, c: d + c, department, digits).filter(
    lambda code: code[:2] not in ("20", "99")
)


@st.composite
def birth(draw):
    year = draw(st.integers(min_value=1900, max_value=2007))
    month = draw(optional(st.integers(min_value=1, max_value=12)))
    day = None
    if month is not None:
        last = calendar.monthrange(year, month)[1]
        day = draw(optional(st.integers(min_value=1, max_value=last)))
    return year, month, day


@st.composite
def holders(draw):
    year, month, day = draw(birth())
    place = draw(st.sampled_from(["commune", "abroad", "postcode"]))
    values = {
        "birth_name": draw(names(60)),
        "first_name": draw(names(60)),
        "sex": draw(st.sampled_from(["M", "F"])),
        "birth_year": year,
        "birth_month": month,
        "birth_day": day,
        "usage_name": draw(optional(names(60))),
        "first_name_2": draw(optional(names(60))),
        "first_name_3": draw(optional(names(60))),
        "birth_commune_name": draw(optional(names(60))),
    }
    if place == "commune":
        values["birth_insee_code"] = draw(commune_code)
    elif place == "abroad":
        values["birth_insee_code"] = "99" + draw(
            st.integers(min_value=100, max_value=999).map(str)
        )
        values["birth_country_name"] = draw(optional(names(60)))
    else:
        values["birth_postcode"] = draw(
            st.integers(min_value=1000, max_value=98999).map(lambda n: f"{n:05d}")
        )
    return Holder(**values)


@st.composite
def national_ids(draw):
    year, month, _day = draw(birth())
    sex = draw(st.sampled_from(["M", "F"]))
    number = (
        ("1" if sex == "M" else "2")
        + f"{year % 100:02d}"
        + f"{month or draw(st.integers(min_value=1, max_value=12)):02d}"
        + draw(department)
        + draw(digits)
        + draw(digits)
    )
    if draw(st.booleans()):
        number += stdnum_nir.calc_check_digits(number)
    return NationalId(
        number, draw(names(60)), draw(optional(names(60))), sex, year, month
    )


training_files = st.builds(
    TrainingFile,
    st.text("0123456789", min_size=1, max_size=13),
    names(30),
    names(20),
)


@st.composite
def digital_levels(draw):
    pairs = draw(
        st.lists(
            st.sampled_from(
                [
                    (area, str(n))
                    for area, count in {"1": 3, "2": 6, "3": 4, "4": 4, "5": 4}.items()
                    for n in range(1, count + 1)
                ]
            ),
            unique=True,
            max_size=5,
        )
    )
    return DigitalLevel(
        draw(st.integers(min_value=1, max_value=1000)),
        [
            DigitalResult(draw(st.integers(min_value=1, max_value=8)), area, competence)
            for area, competence in pairs
        ],
    )


@st.composite
def registrations(draw, issue: date):
    access = draw(optional(st.sampled_from(ENUMERATIONS["modaliteAcces"])))
    route = (
        draw(optional(st.sampled_from(ENUMERATIONS["voieAccesVAE"])))
        if (access == "VAE")
        else None
    )
    registered = draw(optional(st.dates(min_value=date(2015, 1, 1), max_value=issue)))
    return Registration(
        access,
        route,
        draw(optional(st.sampled_from(ENUMERATIONS["initiativeInscription"]))),
        registered,
    )


@st.composite
def passages(draw, identification):
    issue = TODAY - timedelta(days=draw(st.integers(min_value=0, max_value=80)))
    exam_start = draw(optional(st.dates(min_value=date(2020, 1, 1), max_value=issue)))
    exam_end = None
    if exam_start is not None:
        exam_end = draw(optional(st.dates(min_value=exam_start, max_value=issue)))
    obtention = draw(st.sampled_from(ENUMERATIONS["obtentionCertification"]))
    scoring = (
        draw(free_text(255))
        if obtention == "PAR_SCORING"
        else draw(optional(free_text(255)))
    )
    return Passage(
        technical_id="",  # numbered by the flux strategy
        holder=draw(identification),
        obtention=obtention,
        certified=draw(st.booleans()),
        validity_start=issue,
        validity_end=draw(
            optional(st.dates(min_value=issue, max_value=date(2099, 12, 31)))
        ),
        exam_start=exam_start,
        exam_end=exam_end,
        exam_mode=draw(
            optional(st.sampled_from(ENUMERATIONS["modalitePassageExamen"]))
        ),
        exam_center_postcode=draw(optional(st.from_regex(r"\d{5}", fullmatch=True))),
        proof_url=draw(
            optional(free_text(255).map(lambda s: "https://e.fr/" + s[:200]))
        ),
        option_label=draw(optional(free_text(255))),
        language_level=draw(optional(st.sampled_from(ENUMERATIONS["niveauCECRL"]))),
        digital_level=draw(optional(digital_levels())),
        scoring=scoring,
        honours=draw(optional(st.sampled_from(ENUMERATIONS["mention"]))),
        registration=draw(optional(registrations(issue))),
        verbatim=draw(optional(free_text(255))),
    )


def numbered(items):
    for index, item in enumerate(items):
        item.technical_id = f"ID-{index}"
    return items


identifications_112 = st.one_of(holders(), training_files)
identifications_115 = st.one_of(holders(), training_files, national_ids())


@SETTINGS
@given(st.lists(passages(identifications_115), min_size=1, max_size=4).map(numbered))
def test_random_115_files_are_valid_and_clean(items):
    run = flux(items, version="1.1.5")
    data = build_flux(run)
    assert official_valid(data, "1.1.5")
    assert check_flux(run, today=TODAY) == []
    assert check_xml(data, "1.1.5", today=TODAY) == []


@SETTINGS
@given(st.lists(passages(identifications_112), min_size=1, max_size=4).map(numbered))
def test_random_112_files_are_valid_under_both_versions(items):
    for item in items:
        if item.registration is None:
            item.registration = Registration()
    for version in ("1.1.2", "1.1.5"):
        run = flux(items, version=version)
        data = build_flux(run)
        assert official_valid(data, version)
        assert check_flux(run, today=TODAY) == []


@SETTINGS
@given(st.lists(passages(identifications_115), min_size=1, max_size=4).map(numbered))
def test_random_suppression_files_are_valid(items):
    run = flux(items, action="SUPPRESSION")
    data = build_flux(run)
    assert official_valid(data, "1.1.5")
    assert check_flux(run, today=TODAY) == []
