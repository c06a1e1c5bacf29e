"""Builder: nil versus omission, clean values, timestamp, identification branches,
birth place, versions and actions."""

import io
import re
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from flux_samples import (
    first,
    flux,
    full_passage,
    holder,
    national_id,
    official_valid,
    parse,
    passage,
    q,
    training_file,
)
from lxml import etree

from flux import (
    DigitalLevel,
    FluxError,
    InvalidValueError,
    MissingValueError,
    UnsupportedFeatureError,
    build_flux,
    load_schema,
    write_flux,
)
from flux.timezone import PARIS

NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


def texts(data: bytes, name: str) -> list:
    return [element.text for element in parse(data).iter(q(name))]


def is_nil(data: bytes, name: str) -> bool:
    element = first(parse(data), name)
    return element.get(NIL) == "true" and element.text is None and not len(element)


@pytest.mark.parametrize("version", ["1.1.5", "1.1.2"])
def test_minimal_and_full_passages_are_valid_against_official_xsd(version):
    data = build_flux(flux([passage("P1"), full_passage("P2")], version=version))
    assert official_valid(data, version)
    assert load_schema(version).validate(parse(data))


def test_declaration_namespaces_and_encoding():
    data = build_flux(flux())
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<cpf:flux ')
    root_tag = data.split(b">", 2)[1]
    assert b'xmlns:cpf="urn:cdc:cpf:pc5:schema:1.0.0"' in root_tag
    assert b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' in root_tag
    assert data.count(b"xmlns:") == 2  # declared once, on the root


@pytest.mark.parametrize(
    "name",
    ["dateFinValidite", "scoring", "mentionValidee", "nomUsage", "modaliteAcces"],
)
@pytest.mark.parametrize("version", ["1.1.5", "1.1.2"])
def test_missing_sauf_nil_values_are_nil(name, version):
    sample = passage()
    sample.registration.access_mode = None
    data = build_flux(flux([sample], version=version))
    assert is_nil(data, name)
    assert official_valid(data, version)


def test_birth_month_day_and_postcode_are_nil_when_unknown():
    data = build_flux(
        flux(
            [
                passage(
                    holder=holder(
                        birth_month=None, birth_day=None, birth_insee_code=None
                    )
                )
            ]
        )
    )
    for name in ("moisNaissance", "jourNaissance", "codePostal"):
        assert is_nil(data, name), name
    assert official_valid(data, "1.1.5")


def test_facultatif_values_are_omitted():
    data = build_flux(flux())
    for name in (
        "urlPreuve",
        "libelleOption",
        "modalitePassageExamen",
        "codePostalCentreExamen",
        "niveauLangueEuropeen",
        "niveauNumeriqueEuropeen",
        "verbatim",
        "prenom2",
        "prenom3",
        "libelleCommuneNaissance",
        "codePaysNaissance",
        "libellePaysNaissance",
        "voieAccessVAE",
        "dateInscription",
    ):
        assert not texts(data, name), name


def test_no_empty_tag_and_never_nill_text():
    sample = full_passage()
    sample.scoring = "   "
    sample.verbatim = ""
    sample.option_label = "\n"
    data = build_flux(flux([sample, passage("P2")]))
    assert not re.search(rb"<cpf:\w+></cpf:\w+>", data)
    assert not re.search(rb"<cpf:\w+/>", data)  # only nil elements self-close
    assert b">nill<" not in data and b">nil<" not in data
    assert is_nil(data, "scoring")
    assert not texts(data, "verbatim") and not texts(data, "libelleOption")


def test_values_are_trimmed_and_on_one_line():
    data = build_flux(
        flux(
            [
                passage(
                    holder=holder(
                        birth_name="  De La\nFontaine ", first_name="Jean \t Paul"
                    )
                )
            ]
        )
    )
    assert texts(data, "nomNaissance") == ["De La Fontaine"]
    assert texts(data, "prenom1") == ["Jean Paul"]


def test_special_characters_are_escaped():
    data = build_flux(flux([passage(verbatim='A & B <C> "d\'e"')]))
    assert texts(data, "verbatim") == ['A & B <C> "d\'e"']
    assert official_valid(data, "1.1.5")


def test_forbidden_xml_character_raises_french_error():
    with pytest.raises(InvalidValueError, match=r"Verbatim.*U\+0001"):
        build_flux(flux([passage(verbatim="bad\x01")]))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2025, 1, 15, 14, 5, 9), "2025-01-15T14:05:09+01:00"),
        (datetime(2025, 7, 1, 14, 5, 9), "2025-07-01T14:05:09+02:00"),
        (
            datetime(2025, 7, 1, 12, 5, 9, 123456, tzinfo=timezone.utc),
            "2025-07-01T14:05:09+02:00",
        ),
        (
            datetime(2025, 1, 15, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
            "2025-01-16T05:30:00+01:00",
        ),
    ],
)
def test_horodatage_paris_offset_24_hour_no_microseconds(moment, expected):
    data = build_flux(flux(timestamp=moment))
    assert texts(data, "horodatage") == [expected]


def test_horodatage_defaults_to_now_in_paris():
    before = datetime.now(PARIS).replace(microsecond=0)
    (text,) = texts(build_flux(flux(timestamp=None)), "horodatage")
    written = datetime.fromisoformat(text)
    assert written.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert before <= written <= datetime.now(PARIS)


def test_id_flux_is_a_fresh_uuid_per_call():
    sample = flux(flux_id=None)
    first_id = texts(build_flux(sample), "idFlux")[0]
    second_id = texts(build_flux(sample), "idFlux")[0]
    assert first_id != second_id
    assert uuid.UUID(first_id).version == 4
    assert texts(build_flux(flux(flux_id="MY-ID")), "idFlux") == ["MY-ID"]


def test_write_flux_streams_and_returns_id():
    buffer = io.BytesIO()
    flux_id = write_flux(flux(), buffer)
    assert texts(buffer.getvalue(), "idFlux") == [flux_id]


def test_exactly_one_certifier():
    root = parse(build_flux(flux()))
    assert len(list(root.iter(q("certificateur")))) == 1


def test_branch_titulaire():
    data = build_flux(flux([passage(holder=holder())]))
    assert texts(data, "codeInsee") == ["75056"]
    assert not texts(data, "dossierFormation")


def test_branch_training_file():
    data = build_flux(flux([passage(holder=training_file())], version="1.1.2"))
    assert texts(data, "idDossier") == ["1234567891011"]
    assert official_valid(data, "1.1.2")


def test_branch_national_id_drops_the_key():
    data = build_flux(flux([passage(holder=national_id(nir="1 90 05 75 056 123 45"))]))
    assert texts(data, "nir") == ["1900575056123"]
    assert texts(data, "nomNaissance") == ["Dupont"]
    assert official_valid(data, "1.1.5")


def test_corsica_insee_code():
    data = build_flux(flux([passage(holder=holder(birth_insee_code="2A004"))]))
    assert texts(data, "codeInsee") == ["2A004"]
    assert official_valid(data, "1.1.5")


def test_born_abroad_country_code_from_insee():
    data = build_flux(
        flux(
            [
                passage(
                    holder=holder(
                        birth_insee_code="99109", birth_country_name="ALLEMAGNE"
                    )
                )
            ]
        )
    )
    assert texts(data, "codeInsee") == ["99109"]
    assert texts(data, "codePaysNaissance") == ["109"]
    assert texts(data, "libellePaysNaissance") == ["ALLEMAGNE"]
    assert official_valid(data, "1.1.5")


def test_postcode_branch_when_no_insee_code():
    data = build_flux(
        flux([passage(holder=holder(birth_insee_code=None, birth_postcode="31000"))])
    )
    assert texts(data, "codePostal") == ["31000"]
    assert not texts(data, "codeInsee")


def test_language_and_digital_presence_flags():
    data = build_flux(flux([passage("A"), full_passage("B")]))
    assert texts(data, "presenceNiveauLangueEuro") == ["false", "true"]
    assert texts(data, "niveauLangueEuropeen") == ["B2"]
    assert texts(data, "presenceNiveauNumeriqueEuro") == ["false", "true"]
    assert texts(data, "scoreGeneral") == ["512"]
    assert texts(data, "competenceId") == ["2"]


def test_digital_level_without_results_writes_no_empty_resultats():
    data = build_flux(flux([passage(digital_level=DigitalLevel(300))]))
    assert texts(data, "scoreGeneral") == ["300"]
    assert not texts(data, "resultats")


def test_action_written_under_115_and_omitted_under_112():
    assert texts(build_flux(flux()), "action") == ["CREATION"]
    assert not texts(build_flux(flux(version="1.1.2")), "action")


def test_suppression_carries_only_id_and_identity():
    sample = flux(
        [
            full_passage("F1"),
            passage("P2", holder=training_file()),
            passage("P3", holder=national_id()),
        ],
        action="SUPPRESSION",
    )
    data = build_flux(sample)
    assert texts(data, "action") == ["SUPPRESSION"]
    for element in parse(data).iter(q("passageCertification")):
        assert [etree.QName(child).localname for child in element] == [
            "idTechnique",
            "identificationTitulaire",
        ]
    assert official_valid(data, "1.1.5")


def test_suppression_under_112_raises():
    with pytest.raises(UnsupportedFeatureError, match=r"SUPPRESSION.*1\.1\.5"):
        build_flux(flux(version="1.1.2", action="SUPPRESSION"))


def test_national_id_under_112_raises():
    with pytest.raises(UnsupportedFeatureError, match=r"NIR.*1\.1\.5"):
        build_flux(flux([passage(holder=national_id())], version="1.1.2"))
    assert issubclass(UnsupportedFeatureError, FluxError)


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("obtention", "Obtention"),
        ("certified", "Donnée certifiée"),
        ("validity_start", "Date de début de validité"),
        ("registration", "Modalités d'inscription"),
    ],
)
def test_112_mandatory_values_must_be_given(field, label):
    sample = passage("P9")
    setattr(sample, field, None)
    with pytest.raises(MissingValueError, match=f"P9.*{label}.*1\\.1\\.2") as raised:
        build_flux(flux([sample], version="1.1.2"))
    assert raised.value.technical_id == "P9"
    assert raised.value.code == "required_in_version"
    assert "1.1.2" in raised.value.render("en")


def test_115_unknown_registration_is_nil():
    data = build_flux(flux([passage(registration=None)]))
    assert is_nil(data, "modalitesInscription")
    assert official_valid(data, "1.1.5")


def test_112_file_writes_every_mandatory_element():
    data = build_flux(flux(version="1.1.2"))
    for name in (
        "obtentionCertification",
        "donneeCertifiee",
        "dateDebutValidite",
        "dateFinValidite",
        "presenceNiveauLangueEuro",
        "presenceNiveauNumeriqueEuro",
        "scoring",
        "mentionValidee",
        "modalitesInscription",
    ):
        assert first(parse(data), name) is not None


def test_unknown_version_or_action_raises():
    with pytest.raises(FluxError, match="Version"):
        build_flux(flux(version="1.0"))
    with pytest.raises(FluxError, match="Action"):
        build_flux(flux(action="DELETE"))


def test_one_element_per_line():
    data = build_flux(flux([full_passage()]))
    for line in data.decode().splitlines()[1:]:
        assert line.count("<") <= 2, line


def test_dates_are_iso():
    data = build_flux(flux([passage(validity_start=date(2025, 5, 2))]))
    assert texts(data, "dateDebutValidite") == ["2025-05-02"]


def test_elements_skipped_when_missing_are_omitted_in_every_version():
    from flux.builder import _OMIT, _OPTIONAL, _PLANS  # noqa: PLC0415

    for plan in _PLANS.values():
        assert {name: plan[name].missing for name in _OPTIONAL} == dict.fromkeys(
            _OPTIONAL, _OMIT
        )
