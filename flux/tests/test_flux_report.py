"""Processing report reader: sample reports, tag case, security, classification,
line mapping."""

import pytest
from flux_samples import cdc_bytes, flux, holder, passage

from flux import (
    NationalId,
    Passage,
    ReportError,
    TrainingFile,
    build_flux,
    classify_message,
    locate_line,
    parse_report,
)
from flux.report import PassageResult

PASSAGES_REPORT = "reports/accuse-de-traitement_sample-passages-ko-ok_pix-fixture.xml"
XSD_REPORT = "reports/accuse-de-traitement_sample-xsd-error_pix-fixture.xml"


def test_passages_report():
    report = parse_report(cdc_bytes(PASSAGES_REPORT))
    assert report.file_name is None  # commented out in this sample
    assert report.flux_id == "4df76fd4-0915-46df-8c56-525506af35be"
    assert report.processing_id == "67598"
    assert not report.file_refused
    outcome = {p.technical_id: (p.category, p.level) for p in report.passages}
    assert outcome == {
        "1979262": ("holder_not_found", 1),
        "1996215": ("holder_not_found", 2),
        "1983189": ("already_accepted", None),
        "1968666": ("accepted", None),
        "1964200": ("accepted", None),
    }
    assert report.accepted_ids == ["1983189", "1968666", "1964200"]
    assert [p.technical_id for p in report.rejected] == ["1979262", "1996215"]
    assert report.rejected[0].message == (
        "Aucun titulaire ne correspond aux critères obligatoires"
    )


def test_xsd_error_report():
    report = parse_report(cdc_bytes(XSD_REPORT))
    assert report.file_name == "pix-cpf-export-20231016-223357_002.xml"
    assert report.flux_id is None
    assert report.processing_id == "68548"
    assert report.file_refused
    (error,) = report.xsd_errors
    assert (error.type, error.line, error.column) == ("XSD", 1, 18)
    assert error.message.startswith("Un espace est obligatoire")
    assert report.passages == []


def test_tag_case_ignored():
    data = b"""<RAPPORT><NomFichier>f.xml</NomFichier><IDFLUX>abc</IDFLUX>
    <passagesko><Passage><IdTechnique>1</IdTechnique>
    <MessageErreur>Plusieurs titulaires ont \xc3\xa9t\xc3\xa9 identifi\xc3\xa9s
    </MessageErreur></Passage></passagesko>
    <passagesok><idtechnique>2</idtechnique></passagesok></RAPPORT>"""
    report = parse_report(data)
    assert report.file_name == "f.xml" and report.flux_id == "abc"
    assert [(p.technical_id, p.category) for p in report.passages] == [
        ("1", "several_holders"),
        ("2", "accepted"),
    ]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rapport><idFlux>&lol3;</idFlux></rapport>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rapport [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rapport><idFlux>&xxe;</idFlux></rapport>"""

DOCTYPE_ONLY = b"""<?xml version="1.0"?>
<!DOCTYPE rapport SYSTEM "http://example.org/rapport.dtd">
<rapport><idFlux>x</idFlux></rapport>"""

UTF16_ENTITY = (
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY a "b">]>'
    "<rapport><idFlux>&a;</idFlux></rapport>"
)


@pytest.mark.parametrize(
    "data",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, DOCTYPE_ONLY, UTF16_ENTITY.encode("utf-16")],
    ids=["billion-laughs", "external-entity", "doctype", "utf16-entity"],
)
def test_doctype_and_entities_refused(data):
    with pytest.raises(ReportError, match="DOCTYPE"):
        parse_report(data)


def test_not_a_report():
    with pytest.raises(ReportError, match="rapport"):
        parse_report(b"<flux/>")
    with pytest.raises(ReportError, match="XML"):
        parse_report(b"<rapport>")


@pytest.mark.parametrize(
    ("message", "category", "level", "hint"),
    [
        (
            "Le passage certification avec le bcr émetteur 12ABC345 et l'id technique "
            "partenaire X1 existe déjà en base",
            "already_accepted",
            None,
            "ne le renvoyez",
        ),
        ("Le titulaire existe déjà en base", "already_accepted", None, "enregistré"),
        (
            "Aucun titulaire ne correspond aux critères obligatoires",
            "holder_not_found",
            1,
            "Vérifiez le nom de naissance, le premier prénom, le sexe et l'année de "
            "naissance sur une pièce d'état civil",
        ),
        (
            "Aucun titulaire ne correspond aux critères obligatoires enrichis du jour "
            "et du mois de naissance",
            "holder_not_found",
            2,
            "jour et le mois",
        ),
        (
            "Aucun titulaire ne correspond aux critères de reconciliation",
            "holder_not_found",
            3,
            "commune de naissance",
        ),
        (
            "Plusieurs titulaires ont été identifiés",
            "several_holders",
            None,
            "plusieurs personnes",
        ),
        (
            "Le statut de la certification avec le bcr émetteur 12ABC345, l'id "
            "technique partenaire X1 et l'index 0 est KO",
            "unknown_certification",
            None,
            "France compétences",
        ),
        (
            "La date de fin de validité est inférieure à date de début de validité "
            "pour le passage certification avec le bcr émetteur B et l'id technique "
            "partenaire X",
            "dates",
            None,
            "date de fin",
        ),
        ("Erreur technique inattendue", "unknown", None, "support"),
    ],
)
def test_classification(message, category, level, hint):
    found_category, found_level, explanation = classify_message(message)
    assert (found_category, found_level) == (category, level)
    assert hint.lower() in explanation.lower()


def test_locate_line_of_generated_file():
    data = build_flux(flux([passage("A"), passage("B", holder=holder(sex="F"))]))
    lines = data.decode().splitlines()
    line = lines.index("<cpf:sexe>F</cpf:sexe>") + 1
    location = locate_line(data, line)
    assert (location.technical_id, location.field, location.label) == (
        "B",
        "sexe",
        "Sexe",
    )
    end_line = next(i for i, text in enumerate(lines, 1) if text == "</cpf:titulaire>")
    closing = locate_line(data, end_line)
    assert (closing.technical_id, closing.field) == ("A", "titulaire")
    envelope = locate_line(data, 3)
    assert envelope.technical_id is None and envelope.field == "idFlux"
    assert locate_line(data, 10_000).field is None


def test_rejection_advice_follows_the_identification_branch():
    """A holder not found: the advice names the data actually sent."""
    result = PassageResult("A", "Aucun titulaire", "holder_not_found", 1, "")
    civil = result.explain("fr", Passage("A", holder(sex="F")))
    assert "premier prénom" in civil
    assert "Données envoyées" in civil
    nir = result.explain("fr", Passage("A", NationalId("1850375114123", "DUPONT")))
    assert "1850375114123" in nir
    assert "carte Vitale" in nir
    assert "premier prénom" not in nir
    training = result.explain("en", Passage("A", TrainingFile("9876", "DUPONT", "Jo")))
    assert "CPF file 9876" in training
    assert "DUPONT Jo" in training
    # Nothing sent known, or another category: the general explanation.
    assert (
        result.explain("fr")
        == classify_message("Aucun titulaire ne correspond aux critères obligatoires")[
            2
        ]
    )
    dates = PassageResult("A", "x", "dates", None, "")
    assert dates.explain("fr", Passage("A", holder())) == dates.explain("fr")
