"""Messages: a code and parameters, rendered in French or English from one
catalogue; the element named once, by its label in the user's language."""

import re
import string

import pytest
from flux_samples import TODAY, cdc_bytes, flux, holder, passage
from hostile_corpus import base_document
from test_flux_hostile import HOSTILE_DOCUMENTS, NOT_WELL_FORMED, READER_REFUSALS

from flux import (
    CATEGORIES,
    MESSAGES,
    PROBLEM_CODES,
    FluxError,
    InvalidValueError,
    Problem,
    ReportError,
    build_flux,
    category_label,
    check_flux,
    check_xml,
    explanation,
    label_for,
    language,
    parse_report,
    read_passages,
    render,
)
from flux.dictionary import walk
from flux.messages import _localized


def placeholders(template: str) -> set[str]:
    return {
        name.split(".")[0].split("[")[0]
        for _text, name, _spec, _conversion in string.Formatter().parse(template)
        if name
    }


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_parameters(code):
    entry = MESSAGES[code]
    assert set(entry) == {"fr", "en"}
    assert placeholders(entry["fr"]) == placeholders(entry["en"]), code


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_each_message_names_its_element_once_and_reads_well(code):
    french, english = MESSAGES[code]["fr"], MESSAGES[code]["en"]
    assert french.count("{label}") <= 1 and english.count("{label}") <= 1
    assert "« " not in english and "»" not in english, code
    assert "“" not in french, code
    # French typography: a space before the colon and semicolon
    assert not re.search(r"\w[:;] ", french), code
    # Fragments go inside another message.
    assert (
        french[0].isupper()
        or french[0] in "«{"
        or code.startswith(("reason_", "fragment_"))
    )


def test_language_codes():
    assert [language(code) for code in ("fr", "fr_FR", "FR-be", "en", "en_US")] == [
        "fr",
        "fr",
        "fr",
        "en",
        "en",
    ]
    assert language(None) == language("de_DE") == "en"


def test_rendered_parameters():
    values = _localized(
        {"field": "idClient", "parent": "certificateur", "issue_date": "2025-05-02"},
        "fr",
    )
    assert values["label"] == "N° de la fiche client du certificateur"
    assert values["issue_date"] == "02/05/2025"
    english = _localized({"field": "nomNaissance", "chars": ["U+200B"]}, "en")
    assert english["label"] == "Birth name"
    assert english["char_names"] == "U+200B ZERO WIDTH SPACE"
    assert render("unsupported_version", {"version": "2", "choices": ["a", "b"]}) == (
        "Version de schéma « 2 » inconnue : choisissez a ou b."
    )


def test_every_dictionary_node_has_an_english_label():
    for path, node in walk():
        assert (node.label_en and node.label_en != node.label) or node.label in (
            "Certification",
            "Certifications",
        ), path
        assert node.label_en[0].isupper(), path
    assert label_for("nomNaissance", lang="en") == "Birth name"
    assert label_for("idClient", "emetteur", "en_GB") == "Sender's client record number"
    assert label_for("inconnu", lang="en") == "inconnu"


def _all_problems():
    problems = []
    for make in HOSTILE_DOCUMENTS.values():
        problems += check_flux(make(), today=TODAY)
    for data in (*NOT_WELL_FORMED.values(), *READER_REFUSALS.values()):
        problems += check_xml(data, "1.1.5", today=TODAY)
    for name in ("cpf-example-CREATION_kit-2026-03.xml", "cpf-example_kit-v2.0.0.xml"):
        problems += check_xml(cdc_bytes(name), "1.1.2")
    return problems


ALL_PROBLEMS = _all_problems()


def test_every_problem_code_is_in_the_catalogue_and_renders_in_both_languages():
    codes = {problem.code for problem in ALL_PROBLEMS}
    assert len(codes) >= 40
    assert codes <= set(PROBLEM_CODES)
    for problem in ALL_PROBLEMS:
        french, english = problem.render("fr"), problem.render("en")
        assert french == problem.message and french and english
        unrendered = re.compile(r"\{[a-z_]+(:[^}]*)?\}")
        assert not unrendered.search(french + english), problem.code
        label_fr, label_en = problem.label_in("fr"), problem.label_in("en")
        if f"« {label_fr} »" in french:
            assert f"“{label_en}”" in english, (problem.code, english)
            assert french.count(f"« {label_fr} »") == 1


def test_english_problem_names_the_field_in_english():
    document = flux([passage("P", holder=holder(birth_name="A" * 61))])
    (problem,) = check_flux(document, today=TODAY)
    assert problem.message.startswith("« Nom de naissance » fait 61 caractères")
    assert problem.render("en").startswith("“Birth name” has 61 characters")
    assert problem.render("en_US") == problem.render("en")
    assert problem.params == {"size": 61, "max": 60}


def test_a_problem_without_a_catalogue_code_keeps_its_message():
    problem = Problem(
        technical_id="X",
        holder="DUPONT Jeanne",
        field="scoring",
        label="Scoring",
        message="Valeur refusée.",
        severity="error",
        code="test",
    )
    assert problem.render("en") == problem.message == "Valeur refusée."
    with pytest.raises(AttributeError):
        problem.code = "other"


def test_errors_carry_code_params_passage_and_field():
    document = flux([passage("P1", verbatim="bad\x01")])
    with pytest.raises(InvalidValueError) as raised:
        build_flux(document)
    error = raised.value
    assert (error.code, error.technical_id, error.field) == (
        "forbidden_character",
        "P1",
        "verbatim",
    )
    assert error.params["char"] == "U+0001"
    assert str(error) == (
        "Passage « P1 » : « Verbatim (informations complémentaires) » contient le "
        "caractère U+0001 CARACTÈRE DE COMMANDE, interdit en XML 1.0 : retirez-le de "
        "la saisie."
    )
    assert error.render("en").startswith(
        "Passage “P1”: “Verbatim (additional information)” contains the character "
        "U+0001 CONTROL CHARACTER"
    )
    assert isinstance(error, FluxError) and isinstance(error, ValueError)
    legacy = FluxError("Message libre.")
    assert legacy.code is None and str(legacy) == legacy.render("en")


def test_reader_and_report_errors_render_in_both_languages():
    with pytest.raises(FluxError) as raised:
        data = base_document()
        read_passages(data.replace(b"<cpf:idTechnique>B<", b"<cpf:idTechnique>A<"))
    assert raised.value.code == "read_duplicate_id"
    assert "ambiguous" in raised.value.render("en")
    with pytest.raises(ReportError) as raised:
        parse_report(b"<flux/>")
    assert raised.value.code == "report_root"
    assert raised.value.render("en") == (
        "This file is not a CDC processing report (root element “flux” instead of "
        "“rapport”)."
    )


def test_report_categories_and_explanations_in_both_languages():
    assert CATEGORIES["holder_not_found"] == "Aucun titulaire identifié"
    for category in CATEGORIES:
        assert category_label(category, "en") != category_label(category, "fr")
        assert explanation(category, None, "en")
    assert "civil status" in explanation("holder_not_found", 1, "en")
    report = parse_report(
        b"<rapport><PassagesKO><passage><idTechnique>1</idTechnique><messageErreur>"
        b"Plusieurs titulaires ont \xc3\xa9t\xc3\xa9 identifi\xc3\xa9s</messageErreur>"
        b"</passage></PassagesKO></rapport>"
    )
    (result,) = report.passages
    assert result.explain("en").startswith("The data sent matches several people")
    assert result.explanation == result.explain("fr")
    assert result.category_label("en") == "Several holders identified"
