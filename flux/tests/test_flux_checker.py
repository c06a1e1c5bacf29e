"""Business rules of the checker on plain objects: one test per rule of
DATA-DICTIONARY section 4 ("accepted by the XSD but wrong") and per other rule."""

from datetime import date, datetime

import pytest
from flux_samples import (
    TODAY,
    flux,
    full_passage,
    holder,
    national_id,
    passage,
    training_file,
)

from flux import (
    PROBLEM_CODES,
    Certification,
    DigitalLevel,
    DigitalResult,
    Problem,
    Registration,
    check_flux,
)


def problems(sample, known_ids=()):
    return check_flux(sample, known_ids=known_ids, today=TODAY)


def codes(sample, known_ids=()):
    return {problem.code for problem in problems(sample, known_ids)}


def only(sample, code, known_ids=()) -> Problem:
    found = [p for p in problems(sample, known_ids) if p.code == code]
    assert len(found) == 1, problems(sample, known_ids)
    return found[0]


def test_clean_samples_have_no_problem():
    assert problems(flux([passage("A"), full_passage("B")])) == []
    assert problems(flux([passage("C", holder=training_file())], version="1.1.2")) == []
    assert problems(flux([passage("D", holder=national_id())])) == []
    assert problems(flux([passage("E")], action="SUPPRESSION")) == []


def test_problem_is_structured_and_french():
    problem = only(flux([passage("P7", exam_end=date(2025, 3, 1))]), "exam_dates_order")
    assert problem.technical_id == "P7"
    assert problem.holder == "DUPONT Jean"
    assert problem.field == "dateFinExamen"
    assert problem.label == "Date de fin de l'examen"
    assert problem.severity == "error"
    assert "antérieure" in problem.message and "corrigez" in problem.message
    assert problem.code in PROBLEM_CODES


# --- Section 4: accepted by the XSD but wrong --------------------------------------


def test_duplicate_technical_id_in_file():
    problem = only(flux([passage("SAME"), passage("SAME")]), "duplicate_technical_id")
    assert problem.technical_id == "SAME"


def test_technical_id_reused_from_earlier_file():
    problem = only(
        flux([passage("OLD")]), "technical_id_already_sent", known_ids={"OLD"}
    )
    assert "SUPPRESSION" in problem.message
    assert "technical_id_already_sent" not in codes(
        flux([passage("OLD")], action="SUPPRESSION"), {"OLD"}
    )


def test_type_rs_with_rncp_code():
    sample = flux()
    sample.certifier.certifications[0].type = "RS"
    problem = only(sample, "certification_type_mismatch")
    assert problem.field == "code" and "RNCP12345" in problem.message


@pytest.mark.parametrize("code", ["12345", "RNCP 12345", "rncp12345", "RS", "RNCPX"])
def test_code_without_prefix_or_digits(code):
    sample = flux()
    sample.certifier.certifications[0].code = code
    assert "certification_code" in codes(sample)


@pytest.mark.parametrize("kind", ["Diplôme Universitaire", "Habilitation", "rncp"])
def test_type_other_than_rncp_or_rs(kind):
    sample = flux()
    sample.certifier.certifications[0].type = kind
    assert "certification_type" in codes(sample)


def test_exam_end_before_start():
    assert "exam_dates_order" in codes(flux([passage(exam_end=date(2025, 3, 31))]))


def test_validity_end_before_start():
    problem = only(
        flux([passage(validity_end=date(2025, 5, 1))]), "validity_dates_order"
    )
    assert problem.field == "dateFinValidite"


@pytest.mark.parametrize("literal", ["nill", "nil", "NULL", "None"])
@pytest.mark.parametrize("field", ["scoring", "verbatim", "codePostal"])
def test_nil_literal_in_string_field(literal, field):
    sample = passage()
    if field == "scoring":
        sample.scoring = literal
    elif field == "verbatim":
        sample.verbatim = literal
    else:
        sample.holder.birth_insee_code = None
        sample.holder.birth_postcode = literal
    problem = only(flux([sample]), "nil_literal")
    assert problem.severity == "error" and 'xsi:nil="true"' in problem.message


def test_nil_literal_in_a_name_is_only_a_warning():
    problem = only(flux([passage(holder=holder(first_name="Nil"))]), "nil_literal_name")
    assert problem.severity == "warning"


def test_country_code_for_someone_born_in_france():
    problem = only(
        flux([passage(holder=holder(birth_country_code="109"))]),
        "country_for_france_birth",
    )
    assert problem.field == "codePaysNaissance"


def test_country_code_with_foreign_postcode():
    sample = passage(
        holder=holder(
            birth_insee_code=None, birth_postcode="10115", birth_country_code="109"
        )
    )
    assert "country_for_france_birth" in codes(flux([sample]))


def test_foreign_postcode_format():
    sample = passage(holder=holder(birth_insee_code=None, birth_postcode="D-10115"))
    assert "postcode_format" in codes(flux([sample]))


def test_country_code_must_match_insee_country():
    sample = passage(holder=holder(birth_insee_code="99109", birth_country_code="134"))
    assert "country_code_mismatch" in codes(flux([sample]))


def test_language_flag_true_without_level():
    assert "language_presence_mismatch" in codes(
        flux([passage(language_level_present=True)])
    )


def test_language_level_with_flag_false():
    assert "language_level_without_flag" in codes(
        flux([passage(language_level="B2", language_level_present=False)])
    )


def test_digital_flag_true_without_block():
    assert "digital_presence_mismatch" in codes(
        flux([passage(digital_level_present=True)])
    )


def test_digital_block_with_flag_false():
    assert "digital_level_without_flag" in codes(
        flux([passage(digital_level=DigitalLevel(300), digital_level_present=False)])
    )


def test_digital_block_without_general_score():
    assert "digital_score_missing" in codes(
        flux([passage(digital_level=DigitalLevel(None, [DigitalResult(2, "1", "1")]))])
    )


@pytest.mark.parametrize("value", [" Dupont", "Dupont ", "Du\npont", "Du  pont"])
def test_surrounding_spaces_and_line_breaks(value):
    problem = only(flux([passage(holder=holder(birth_name=value))]), "whitespace")
    assert problem.severity == "warning"  # the builder trims, the record should too
    assert problem.field == "nomNaissance"


# --- Other rules ---------------------------------------------------------------------


def test_forbidden_xml_character():
    problem = only(flux([passage(verbatim="a\x0bb")]), "forbidden_character")
    assert "U+000B" in problem.message


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [("birth_name", "A" * 61, 60), ("first_name", "é" * 61, 60)],
)
def test_too_long_is_named_never_truncated(field, value, limit):
    problem = only(flux([passage(holder=holder(**{field: value}))]), "too_long")
    assert str(limit) in problem.message and "tronqué" in problem.message


def test_training_file_lengths():
    sample = passage(holder=training_file(last_name="N" * 31, first_name="P" * 21))
    assert [p.field for p in problems(flux([sample])) if p.code == "too_long"] == [
        "nomTitulaire",
        "prenom1Titulaire",
    ]


def test_wrong_fixed_length():
    sample = flux(sender_id="1234567")
    problem = only(sample, "wrong_length")
    assert problem.label == "N° de la fiche client de l'émetteur"


def test_value_not_in_list():
    problem = only(flux([passage(obtention="ADMISSION")]), "not_in_list")
    assert "PAR_ADMISSION" in problem.message


def test_missing_mandatory_values():
    sample = passage(obtention=None, certified=None, validity_start=None)
    found = {
        p.field for p in problems(flux([sample])) if p.code == "missing_in_dictionary"
    }
    assert found == {"obtentionCertification", "donneeCertifiee", "dateDebutValidite"}


def test_registration_mandatory_under_112_only():
    assert "missing_in_version" in codes(
        flux([passage(registration=None)], version="1.1.2")
    )
    assert problems(flux([passage(registration=None)])) == []


@pytest.mark.parametrize(
    ("nir", "code"),
    [
        ("190057505612", "nir_format"),
        ("3900575056123", "nir_format"),
        ("1900575056123" + "00", "nir_key"),
    ],
)
def test_nir_format_and_key(nir, code):
    assert code in codes(flux([passage(holder=national_id(nir=nir))]))


def test_nir_with_valid_key_is_accepted():
    from stdnum.fr import nir as stdnum_nir  # noqa: PLC0415

    number = "1900575056123"
    full = number + stdnum_nir.calc_check_digits(number)
    assert problems(flux([passage(holder=national_id(nir=full))])) == []


def test_nir_consistent_with_sex_year_and_month():
    sample = national_id(nir="2850675056123", sex="M", birth_year=1990, birth_month=5)
    found = codes(flux([passage(holder=sample)]))
    assert {"nir_sex", "nir_birth_year", "nir_birth_month"} <= found


def test_nir_of_civil_status_holder_is_compared():
    sample = holder(nir="2900575056123")  # sex 2 but holder is M
    assert "nir_sex" in codes(flux([passage(holder=sample)]))


def test_nir_under_112():
    assert "unsupported_identification" in codes(
        flux([passage(holder=national_id())], version="1.1.2")
    )


def test_suppression_under_112():
    assert "withdrawal_unsupported" in codes(
        flux(version="1.1.2", action="SUPPRESSION")
    )


def test_birth_date_in_future():
    assert "birth_date_future" in codes(
        flux([passage(holder=holder(birth_year=2026, birth_month=1, birth_day=1))])
    )


def test_birth_date_before_1900():
    assert "birth_date_too_old" in codes(
        flux([passage(holder=holder(birth_year=1899))])
    )


def test_impossible_birth_date():
    problem = only(
        flux([passage(holder=holder(birth_month=2, birth_day=31))]), "impossible_date"
    )
    assert "31/02/1990" in problem.message


def test_birth_after_issue():
    sample = passage(holder=holder(birth_year=2025, birth_month=6, birth_day=1))
    assert "birth_after_issue" in codes(flux([sample]))


def test_birth_day_without_month():
    assert "birth_day_without_month" in codes(
        flux([passage(holder=holder(birth_month=None))])
    )


def test_out_of_range_integers():
    assert "out_of_range" in codes(flux([passage(holder=holder(birth_month=13))]))
    assert "out_of_range" in codes(flux([passage(digital_level=DigitalLevel(1001))]))


@pytest.mark.parametrize("code", ["7505", "750561", "ABCDE", "20004"[:4]])
def test_insee_code_format(code):
    assert "insee_format" in codes(
        flux([passage(holder=holder(birth_insee_code=code))])
    )


def test_corsica_insee_code_is_fine():
    assert problems(flux([passage(holder=holder(birth_insee_code="2B033"))])) == []


def test_unknown_birthplace_is_a_warning():
    problem = only(
        flux([passage(holder=holder(birth_insee_code=None))]), "birthplace_unknown"
    )
    assert problem.severity == "warning"


def test_both_birthplaces_warns():
    sample = passage(holder=holder(birth_postcode="75001"))
    assert only(flux([sample]), "birthplace_both").severity == "warning"


def test_issue_date_in_future_is_an_error():
    assert (
        only(
            flux([passage(validity_start=date(2025, 7, 1))]), "issue_date_future"
        ).severity
        == "error"
    )


@pytest.mark.parametrize(
    ("exam_start", "exam_end", "code"),
    [
        (date(2025, 5, 10), date(2025, 5, 11), "issue_before_exam_start"),
        (date(2025, 4, 30), date(2025, 5, 11), "issue_before_exam_end"),
        (None, date(2025, 5, 3), "issue_before_exam_end"),
    ],
)
def test_issue_date_before_the_exam_is_a_warning(exam_start, exam_end, code):
    """DICO 5.10: the issue date follows the exam (5.6/5.7); the CDC's own
    examples issue before the exam starts, so it is not refused."""
    sample = passage(exam_start=exam_start, exam_end=exam_end)
    problem = only(flux([sample]), code)
    assert problem.severity == "warning" and problem.field == "dateDebutValidite"


def test_issue_on_the_last_exam_day_is_fine():
    sample = passage(exam_start=date(2025, 5, 1), exam_end=date(2025, 5, 2))
    assert problems(flux([sample])) == []


def test_late_transmission_warning():
    problem = only(
        flux(
            [passage(validity_start=date(2025, 1, 2), exam_start=None, exam_end=None)]
        ),
        "late_transmission",
    )
    assert problem.severity == "warning" and "R.6113-17-2" in problem.message


def test_dates_out_of_xsd_years():
    assert "date_out_of_range" in codes(flux([passage(validity_end=date(2100, 1, 1))]))


def test_scoring_missing_for_par_scoring():
    assert "scoring_missing" in codes(flux([passage(obtention="PAR_SCORING")]))


def test_vae_route_without_vae_access():
    registration = Registration("CANDIDAT_LIBRE", "CONGES_VAE")
    assert "vae_route_without_vae" in codes(flux([passage(registration=registration)]))


def test_registration_after_issue():
    registration = Registration("VAE", None, None, date(2025, 6, 1))
    assert "registration_after_issue" in codes(
        flux([passage(registration=registration)])
    )


def test_unknown_digcomp_competence():
    level = DigitalLevel(300, [DigitalResult(2, "1", "4"), DigitalResult(2, "6", "1")])
    found = [
        p
        for p in problems(flux([passage(digital_level=level)]))
        if p.code == "digital_competence_unknown"
    ]
    assert len(found) == 2


def test_incomplete_digcomp_result():
    level = DigitalLevel(300, [DigitalResult(None, "1", "1")])
    assert "digital_result_incomplete" in codes(flux([passage(digital_level=level)]))


def test_no_certification_and_no_passage():
    sample = flux()
    sample.certifier.certifications.append(Certification("RS", "RS1234", []))
    assert "no_passage" in codes(sample)
    sample.certifier.certifications.clear()
    assert "no_certification" in codes(sample)


def test_duplicate_certification_warns():
    sample = flux()
    sample.certifier.certifications.append(
        Certification("RNCP", "RNCP12345", [passage("P2")])
    )
    assert "duplicate_certification" in codes(sample)


def test_missing_identification():
    assert "holder_missing" in codes(flux([passage(holder=None)]))


def test_wrong_types_are_reported_not_raised():
    found = codes(
        flux([passage(validity_start="2025-05-02", holder=holder(birth_year="abc"))])
    )
    assert {"not_a_date", "not_an_integer"} <= found


def test_suppression_checks_identity_only():
    sample = passage(
        "S1", obtention=None, validity_start=None, holder=holder(birth_name="")
    )
    assert {p.field for p in problems(flux([sample], action="SUPPRESSION"))} == {
        "nomNaissance"
    }


def test_check_is_linear():
    """200 000 passages would take minutes if a rule were quadratic."""
    import time  # noqa: PLC0415

    def timed(count):
        sample = flux([passage(f"P{i}") for i in range(count)])
        start = time.perf_counter()
        check_flux(sample, today=TODAY)
        return time.perf_counter() - start

    small, large = timed(1000), timed(8000)
    assert large < small * 8 * 3


def test_flux_id_should_be_a_uuid():
    assert only(flux(flux_id="FLUX-1"), "flux_id_not_uuid").severity == "warning"
    assert problems(flux(flux_id="6e3c7378-bda4-497a-9bd6-dc203f903ed9")) == []


@pytest.mark.parametrize(
    ("field", "value", "codes"),
    [
        ("nomNaissance", "Dupont", []),
        ("nomNaissance", "Du\u200bpont", ["invisible_character"]),
        ("nomNaissance", "A" * 61, ["too_long"]),
        ("codeInsee", "٧٥٠٥٦", ["insee_format"]),
        ("codeInsee", "2A004", []),
        ("codePostal", "D-10115", ["postcode_format"]),
        ("nir", "1900575056123", []),
        ("nir", "3900575056123", ["nir_format"]),
        ("anneeNaissance", 1899, ["out_of_range"]),
        ("dateDebutValidite", datetime(2025, 1, 1), ["datetime_for_date"]),
        ("idTechnique", "ID\u200b1", ["invisible_in_identifier"]),
    ],
)
def test_check_value_applies_the_rules_of_one_value(field, value, codes):
    from flux import check_value  # noqa: PLC0415

    assert [problem.code for problem in check_value(field, value)] == codes


def test_check_value_of_an_unknown_element():
    from flux import check_value  # noqa: PLC0415

    with pytest.raises(KeyError):
        check_value("titulaire", "x")
