"""Hostile and odd input (issue 8): a generated corpus for each of the seven
classes, the OFFICIAL CDC schema as referee for every verdict, every case
under 2 seconds (:func:`hostile_corpus.timed`); the memory of the hostile
parses is measured in a subprocess.

1. XML that is not well-formed is never "no problem";
2. DOCTYPE and entities are refused on the parsed document, whatever the
   encoding and what precedes them; libxml2's limits hold (no huge_tree);
   read_passages refuses what it cannot read faithfully;
3. parse_report: linear classification, bounded texts and numbers, refused
   contradictions;
4. no raw Python exception for bad data, and the builder writes only what the
   checker accepts;
5. ASCII digits only where the official pattern says [0-9];
6. invisible characters and Unicode normalisation;
7. timestamps of Paris mean time, a datetime for a date, issue before exam.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from flux_samples import (
    TODAY,
    cdc_bytes,
    flux,
    full_passage,
    holder,
    national_id,
    official_valid,
    passage,
    training_file,
)
from hostile_corpus import (
    DIGIT_SETS,
    EMPTY_LIKE,
    REFUSED_AS_XML,
    SCHEMA_OR_SYNTAX,
    assert_agrees_with_official_xsd,
    base_document,
    doctype_corpus,
    error_codes,
    in_digits,
    missing_end_tags,
    other_broken,
    timed,
    truncations,
    unescaped_ampersands,
)

from flux import (
    Certification,
    DigitalLevel,
    DigitalResult,
    FluxError,
    InvalidValueError,
    Registration,
    ReportError,
    build_flux,
    check_flux,
    check_xml,
    limits,
    parse_report,
    read_passages,
)
from flux.text import INVISIBLE_CHAR, REFUSED_CHAR, prepare_text

BASE = base_document()
BASE_112 = base_document("1.1.2")
PACKAGE_PARENT = Path(__file__).resolve().parents[2]


def checked(data: bytes, version: str = "1.1.5"):
    return timed(check_xml, data, version, today=TODAY)


def refused_by_reader(data: bytes) -> str:
    with pytest.raises(FluxError) as raised:
        timed(read_passages, data)
    return str(raised.value)


# --- 1. Not well-formed ---------------------------------------------------------------

NOT_WELL_FORMED = {
    **{f"truncated {i}": data for i, data in enumerate(truncations(BASE))},
    **{f"bare & {i}": data for i, data in enumerate(unescaped_ampersands(BASE))},
    **{f"end tag missing {i}": data for i, data in enumerate(missing_end_tags(BASE))},
    **EMPTY_LIKE,
    **other_broken(BASE),
}


def test_not_well_formed_corpus_is_large_and_refused_by_the_referee():
    assert len(NOT_WELL_FORMED) >= 150
    assert not any(official_valid(data, "1.1.5") for data in NOT_WELL_FORMED.values())


@pytest.mark.parametrize("name", sorted(NOT_WELL_FORMED))
def test_not_well_formed_is_an_error(name):
    data = NOT_WELL_FORMED[name]
    codes = assert_agrees_with_official_xsd(data)
    assert codes & SCHEMA_OR_SYNTAX, codes
    refused_by_reader(data)


@pytest.mark.parametrize("name", sorted(EMPTY_LIKE))
def test_empty_documents_say_so(name):
    (problem, *_rest) = checked(EMPTY_LIKE[name])
    assert problem.code == "xml_syntax" and problem.severity == "error"
    if name != "text only" and "NUL" not in name:
        assert "aucun élément" in problem.message or "avant la fin" in problem.message


def test_truncated_file_names_where_it_stops():
    problems = checked(BASE[: BASE.rindex(b"</cpf:certificateur>")])
    assert problems[0].code == "xml_syntax"
    assert "tronqué" in problems[0].message


# --- 2. DOCTYPE, entities and libxml2's limits ----------------------------------------

DOCTYPES = doctype_corpus(BASE)


def test_doctype_corpus_is_large():
    assert len(DOCTYPES) >= 100


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_doctype_refused_whatever_the_encoding_and_prelude(name):
    data = DOCTYPES[name]
    codes = error_codes(checked(data))
    if "UTF-32" in name:  # never parsed: refused for its encoding
        assert codes == {"xml_encoding"}
    else:
        assert codes == {"xml_doctype"}
    refused_by_reader(data)


def test_entity_in_a_name_is_never_read_as_missing():
    data = DOCTYPES["internal entity used in a name, nothing before, UTF-8"]
    assert "DOCTYPE" in refused_by_reader(data)


def test_declaration_must_be_xml_10_in_utf8():
    cases = {
        "UTF-16": (
            BASE.decode().replace("UTF-8", "UTF-16").encode("utf-16"),
            "xml_encoding",
        ),
        "ISO-8859-1": (
            BASE.decode().replace("UTF-8", "ISO-8859-1").encode("latin-1"),
            "xml_encoding",
        ),
        "XML 1.1": (BASE.replace(b'version="1.0"', b'version="1.1"', 1), "xml_version"),
    }
    for name, (data, code) in cases.items():
        assert official_valid(data, "1.1.5"), name
        problems = checked(data)
        assert [(p.code, p.severity) for p in problems] == [(code, "error")], name
    (warning,) = checked(BASE.split(b"\n", 1)[1])
    assert (warning.code, warning.severity) == ("xml_declaration_missing", "warning")
    assert checked(b"\xef\xbb\xbf" + BASE) == []  # a UTF-8 BOM is fine


def nested(depth: int, inner: bytes = b"") -> bytes:
    return b"<a>" * depth + inner + b"</a>" * depth


def test_depth_limit_is_libxml2s_and_stated():
    assert "xml_syntax" not in error_codes(checked(nested(limits.MAX_XML_DEPTH)))
    assert "xml_syntax" in error_codes(checked(nested(limits.MAX_XML_DEPTH + 1)))


def test_text_length_limit_is_libxml2s_and_stated():
    inner = b"x" * limits.MAX_XML_TEXT_BYTES
    assert "xml_syntax" not in error_codes(checked(nested(1, inner)))
    assert "xml_syntax" in error_codes(checked(nested(1, inner + b"x")))


def test_deep_nesting_inside_a_passage_is_refused_fast():
    inner = nested(200_000, b"x")
    data = BASE.replace(b"<cpf:verbatim>", inner + b"<cpf:verbatim>", 1)
    assert_agrees_with_official_xsd(data)
    refused_by_reader(data)


def test_size_limit(monkeypatch):
    monkeypatch.setattr("flux.xml_check.MAX_FLUX_BYTES", len(BASE) - 1)
    (problem,) = checked(BASE)
    assert problem.code == "xml_too_large" and str(len(BASE)) in problem.message
    monkeypatch.setattr("flux.reader.MAX_FLUX_BYTES", len(BASE) - 1)
    assert "octets" in refused_by_reader(BASE)


def test_size_limit_is_the_cdcs():
    assert limits.MAX_FLUX_BYTES == 200 * 1024 * 1024


# read_passages: only what it can read faithfully


def _rearranged_certification(data: bytes) -> bytes:
    """type and code after the passages (xsd:all: valid)."""
    head, rest = data.split(
        b"<cpf:type>RNCP</cpf:type>\n<cpf:code>RNCP12345</cpf:code>"
    )
    first_end = rest.index(b"</cpf:passageCertifications>") + len(
        b"</cpf:passageCertifications>"
    )
    return (
        head
        + rest[:first_end]
        + b"\n<cpf:type>RNCP</cpf:type>\n<cpf:code>RNCP12345</cpf:code>"
        + rest[first_end:]
    )


def test_reader_keeps_the_certification_of_passages_written_before_its_code():
    data = _rearranged_certification(BASE)
    assert official_valid(data, "1.1.5")
    read = timed(read_passages, data)
    assert read["A"][:2] == ("RNCP", "RNCP12345")
    assert read["E"][:2] == ("RS", "RS5218")


def test_reader_reads_values_as_the_schema_sees_them():
    data = (
        BASE.replace(b">Dupont<", b">Du<!-- note -->pont<", 1)
        .replace(b">Jean<", b"><![CDATA[Jean]]><", 1)
        .replace(b">Martin<", b">Mart&#105;n<", 1)
    )
    assert official_valid(data, "1.1.5")
    read = timed(read_passages, data)
    assert read["A"][2].holder.birth_name == "Dupont"
    assert read["A"][2].holder.first_name == "Jean"
    assert read["B"][2].holder.usage_name == "Martin"


READER_REFUSALS = {
    "duplicate idTechnique": BASE.replace(
        b"<cpf:idTechnique>B<", b"<cpf:idTechnique>A<", 1
    ),
    "duplicate idTechnique up to invisible characters": BASE.replace(
        b"<cpf:idTechnique>B<", "<cpf:idTechnique>A\u200b<".encode(), 1
    ),
    "unknown element": BASE.replace(b"<cpf:verbatim>", b"<cpf:coucou/><cpf:verbatim>"),
    "invalid value": BASE.replace(b">1990<", b">99999999999999999999<", 1),
    "passage outside its list": BASE.replace(
        b"<cpf:passageCertifications>\n<cpf:passageCertification>",
        b"<cpf:passageCertification><cpf:idTechnique>X</cpf:idTechnique>"
        b"</cpf:passageCertification><cpf:passageCertifications>\n"
        b"<cpf:passageCertification>",
        1,
    ),
    "certification without code": BASE.replace(b"<cpf:code>RS5218</cpf:code>", b""),
    "envelope invalid": BASE.replace(
        b"<cpf:idContrat>", b"<cpf:idContrat>X", 1
    ).replace(b"MCFCER000123", b"M" * 30, 1),
    "wrong namespace": BASE.replace(
        b"urn:cdc:cpf:pc5:schema:1.0.0", b"urn:cdc:cpf:pc5:schema:0.0.7"
    ),
}


@pytest.mark.parametrize("name", sorted(READER_REFUSALS))
def test_reader_refuses_what_it_cannot_read_faithfully(name):
    refused_by_reader(READER_REFUSALS[name])


# Memory and time of the hostile parses, each in its own process.

_MEASURE = """
import json, sys, time
sys.path[:0] = {paths!r}
from hostile_corpus import base_document, doctype_corpus
from flux import FluxError, ReportError, check_xml, parse_report, read_passages
case = {case!r}
base = base_document()
if case == "billion laughs (10^9)":
    data = doctype_corpus(base)["billion laughs, nothing before, UTF-8"]
elif case == "quadratic blowup":
    data = doctype_corpus(base)["quadratic blowup, nothing before, UTF-8"]
elif case == "deep nesting":
    data = b"<a>" * 200_000 + b"</a>" * 200_000
elif case == "huge text node":
    data = base.replace(b"<cpf:verbatim>", b"<cpf:verbatim>" + b"x" * 10_000_001, 1)
else:
    data = (
        b"<rapport><PassagesKO><passage><idTechnique>1</idTechnique><messageErreur>"
        + b"aucun titulaire " * 600_000
        + b"</messageErreur></passage></PassagesKO></rapport>"
    )
start = time.perf_counter()
outcome = []
for call in (check_xml, read_passages, parse_report):
    try:
        result = call(data, "1.1.5") if call is check_xml else call(data)
        outcome.append(sorted({{p.code for p in result}}) if call is check_xml
                       else "read")
    except (FluxError, ReportError):
        outcome.append("refused")
elapsed = time.perf_counter() - start
# VmHWM: this process's own peak. ru_maxrss would also count the pages of the
# parent it was forked from (Linux keeps the high-water mark across exec).
with open("/proc/self/status") as status:
    peak = next(
        int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:")
    )
print(json.dumps({{"seconds": elapsed, "peak_mb": peak, "outcome": outcome}}))
"""


@pytest.mark.parametrize(
    "case",
    [
        "billion laughs (10^9)",
        "quadratic blowup",
        "deep nesting",
        "huge text node",
        "9 MB report message",
    ],
)
def test_hostile_parse_is_bounded_in_time_and_memory(case):
    script = _MEASURE.format(
        paths=[str(Path(__file__).parent), str(PACKAGE_PARENT)], case=case
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    # three readers (check_xml, read_passages, parse_report) on the input
    assert figures["seconds"] < 3 * 2, figures
    assert figures["peak_mb"] < 300, figures
    check_outcome, read_outcome, report_outcome = figures["outcome"]
    assert set(check_outcome) & REFUSED_AS_XML, figures
    assert read_outcome == "refused", figures
    if case == "9 MB report message":
        assert report_outcome == "read"
    else:
        assert report_outcome == "refused"


# --- 3. Processing reports ----------------------------------------------------------


def report(ko=(), ok=(), errors=()) -> bytes:
    parts = ["<rapport><idFlux>f</idFlux><idTraitement>1</idTraitement>"]
    if errors:
        parts.append("<erreurs>")
        for line, column in errors:
            parts.append(
                f"<erreur><type>XSD</type><message>m</message><ligne>{line}</ligne>"
                f"<colonne>{column}</colonne></erreur>"
            )
        parts.append("</erreurs>")
    parts.append("<PassagesKO>")
    for technical_id, message in ko:
        parts.append(
            f"<passage><idTechnique>{technical_id}</idTechnique>"
            f"<messageErreur>{message}</messageErreur></passage>"
        )
    parts.append("</PassagesKO><PassagesOK>")
    for technical_id in ok:
        parts.append(f"<idTechnique>{technical_id}</idTechnique>")
    parts.append("</PassagesOK></rapport>")
    return "".join(parts).encode("utf-8")


PREFIXES = [
    "aucun titulaire ",
    "Aucun titulaire ne correspond aux critères ",
    "statut de la certification ",
    "plusieurs titulaires ",
    "existe déjà ",
    "é" * 3,
]


@pytest.mark.parametrize("repeat", [1_000, 30_000])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_long_messages_are_classified_in_linear_time(prefix, repeat):
    message = prefix * repeat
    parsed = timed(parse_report, report(ko=[("1", message)]))
    (result,) = parsed.passages
    assert len(result.message) <= limits.MAX_REPORT_TEXT_CHARS + 4
    assert result.message.endswith("[…]")


def test_nine_megabyte_message_is_fast():
    message = "aucun titulaire " * 600_000  # 9.6 MB
    (result,) = timed(parse_report, report(ko=[("1", message)])).passages
    assert result.category == "unknown" and result.message.endswith("[…]")


@pytest.mark.parametrize(
    ("first", "second"),
    [("X1", "X1"), ("X1", " X1 "), ("X1", "X1\n")],
)
def test_same_passage_accepted_and_rejected_is_refused(first, second):
    with pytest.raises(ReportError, match="à la fois accepté"):
        timed(parse_report, report(ko=[(first, "Plusieurs titulaires")], ok=[second]))
    with pytest.raises(ReportError, match="à la fois accepté"):
        timed(parse_report, report(ok=[first], ko=[(second, "Plusieurs titulaires")]))


def test_same_passage_twice_on_one_side_is_read_once():
    parsed = parse_report(report(ok=["A", "A", "B"], ko=[("C", "x"), ("C", "y")]))
    assert [p.technical_id for p in parsed.passages] == ["C", "A", "B"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("18", 18),
        (" 7 ", 7),
        ("2147483647", 2147483647),
        ("0", None),
        ("-1", None),
        ("+5", None),
        ("2147483648", None),
        ("99999999999999999999", None),
        ("1e3", None),
        ("12.0", None),
        ("", None),
        ("٣", None),
        ("１２", None),
        ("²", None),
        ("1" * 5000, None),
    ],
)
def test_line_and_column_are_bounded_integers(text, expected):
    (error,) = timed(parse_report, report(errors=[(text, text)])).xsd_errors
    assert (error.line, error.column) == (expected, expected)


def test_technical_id_longer_than_the_schema_allows_is_refused():
    assert parse_report(report(ok=["X" * 255])).accepted_ids == ["X" * 255]
    with pytest.raises(ReportError, match="255"):
        parse_report(report(ok=["X" * 256]))


def test_rejected_passage_without_id_is_refused():
    with pytest.raises(ReportError, match="ID technique"):
        parse_report(report(ko=[("", "Plusieurs titulaires")]))


def test_report_limits(monkeypatch):
    data = report(ok=[f"P{i}" for i in range(20)], errors=[(1, 1)] * 3)
    monkeypatch.setattr("flux.report.MAX_REPORT_BYTES", len(data) - 1)
    with pytest.raises(ReportError, match="octets"):
        parse_report(data)
    monkeypatch.setattr("flux.report.MAX_REPORT_BYTES", len(data))
    monkeypatch.setattr("flux.report.MAX_REPORT_PASSAGES", 19)
    with pytest.raises(ReportError, match="19 passages"):
        parse_report(data)
    monkeypatch.setattr("flux.report.MAX_REPORT_PASSAGES", 20)
    monkeypatch.setattr("flux.report.MAX_REPORT_XSD_ERRORS", 2)
    with pytest.raises(ReportError, match="2 erreurs"):
        parse_report(data)


def _report_doctypes():
    body = report(ok=["A"]).decode()
    corpus = {}
    for name, data in doctype_corpus(BASE).items():
        if "UTF-8, " in name or name.endswith(("UTF-8", "UTF-16")):
            text = data.decode("utf-16" if name.endswith("UTF-16") else "utf-8-sig")
            prologue = text[: text.index("<cpf:flux")]
            reference = "&nom;" if "&nom;" in text else ""
            document = prologue.replace("cpf:flux", "rapport") + body.replace(
                "<idFlux>f", f"<idFlux>f{reference}"
            )
            codec = "utf-16" if name.endswith("UTF-16") else "utf-8"
            corpus[name] = document.encode(codec)
    return corpus


REPORT_DOCTYPES = _report_doctypes()


@pytest.mark.parametrize("name", sorted(REPORT_DOCTYPES))
def test_report_with_doctype_is_refused(name):
    with pytest.raises(ReportError):
        timed(parse_report, REPORT_DOCTYPES[name])


PASSAGES_REPORT = "reports/accuse-de-traitement_sample-passages-ko-ok_pix-fixture.xml"


@pytest.mark.parametrize("cut", range(10, 600, 20))
def test_truncated_report_is_refused(cut):
    data = cdc_bytes(PASSAGES_REPORT)
    with pytest.raises(ReportError):
        timed(parse_report, data[:cut])


# --- 4. No raw exception for bad data -----------------------------------------------


class _Unprintable:
    def __str__(self):
        raise RuntimeError("no text")

    __repr__ = __str__


HOSTILE_VALUES = {
    "huge int": 10**20,
    "int beyond str()": 10**5000,
    "negative int": -1,
    "bool": True,
    "float": 1.5,
    "nan": float("nan"),
    "Decimal": Decimal("3"),
    "superscript two": "²",
    "Arabic-Indic digits": "٣٤",
    "digits with underscore": "1_000",
    "datetime": datetime(2025, 1, 1, 10, 30),
    "year 1": date(1, 1, 1),
    "year 9999": date(9999, 12, 31),
    "date as text": "2025-01-01",
    "list": [],
    "dict": {"a": 1},
    "bytes": b"bytes",
    "unprintable object": _Unprintable(),
    "empty text": "",
    "huge text": "x" * 100_000,
}
HOLDER_FIELDS = [
    "birth_name",
    "first_name",
    "sex",
    "birth_year",
    "birth_month",
    "birth_day",
    "usage_name",
    "first_name_2",
    "birth_insee_code",
    "birth_postcode",
    "birth_country_code",
    "birth_commune_name",
    "nir",
]
PASSAGE_FIELDS = [
    "technical_id",
    "obtention",
    "certified",
    "validity_start",
    "validity_end",
    "exam_start",
    "exam_end",
    "exam_mode",
    "exam_center_postcode",
    "proof_url",
    "scoring",
    "honours",
    "verbatim",
    "language_level",
    "language_level_present",
    "digital_level",
    "registration",
    "holder",
]
FLUX_FIELDS = ["flux_id", "sender_id", "timestamp", "version", "action", "certifier"]


def _hostile_documents():
    cases = {}
    for value_name, value in HOSTILE_VALUES.items():
        for field in HOLDER_FIELDS:
            cases[f"holder.{field} = {value_name}"] = lambda v=value, f=field: flux(
                [passage(holder=holder(**{f: v}))]
            )
        for field in PASSAGE_FIELDS:
            cases[f"passage.{field} = {value_name}"] = lambda v=value, f=field: flux(
                [passage(**{f: v})]
            )
        for field in FLUX_FIELDS:
            cases[f"flux.{field} = {value_name}"] = lambda v=value, f=field: flux(
                **{f: v}
            )
        cases[f"DigComp = {value_name}"] = lambda v=value: flux(
            [passage(digital_level=DigitalLevel(v, [DigitalResult(v, v, v)]))]
        )
        cases[f"registration = {value_name}"] = lambda v=value: flux(
            [passage(registration=Registration(v, v, v, v))]
        )
        cases[f"national id = {value_name}"] = lambda v=value: flux(
            [passage(holder=national_id(nir=v, birth_year=v, birth_month=v, sex=v))]
        )
        cases[f"training file = {value_name}"] = lambda v=value: flux(
            [passage(holder=training_file(file_id=v, last_name=v))]
        )
        cases[f"certification = {value_name}"] = lambda v=value: flux(
            [passage()], certifier=replace(flux().certifier, certifications=[v])
        )
        cases[f"certification code = {value_name}"] = lambda v=value: _with_code(v)
    return cases


def _with_code(value):
    document = flux()
    document.certifier.certifications[0] = Certification(value, value, [passage()])
    return document


HOSTILE_DOCUMENTS = _hostile_documents()


def test_hostile_values_corpus_is_large():
    assert len(HOSTILE_DOCUMENTS) >= 600


@pytest.mark.parametrize("name", sorted(HOSTILE_DOCUMENTS))
def test_no_raw_exception_and_the_builder_follows_the_checker(name):
    document = HOSTILE_DOCUMENTS[name]()
    problems = timed(check_flux, document, today=TODAY)
    assert all(problem.code and problem.message for problem in problems)
    errors = [problem for problem in problems if problem.severity == "error"]
    try:
        data = timed(build_flux, document)
    except FluxError:
        assert errors, "the builder refused what the checker accepts"
        return
    version = document.version
    codes = assert_agrees_with_official_xsd(data, version)
    if not errors:
        assert not codes & REFUSED_AS_XML, codes


XML_ODD_VALUES = {
    "competenceId ²": (b"<cpf:competenceId>2<", "<cpf:competenceId>²<".encode()),
    "competenceId Arabic-Indic": (
        b"<cpf:competenceId>2<",
        "<cpf:competenceId>٢<".encode(),
    ),
    "domaineCompetenceId full-width": (
        b"<cpf:domaineCompetenceId>1<",
        "<cpf:domaineCompetenceId>１<".encode(),
    ),
    "birth year beyond int": (b">1990<", b">99999999999999999999<"),
    "birth year with sign and zeros": (b">1990<", b">+001990<"),
    "birth month 05": (b"<cpf:moisNaissance>5<", b"<cpf:moisNaissance>05<"),
    "date with spaces": (b">2025-05-02<", b"> 2025-05-02 <"),
    "boolean 1": (b">true</cpf:donneeCertifiee>", b">1</cpf:donneeCertifiee>"),
    "score beyond int": (b">512<", b">4294967296<"),
}


@pytest.mark.parametrize("name", sorted(XML_ODD_VALUES))
def test_odd_values_in_xml_never_raise(name):
    old, new = XML_ODD_VALUES[name]
    data = BASE.replace(old, new, 1)
    assert data != BASE
    codes = assert_agrees_with_official_xsd(data)
    if name.startswith(("competenceId", "domaine")):
        assert "digital_competence_unknown" in codes
    try:
        read_passages(data)
    except FluxError:
        assert not official_valid(data, "1.1.5")


# --- 5. ASCII digits only ----------------------------------------------------------


def _digit_cases():
    cases = {}
    for set_name, digits in DIGIT_SETS.items():

        def convert(text, d=digits):
            return in_digits(text, d)

        cases[f"NIR, {set_name}"] = (
            lambda c=convert: flux(
                [passage(holder=national_id(nir=c("1900575056123")))]
            ),
            "nir_format",
        )
        cases[f"NIR of a civil-status holder (not written), {set_name}"] = (
            lambda c=convert: flux([passage(holder=holder(nir=c("1900575056123")))]),
            "nir_format",
        )
        cases[f"INSEE code, {set_name}"] = (
            lambda c=convert: flux(
                [passage(holder=holder(birth_insee_code=c("75056")))]
            ),
            "insee_format",
        )
        cases[f"Corsican INSEE code, {set_name}"] = (
            lambda c=convert: flux(
                [passage(holder=holder(birth_insee_code=c("2A004")))]
            ),
            "insee_format",
        )
        cases[f"postcode, {set_name}"] = (
            lambda c=convert: flux(
                [
                    passage(
                        holder=holder(birth_insee_code=None, birth_postcode=c("31000"))
                    )
                ]
            ),
            "postcode_format",
        )
        cases[f"country code, {set_name}"] = (
            lambda c=convert: flux(
                [
                    passage(
                        holder=holder(
                            birth_insee_code="99109", birth_country_code=c("109")
                        )
                    )
                ]
            ),
            "country_code_mismatch",
        )
        cases[f"certification code, {set_name}"] = (
            lambda c=convert: _with_code_only(c("RNCP12345")),
            "certification_code",
        )
        cases[f"DigComp competence, {set_name}"] = (
            lambda c=convert: flux(
                [
                    passage(
                        digital_level=DigitalLevel(300, [DigitalResult(2, "1", c("2"))])
                    )
                ]
            ),
            "digital_competence_unknown",
        )
        cases[f"DigComp area, {set_name}"] = (
            lambda c=convert: flux(
                [
                    passage(
                        digital_level=DigitalLevel(300, [DigitalResult(2, c("1"), "2")])
                    )
                ]
            ),
            "digital_competence_unknown",
        )
        cases[f"birth year as text, {set_name}"] = (
            lambda c=convert: flux([passage(holder=holder(birth_year=c("1990")))]),
            "not_an_integer",
        )
        cases[f"DigComp score as text, {set_name}"] = (
            lambda c=convert: flux([passage(digital_level=DigitalLevel(c("300")))]),
            "not_an_integer",
        )
    return cases


def _with_code_only(code):
    document = flux()
    document.certifier.certifications[0].code = code
    return document


DIGIT_CASES = _digit_cases()


@pytest.mark.parametrize("name", sorted(DIGIT_CASES))
def test_non_ascii_digits_are_refused(name):
    make, code = DIGIT_CASES[name]
    document = make()
    problems = timed(check_flux, document, today=TODAY)
    assert code in error_codes(problems), problems
    try:
        data = build_flux(document)
    except InvalidValueError:
        return  # the builder refuses it too
    if "not written" not in name:
        assert error_codes(checked(data)) & ({code} | REFUSED_AS_XML)


def test_ascii_integer_text_is_accepted():
    assert (
        check_flux(flux([passage(holder=holder(birth_year="1990"))]), today=TODAY) == []
    )
    data = build_flux(flux([passage(holder=holder(birth_month=" 05 "))]))
    assert b"<cpf:moisNaissance>5</cpf:moisNaissance>" in data


# --- 6. Invisible characters, controls, normalisation -----------------------------

CF_CHARACTERS = [
    chr(code)
    for code in range(sys.maxunicode + 1)
    if unicodedata.category(chr(code)) == "Cf"
]
REFUSED_CHARACTERS = [
    *(chr(code) for code in range(0x7F, 0xA0)),
    *(chr(code) for code in range(0xFDD0, 0xFDF0)),
    *(chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)),
    "\x01",
    "\x1f",
]


def test_every_format_character_is_invisible():
    assert len(CF_CHARACTERS) > 150
    assert [c for c in CF_CHARACTERS if not INVISIBLE_CHAR.fullmatch(c)] == []
    for char in "\ufe0f\u034f\u3164\U000e0100":
        assert INVISIBLE_CHAR.fullmatch(char)


def test_every_refused_character_is_refused():
    assert [c for c in REFUSED_CHARACTERS if not REFUSED_CHAR.fullmatch(c)] == []
    for ordinary in "aé€\u00a0😀":
        assert not REFUSED_CHAR.match(ordinary) and not INVISIBLE_CHAR.match(ordinary)


@pytest.mark.parametrize("char", CF_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_character_removed_from_a_name_with_a_warning(char):
    document = flux([passage("N", holder=holder(birth_name=f"Du{char}pont"))])
    (problem,) = timed(check_flux, document, today=TODAY)
    assert (problem.code, problem.severity, problem.field) == (
        "invisible_character",
        "warning",
        "nomNaissance",
    )
    assert f"U+{ord(char):04X}" in problem.message and "« Dupont »" in problem.message
    data = timed(build_flux, document)
    assert read_passages(data)["N"][2].holder.birth_name == "Dupont"
    assert official_valid(data, "1.1.5")


@pytest.mark.parametrize("char", CF_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_character_refused_in_an_identifier(char):
    document = flux([passage(f"ID{char}1")])
    problems = timed(check_flux, document, today=TODAY)
    assert [(p.code, p.field) for p in problems if p.severity == "error"] == [
        ("invisible_in_identifier", "idTechnique")
    ]
    assert f"U+{ord(char):04X}" in problems[0].message
    with pytest.raises(InvalidValueError, match=f"U\\+{ord(char):04X}"):
        build_flux(document)


@pytest.mark.parametrize("char", REFUSED_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("field", ["birth_name", "birth_insee_code"])
def test_controls_and_noncharacters_refused_everywhere(char, field):
    value = f"Du{char}pont" if field == "birth_name" else f"75{char}056"
    document = flux([passage(holder=holder(**{field: value}))])
    problems = timed(check_flux, document, today=TODAY)
    expected = (
        "forbidden_character"
        if char in "\x01\x1f\ufffe\uffff"
        else ("control_character")
    )
    assert expected in error_codes(problems)
    with pytest.raises(InvalidValueError):
        build_flux(document)


def test_named_in_french_and_english():
    from flux.text import describe_char  # noqa: PLC0415

    assert describe_char("\u200b") == "U+200B ESPACE SANS CHASSE"
    assert describe_char("\u200b", "en") == "U+200B ZERO WIDTH SPACE"
    assert describe_char("\x92") == "U+0092 CARACTÈRE DE COMMANDE"
    assert describe_char("\ufdd0", "en") == "U+FDD0 NONCHARACTER"


def test_invisible_character_in_an_xml_file_is_an_error():
    data = BASE.replace(b">Dupont<", ">Du\u200bpont<".encode(), 1)
    assert official_valid(data, "1.1.5")
    problems = checked(data)
    assert [(p.code, p.severity, p.technical_id) for p in problems] == [
        ("invisible_character_in_file", "error", "A")
    ]
    assert "U+200B" in problems[0].message and problems[0].line


@pytest.mark.parametrize("name", ["Éloïse", "Noël", "Müller-Schmidt", "Françoise"])
def test_nfd_is_sent_as_nfc(name):
    decomposed = unicodedata.normalize("NFD", name)
    document = flux([passage("N", holder=holder(birth_name=decomposed))])
    (problem,) = check_flux(document, today=TODAY)
    assert (problem.code, problem.severity) == ("not_nfc", "warning")
    data = build_flux(document)
    assert read_passages(data)["N"][2].holder.birth_name == name
    nfd_file = BASE.replace(b">Dupont<", f">{decomposed}<".encode(), 1)
    assert [(p.code, p.severity) for p in checked(nfd_file)] == [
        ("not_nfc_in_file", "warning")
    ]


@pytest.mark.parametrize(
    "second",
    ["ID-É", "ID-É\u200b", " ID-É", "ID-\u00c9", unicodedata.normalize("NFD", "ID-É")],
)
def test_identifiers_differing_by_invisible_characters_are_duplicates(second):
    problems = check_flux(flux([passage("ID-É"), passage(second)]), today=TODAY)
    assert "duplicate_technical_id" in {p.code for p in problems}
    known = check_flux(flux([passage(second)]), known_ids={"ID-É"}, today=TODAY)
    assert "technical_id_already_sent" in {p.code for p in known}


@pytest.mark.parametrize(
    "space", ["\u00a0", "\u2009", "\u202f", "\u3000", "\u2028", "\t", "\r\n"]
)
def test_unusual_spaces_are_collapsed(space):
    document = flux([passage("S", holder=holder(birth_name=f"Le{space}Goff"))])
    (problem,) = check_flux(document, today=TODAY)
    assert (problem.code, problem.severity) == ("whitespace", "warning")
    assert read_passages(build_flux(document))["S"][2].holder.birth_name == "Le Goff"


def test_prepared_text_is_what_the_builder_writes():
    for value in ["\u200bA\u00ad B\u2060", "e\u0301\u200d", "  x\u00a0\u00a0y  "]:
        prepared = prepare_text(value, "verbatim")
        data = build_flux(flux([passage("V", verbatim=value)]))
        assert read_passages(data)["V"][2].verbatim == prepared.text


# --- 7. Timestamps and dates ------------------------------------------------------

PARIS_MEAN_TIME = [
    datetime(1900, 1, 1),
    datetime(1905, 6, 15, 12),
    datetime(1911, 3, 10, 23, 50),
    datetime(1905, 6, 15, 12, tzinfo=timezone.utc),
    datetime(1911, 3, 10, 23, 0, tzinfo=timezone.utc),
]
OUT_OF_RANGE = [
    datetime(1899, 12, 31, 23),
    datetime(2100, 1, 1, 1),
    datetime.min,
    datetime.max,
    datetime.min.replace(tzinfo=timezone.utc),
    datetime.max.replace(tzinfo=timezone.utc),
    datetime(2099, 12, 31, 23, 30, tzinfo=timezone.utc),  # 2100 in Paris
]
NOT_A_TIMESTAMP = [date(2025, 1, 1), "2025-01-01T10:00:00+01:00", 1_700_000_000]


@pytest.mark.parametrize(
    "moment", PARIS_MEAN_TIME + OUT_OF_RANGE + NOT_A_TIMESTAMP, ids=repr
)
def test_unwritable_timestamp_same_verdict_in_checker_and_builder(moment):
    document = flux(timestamp=moment)
    (problem,) = timed(check_flux, document, today=TODAY)
    assert problem.code.startswith("timestamp_") and problem.field == "horodatage"
    with pytest.raises(FluxError) as raised:
        build_flux(document)
    assert str(raised.value) == problem.message


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1911, 3, 11, 0, 30),
        datetime(1912, 1, 1),
        datetime(1940, 6, 20, 12),
        datetime(2099, 12, 31, 23, 59),
        datetime(2025, 3, 30, 2, 30),  # does not exist in Paris (summer time)
        datetime(2025, 10, 26, 2, 30),  # exists twice
    ],
    ids=repr,
)
def test_writable_timestamps(moment):
    document = flux(timestamp=moment)
    assert check_flux(document, today=TODAY) == []
    assert official_valid(build_flux(document), "1.1.5")


@pytest.mark.parametrize(
    "field",
    ["validity_start", "validity_end", "exam_start", "exam_end", "registration_date"],
)
@pytest.mark.parametrize(
    "value",
    [datetime(2025, 5, 2), datetime(2025, 5, 2, 23, 59, tzinfo=timezone.utc)],
    ids=repr,
)
def test_datetime_for_a_date_is_refused(field, value):
    if field == "registration_date":
        document = flux([passage(registration=Registration("VAE", None, None, value))])
    else:
        document = flux([passage(**{field: value})])
    problems = timed(check_flux, document, today=TODAY)
    assert "datetime_for_date" in error_codes(problems)
    with pytest.raises(InvalidValueError, match="sans heure") as raised:
        build_flux(document)
    assert raised.value.code == "datetime_for_date"


@pytest.mark.parametrize("days_before", range(1, 30, 4))
def test_issue_before_the_exam_is_flagged(days_before):
    issue = date(2025, 5, 2)
    exam = issue + timedelta(days=days_before)
    document = flux([passage(exam_start=exam, exam_end=exam)])
    assert {p.code for p in check_flux(document, today=TODAY)} == {
        "issue_before_exam_start"
    }
    data = build_flux(document)
    assert {p.code for p in checked(data)} == {"issue_before_exam_start"}


# --- The referee over the whole corpus -----------------------------------------------


def test_built_files_of_both_versions_agree_with_the_official_xsd():
    for data, version in ((BASE, "1.1.5"), (BASE_112, "1.1.2"), (BASE_112, "1.1.5")):
        assert official_valid(data, version)
        assert checked(data, version) == []


def test_full_passage_round_trip():
    data = build_flux(flux([full_passage("F")]))
    expected = replace(
        full_passage("F"), language_level_present=True, digital_level_present=True
    )
    assert read_passages(data)["F"][2] == expected


def test_today_as_a_datetime_and_no_known_ids():
    moment = datetime(2025, 6, 30, 12)
    assert check_flux(flux(), known_ids=None, today=moment) == []
    assert check_xml(BASE, "1.1.5", known_ids=None, today=moment) == []
