"""check_xml: schema errors mapped to the passage and the French label, business
rules on XML, security."""

import pytest
from flux_samples import (
    EXAMPLE_CREATION,
    EXAMPLE_SUPPRESSION,
    EXAMPLE_V2,
    TODAY,
    cdc_bytes,
    flux,
    full_passage,
    holder,
    passage,
)

from flux import build_flux, check_xml


def errors(problems):
    return [problem for problem in problems if problem.severity == "error"]


@pytest.mark.parametrize(
    ("example", "version"),
    [
        (EXAMPLE_CREATION, "1.1.5"),
        (EXAMPLE_SUPPRESSION, "1.1.5"),
        (EXAMPLE_V2, "1.1.2"),
        (EXAMPLE_V2, "1.1.5"),
    ],
)
def test_official_examples_have_no_error(example, version):
    assert errors(check_xml(cdc_bytes(example), version)) == []


def test_built_file_has_no_problem():
    data = build_flux(flux([passage("A"), full_passage("B")]))
    assert check_xml(data, "1.1.5", today=TODAY) == []


def test_schema_error_mapped_to_passage_and_label():
    data = build_flux(flux([passage("A"), passage("B", holder=holder(sex="H"))]))
    (problem,) = errors(check_xml(data, "1.1.5", today=TODAY))
    assert problem.code == "schema_enumeration"
    assert problem.technical_id == "B"
    assert problem.holder == "DUPONT Jean"
    assert problem.field == "sexe" and problem.label == "Sexe"
    assert "« H »" in problem.message and "M, F" in problem.message
    assert data.decode().splitlines()[problem.line - 1] == "<cpf:sexe>H</cpf:sexe>"


def test_schema_error_in_envelope_has_no_passage():
    data = build_flux(flux(sender_id="1234567"))
    (problem,) = errors(check_xml(data, "1.1.5", today=TODAY))
    assert problem.technical_id is None
    assert problem.label == "N° de la fiche client de l'émetteur"
    assert "exactement 8" in problem.message


def test_too_long_value_named_in_french():
    data = build_flux(flux([passage("L", holder=holder(birth_name="X" * 61))]))
    (problem,) = errors(check_xml(data, "1.1.5", today=TODAY))
    assert problem.label == "Nom de naissance" and "61" in problem.message


def test_missing_element_under_112():
    data = cdc_bytes(EXAMPLE_V2).replace(
        b"<cpf:obtentionCertification>PAR_ADMISSION</cpf:obtentionCertification>",
        b"",
        1,
    )
    (problem,) = errors(check_xml(data, "1.1.2"))
    assert problem.technical_id == "db855769-bcd6-4253-93cf-e666db666c0a"
    assert "Obtention par admission ou scoring" in problem.message


def test_115_only_element_under_112():
    problems = errors(check_xml(cdc_bytes(EXAMPLE_CREATION), "1.1.2"))
    assert any(p.field == "action" and "version" in p.message for p in problems)


def test_bad_timestamp_hint():
    data = cdc_bytes(EXAMPLE_V2).replace(b"14:24:12+01:00", b"14:24:12Z")
    (problem,) = errors(check_xml(data, "1.1.2"))
    assert problem.field == "horodatage" and "AAAA-MM-JJTHH:MM:SS+HH:MM" in (
        problem.message
    )


def test_business_rules_run_on_xml():
    data = build_flux(
        flux(
            [
                passage("D1"),
                passage("D1", scoring="nill"),
                passage("D2", holder=holder(birth_country_code="109")),
            ]
        )
    )
    found = {(p.technical_id, p.code) for p in check_xml(data, "1.1.5", today=TODAY)}
    assert ("D1", "duplicate_technical_id") in found
    assert ("D1", "nil_literal") in found
    assert ("D2", "country_for_france_birth") in found


def test_business_problem_points_at_its_element_line():
    data = build_flux(flux([passage("V", scoring="nill")]))
    (problem,) = check_xml(data, "1.1.5", today=TODAY)
    assert data.decode().splitlines()[problem.line - 1] == (
        "<cpf:scoring>nill</cpf:scoring>"
    )


def test_known_ids_on_xml():
    data = build_flux(flux([passage("K")]))
    problems = check_xml(data, "1.1.5", known_ids={"K"}, today=TODAY)
    assert [p.code for p in problems] == ["technical_id_already_sent"]


def test_whitespace_in_xml_is_an_error():
    data = build_flux(flux([passage("W")])).replace(
        b"<cpf:nomNaissance>Dupont", b"<cpf:nomNaissance> Dupont"
    )
    (problem,) = check_xml(data, "1.1.5", today=TODAY)
    assert problem.code == "whitespace_in_file" and problem.severity == "error"


def test_presence_flag_inconsistent_in_xml():
    data = build_flux(flux([passage("F")])).replace(
        b"<cpf:presenceNiveauLangueEuro>false", b"<cpf:presenceNiveauLangueEuro>true"
    )
    (problem,) = check_xml(data, "1.1.5", today=TODAY)
    assert problem.code == "language_presence_mismatch"


def test_type_code_mismatch_in_xml():
    data = build_flux(flux()).replace(b"<cpf:type>RNCP<", b"<cpf:type>RS<")
    assert [p.code for p in check_xml(data, "1.1.5", today=TODAY)] == [
        "certification_type_mismatch"
    ]


def test_not_well_formed():
    (problem,) = check_xml(b"<?xml version='1.0'?><cpf:flux", "1.1.5")
    assert problem.code == "xml_syntax"


def test_doctype_refused():
    data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
    assert [p.code for p in check_xml(data, "1.1.5")] == ["xml_doctype"]


def test_unknown_version():
    with pytest.raises(ValueError):
        check_xml(b"<x/>", "2.0")


def test_elements_out_of_the_dictionary_order_give_a_warning():
    """DATA-DICTIONARY §4: "elements in any order" is accepted by the XSD; the
    2026 CREATION example puts niveauLangueEuropeen before its presence flag."""
    problems = check_xml(cdc_bytes(EXAMPLE_CREATION), "1.1.5")
    order = [problem for problem in problems if problem.code == "element_order"]
    assert {problem.technical_id for problem in order} >= {"ID_TECHNIQUE_01"}
    assert {problem.severity for problem in order} == {"warning"}
    assert all(problem.line for problem in order)
    assert "ordre du dictionnaire" in order[0].message
