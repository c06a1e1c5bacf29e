"""The rules the Odoo side asks for: one definition each."""

import re
from datetime import date

import pytest

from flux import rules
from flux.dictionary import ENUMERATIONS, SCHEMA_VERSIONS


@pytest.mark.parametrize("name", sorted(ENUMERATIONS))
def test_every_enumeration_has_english_labels_for_exactly_its_values(name):
    values = [value for value, _label in rules.selection(name)]
    assert sorted(values) == sorted(ENUMERATIONS[name])
    assert all(label for _value, label in rules.selection(name))


@pytest.mark.parametrize(
    ("issued", "deadline"),
    [
        (date(2026, 11, 30), date(2027, 2, 28)),
        (date(2027, 11, 30), date(2028, 2, 29)),  # leap year
        (date(2026, 10, 15), date(2027, 1, 15)),
        (date(2026, 1, 31), date(2026, 4, 30)),
        (date(2026, 12, 31), date(2027, 3, 31)),
    ],
)
def test_reporting_deadline_is_three_calendar_months(issued, deadline):
    assert rules.reporting_deadline(issued) == deadline


def test_add_months_backwards_and_forwards():
    assert rules.add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert rules.add_months(date(2026, 1, 15), 12) == date(2027, 1, 15)
    assert rules.add_months(date(2026, 1, 15), 0) == date(2026, 1, 15)


def test_features_by_version():
    assert rules.supports("1.1.5", "withdrawal")
    assert rules.supports("1.1.5", "national_id")
    assert not rules.supports("1.1.2", "withdrawal")
    assert not rules.supports("1.1.2", "national_id")
    assert rules.versions_supporting("withdrawal") == ("1.1.5",)
    with pytest.raises(KeyError):
        rules.supports("1.1.5", "teleportation")
    for versions in rules.FEATURES.values():
        assert set(versions) <= set(SCHEMA_VERSIONS)


@pytest.mark.parametrize(
    "pattern",
    [
        rules.INSEE_CODE_PATTERN,
        rules.POSTCODE_PATTERN,
        rules.COUNTRY_CODE_PATTERN,
        rules.NIR_PATTERN,
        rules.CERTIFICATION_CODE_PATTERN,
        rules.INSEE_COUNTRY_CODE_PATTERN,
    ],
)
def test_format_patterns_take_ascii_digits_only(pattern):
    assert pattern.flags & re.ASCII
    assert "\\d" not in pattern.pattern
    arabic_indic = "٧٥٠٥٦"
    assert not pattern.fullmatch(arabic_indic)


def test_certification_codes():
    assert rules.is_certification_code("RNCP", "RNCP35291")
    assert rules.is_certification_code("RS", "RS5218")
    assert not rules.is_certification_code("RS", "RNCP35291")
    assert not rules.is_certification_code("RNCP", "RNCP３５")
    for kind, example in rules.CERTIFICATION_CODE_EXAMPLES.items():
        assert rules.is_certification_code(kind, example)


def test_limits_come_from_the_dictionary():
    assert rules.BIRTH_YEAR_MIN == 1900
    assert rules.DIGITAL_SCORE_MAX == 1000
    assert rules.max_chars("nomNaissance") == 60
    assert rules.max_chars("idDossier") == 13
    assert rules.max_chars("idClient") == 8
