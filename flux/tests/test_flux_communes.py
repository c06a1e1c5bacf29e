"""The reference of French communes (flux.communes) and its data file."""

import gzip
import hashlib
import importlib.util
import json
import string
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from flux import communes
from flux.communes import MESSAGES, CommuneReference, normalize_name

REPO_ROOT = Path(__file__).resolve().parents[2]
FLUX_DIR = REPO_ROOT / "flux"
ELEMENTS = {"codeInsee", "codePostal", "libelleCommuneNaissance", "nir"}


@pytest.fixture(scope="module")
def reference():
    return communes.reference()


@pytest.fixture(scope="module")
def source():
    return json.loads(communes.SOURCE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shipped_rows():
    with gzip.open(communes.DATA_FILE, "rt", encoding="utf-8") as stream:
        lines = stream.read().splitlines()
    return [line.split("\t") for line in lines]


@pytest.fixture(scope="module")
def builder():
    path = REPO_ROOT / "scripts" / "build_communes.py"
    spec = importlib.util.spec_from_file_location("build_communes", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def nir(year: int, place: str, month: int = 3, sex: str = "1") -> str:
    """A NIR without its key: sex, year, month, birth place, order number."""
    return f"{sex}{year % 100:02d}{month:02d}{place}123"


def check(**values):
    """check_birthplace, every finding checked for its shape."""
    findings = communes.check_birthplace(**values)
    for finding in findings:
        assert finding.code in MESSAGES
        assert finding.severity in (communes.ERROR, communes.WARNING)
        assert finding.field in ELEMENTS
        templates = MESSAGES[finding.code]
        assert finding.message_fr == templates["fr"].format(**finding.params)
        assert finding.message_en == templates["en"].format(**finding.params)
        assert all(isinstance(value, str) for value in finding.params.values())
    return findings


def codes_of(findings):
    return [(finding.code, finding.severity) for finding in findings]


# --- what a code designates ---------------------------------------------------


def test_75001_is_the_postcode_of_paris_1er(reference):
    reading = reference.read_code("75001")
    assert [row.code for row in reading.postcode_of] == ["75101"]
    # 75001 was also Alfortville's code until 1968 (Seine): a former code.
    assert reading.status == communes.FORMER
    assert reading.current.code == "94002"
    assert [row.code for row in reference.by_postcode("75001", precise=True)] == [
        "75101"
    ]
    assert {row.code for row in reference.by_postcode("75001")} == {"75101", "75056"}

    [finding] = check(insee_code="75001")
    assert finding.is_error
    assert finding.field == "codeInsee"
    assert "75101" in finding.message_fr
    assert "Paris 1er Arrondissement" in finding.message_fr

    [finding] = check(insee_code="75001", commune_label="Paris 1er")
    assert (finding.code, finding.severity) == ("commune_code_is_postcode", "error")
    assert finding.params["codes"] == "75101"

    [finding] = check(insee_code="75001", commune_label="Alfortville")
    assert (finding.code, finding.severity) == ("commune_code_former", "warning")
    assert finding.params["current_code"] == "94002"


def test_69003_is_albigny_and_the_postcode_of_lyon_3e(reference):
    reading = reference.read_code("69003")
    assert reading.status == communes.COMMUNE
    assert reading.entry.name == "Albigny-sur-Saône"
    assert [row.code for row in reading.postcode_of] == ["69383"]

    [finding] = check(insee_code="69003")
    assert (finding.code, finding.severity) == ("commune_code_also_postcode", "warning")
    assert "Albigny-sur-Saône" in finding.message_fr
    assert "Lyon 3e Arrondissement" in finding.message_fr
    assert finding.params["codes"] == "69383"

    [finding] = check(insee_code="69003", commune_label="Lyon 3e")
    assert (finding.code, finding.severity) == (
        "commune_code_postcode_per_label",
        "error",
    )
    assert finding.params["right_code"] == "69383"
    assert "69383" in finding.message_fr

    assert check(insee_code="69003", commune_label="Albigny-sur-Saône") == []
    assert check(insee_code="69003", commune_label="albigny sur saone") == []


def test_69003_settled_by_the_postcode_or_the_nir():
    [finding] = check(insee_code="69003", postcode="69003")
    assert finding.code == "commune_code_postcode_per_postcode"
    assert finding.params["right_code"] == "69383"
    [finding] = check(insee_code="69003", nir=nir(1985, "69383"))
    assert finding.code == "commune_code_postcode_per_nir"
    assert finding.params["right_code"] == "69383"
    assert check(insee_code="69003", nir=nir(1985, "69003")) == []
    # A Lyon NIR settles nothing when the label says Albigny: label first.
    assert check(insee_code="69003", postcode="69250") == []


def test_13001_is_aix_and_the_postcode_of_marseille_1er(reference):
    reading = reference.read_code("13001")
    assert reading.entry.name == "Aix-en-Provence"
    assert [row.code for row in reading.postcode_of] == ["13201"]
    [finding] = check(insee_code="13001")
    assert (finding.code, finding.severity) == ("commune_code_also_postcode", "warning")
    assert finding.params["codes"] == "13201"
    [finding] = check(insee_code="13001", commune_label="Marseille 1er")
    assert (finding.code, finding.severity) == (
        "commune_code_postcode_per_label",
        "error",
    )
    assert finding.params["right_code"] == "13201"
    [finding] = check(insee_code="13001", commune_label="Marseille")
    assert finding.params["right_code"] == "13201"
    assert check(insee_code="13001", commune_label="Aix-en-Provence") == []


def test_ajaccio_2a004(reference):
    reading = reference.read_code("2a004")
    assert (reading.code, reading.status) == ("2A004", communes.COMMUNE)
    assert reading.entry.name == "Ajaccio"
    assert reading.entry.department == "2A"
    assert "20000" in reading.entry.postcodes
    assert check(insee_code="2A004", commune_label="Ajaccio") == []
    [finding] = check(insee_code="2A004", commune_label="Bastia")
    assert (finding.code, finding.severity) == ("commune_label_mismatch", "error")
    assert "2B033" in finding.params["candidates"]


def test_former_code_gives_its_current_commune(reference):
    # Arlod merged into Bellegarde-sur-Valserine (1971), now Valserhône.
    reading = reference.read_code("01018")
    assert reading.status == communes.FORMER
    assert reading.entry.name == "Arlod"
    assert reading.current.code == "01033"
    assert reading.current.name == "Valserhône"
    [finding] = check(insee_code="01018", commune_label="Arlod")
    assert (finding.code, finding.severity) == ("commune_code_former", "warning")
    assert finding.params == {
        "code": "01018",
        "former": "Arlod",
        "current": "Valserhône",
        "current_code": "01033",
    }
    # Corsica before 1976.
    assert reference.read_code("20004").current.code == "2A004"


def test_former_names_of_a_current_code_are_accepted(reference):
    assert "Bellegarde-sur-Valserine" in reference.read_code("01033").names
    assert check(insee_code="01033", commune_label="Bellegarde-sur-Valserine") == []
    assert check(insee_code="01033", commune_label="Arlod") == []


def test_mayotte(reference):
    reading = reference.read_code("97611")
    assert (reading.status, reading.entry.name) == (communes.COMMUNE, "Mamoudzou")
    assert reading.entry.department == "976"
    assert {row.code for row in reference.by_postcode("97600")} == {"97610", "97611"}
    assert check(insee_code="97611", commune_label="Mamoudzou") == []
    assert check(postcode="97600", commune_label="Koungou") == []


def test_overseas_collectivities_present(reference):
    for code, name in {
        "97502": "Saint-Pierre",
        "97701": "Saint-Barthélemy",
        "97801": "Saint-Martin",
        "98714": "Bora-Bora",
        "98818": "Nouméa",
        "98613": "Uvea",
    }.items():
        assert reference.read_code(code).entry.name == name


def test_unknown_and_malformed_codes(reference):
    assert reference.read_code("12345").status == communes.UNKNOWN
    [finding] = check(insee_code="12345")
    assert (finding.code, finding.severity) == ("commune_code_unknown", "error")
    assert finding.params["vintage"] == reference.vintage
    assert reference.read_code("7501").status == communes.MALFORMED
    [finding] = check(insee_code="7501")
    assert finding.code == "commune_code_malformed"


def test_country_codes_are_not_this_reference_business(reference):
    assert reference.read_code("99109").status == communes.COUNTRY
    assert check(insee_code="99109", commune_label="Allemagne") == []


def test_arrondissements_of_paris_lyon_marseille(reference):
    arrondissements = [row for row in reference.rows if row.kind == "arrondissement"]
    assert Counter(row.parent for row in arrondissements) == {
        "75056": 20,
        "69123": 9,
        "13055": 16,
    }
    assert check(insee_code="69383", commune_label="Lyon") == []
    [finding] = check(insee_code="75056", commune_label="Paris 5e")
    assert (finding.code, finding.params["right_code"]) == (
        "commune_label_arrondissement",
        "75105",
    )


def test_label_that_designates_nothing():
    [finding] = check(insee_code="69383", commune_label="Xyzzy")
    assert (finding.code, finding.severity) == (
        "commune_label_unknown_for_code",
        "error",
    )
    assert finding.field == "libelleCommuneNaissance"


def test_postcode_only():
    assert check(postcode="75001", commune_label="Paris") == []
    assert check(postcode="75001", commune_label="Paris 1er") == []
    [finding] = check(postcode="75001", commune_label="Paris 2e")
    assert (finding.code, finding.severity) == (
        "commune_label_not_in_postcode",
        "error",
    )
    assert "75101" in finding.params["communes"]
    [finding] = check(postcode="75099")
    assert (finding.code, finding.severity) == ("commune_postcode_unknown", "error")
    [finding] = check(postcode="7500")
    assert finding.code == "commune_postcode_malformed"


def test_code_and_postcode_disagree():
    [finding] = check(insee_code="42218", postcode="75001")
    assert (finding.code, finding.severity) == ("commune_postcode_mismatch", "warning")
    assert check(insee_code="42218", postcode="42000") == []


# --- search -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["st etienne", "SAINT-ETIENNE", "Saint-Étienne"])
def test_search_is_tolerant(reference, text):
    first = reference.search(text)[0]
    assert (first.code, first.name) == ("42218", "Saint-Étienne")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Paris 1", "75101"),
        ("Paris 1er", "75101"),
        ("paris 01", "75101"),
        ("Lyon 3e", "69383"),
        ("Lyon 3ème arrondissement", "69383"),
        ("Marseille 13", "13213"),
        ("l'hay les roses", "94038"),
        ("LHAY-LES-ROSES", "94038"),
        ("ste foy les lyon", "69202"),
        ("Bors", "16052"),
    ],
)
def test_search_arrondissements_and_punctuation(reference, text, code):
    assert reference.search(text)[0].code == code


def test_search_ranking(reference):
    results = reference.search("saint etienne", limit=30)
    kinds = [row.kind for row in results]
    # Exact names first (current, then former), then prefixes.
    assert results[0].code == "42218"
    assert results[1].kind == communes.FORMER_NAME
    assert results[1].name == "Saint-Étienne"
    assert all(row.name.startswith("Saint-Étienne") for row in results)
    assert "commune" in kinds[2:]
    contains = reference.search("etienne", limit=200)
    assert any(row.code == "42218" for row in contains)
    assert reference.search("bellegarde sur valserine")[0].code == "01033"
    assert reference.search("") == []


def test_search_by_postcode_digits(reference):
    assert [row.code for row in reference.search("75001")] == ["75101", "75001"]
    assert {row.code for row in reference.search("6900", limit=20)} >= {
        "69381",
        "69389",
    }


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Saint-Étienne", "saintetienne"),
        ("ST ETIENNE", "saintetienne"),
        ("st-étienne", "saintetienne"),
        ("Ste-Foy-lès-Lyon", "saintefoyleslyon"),
        ("Lyon 3e Arrondissement", "lyon3"),
        ("Paris 1er", "paris1"),
        ("Paris 16ème arr.", "paris16"),
        ("Œuilly", "oeuilly"),
        ("L’Haÿ-les-Roses", "lhaylesroses"),
        ("Stella-Plage", "stellaplage"),
        ("  ", ""),
    ],
)
def test_normalize_name(text, key):
    assert normalize_name(text) == key


# --- filling the code -------------------------------------------------------


def test_candidates(reference):
    assert [row.code for row in reference.candidates("Saint-Étienne")] == ["42218"]
    assert [row.code for row in reference.candidates("Paris", "75001")] == ["75101"]
    assert [row.code for row in reference.candidates("Lyon", "69003")] == ["69383"]
    assert [row.code for row in reference.candidates("Saint-Bois")] == ["01340"]
    assert [row.code for row in reference.candidates("Arlod")] == ["01033"]
    assert [row.code for row in reference.candidates(postcode="42000")] == ["42218"]
    assert len(reference.candidates("Bellegarde")) > 1
    assert reference.candidates("Arlod", "42000") == []


# --- NIR ----------------------------------------------------------------------


def test_nir_consistent_born_in_france():
    assert check(insee_code="42218", nir=nir(1985, "42218")) == []
    assert check(insee_code="2A004", nir=nir(1990, "2A004")) == []
    assert check(postcode="42000", nir=nir(1985, "42218")) == []
    assert check(commune_label="Lyon", nir=nir(1985, "69383")) == []


def test_nir_inconsistent_born_in_france():
    [finding] = check(insee_code="42218", nir=nir(1985, "75056"), birth_year=1985)
    assert (finding.code, finding.severity, finding.field) == (
        "nir_birthplace_mismatch",
        "error",
        "nir",
    )
    # Both values, in French.
    assert "75056" in finding.message_fr
    assert "Paris" in finding.message_fr
    assert "Saint-Étienne (42218)" in finding.message_fr
    [finding] = check(postcode="42000", nir=nir(1985, "75056"), birth_year=1985)
    assert (finding.code, finding.severity) == (
        "nir_birthplace_postcode_mismatch",
        "error",
    )
    [finding] = check(commune_label="Nice", nir=nir(1985, "69383"))
    assert (finding.code, finding.severity) == (
        "nir_birthplace_label_mismatch",
        "warning",
    )


def test_nir_born_abroad():
    assert check(insee_code="99109", nir=nir(1985, "99109")) == []
    [finding] = check(insee_code="42218", nir=nir(1985, "99109"))
    assert (finding.code, finding.severity) == ("nir_birthplace_abroad", "error")
    assert "99109" in finding.message_fr
    assert "Saint-Étienne (42218)" in finding.message_fr
    [finding] = check(insee_code="99109", nir=nir(1985, "42218"), birth_year=1985)
    assert (finding.code, finding.severity) == ("nir_birthplace_france", "error")
    [finding] = check(insee_code="99109", nir=nir(1985, "99127"))
    assert (finding.code, finding.severity) == ("nir_birth_country_mismatch", "warning")


def test_nir_codes_of_the_time_of_birth_are_consistent():
    # Ajaccio was 20004 before 1976, Boulogne-Billancourt 75012 before 1968,
    # Évry 78228 (Seine-et-Oise); Arlod's code is now Valserhône's.
    assert check(insee_code="2A004", nir=nir(1970, "20004"), birth_year=1970) == []
    assert check(insee_code="92012", nir=nir(1960, "75012"), birth_year=1960) == []
    assert check(insee_code="91228", nir=nir(1960, "78228"), birth_year=1960) == []
    assert check(insee_code="01033", nir=nir(1960, "01018"), birth_year=1960) == []


def test_nir_legitimate_disagreements_are_warnings():
    [finding] = check(insee_code="99352", nir=nir(1955, "92050"), birth_year=1955)
    assert (finding.code, finding.severity) == (
        "nir_birthplace_north_africa",
        "warning",
    )
    [finding] = check(insee_code="91228", nir=nir(1960, "78646"), birth_year=1960)
    assert (finding.code, finding.severity) == ("nir_birthplace_before_1968", "warning")
    [finding] = check(insee_code="91228", nir=nir(1990, "78646"), birth_year=1990)
    assert (finding.code, finding.severity) == ("nir_birthplace_mismatch", "error")
    [finding] = check(insee_code="42218", nir=nir(1960, "96123"), birth_year=1960)
    assert (finding.code, finding.severity) == (
        "nir_birthplace_north_africa",
        "warning",
    )
    [finding] = check(insee_code="42218", nir=nir(1960, "13999"), birth_year=1960)
    assert (finding.code, finding.severity) == ("nir_birthplace_unknown", "warning")
    [finding] = check(insee_code="75056", nir=nir(1985, "75112"))
    assert (finding.code, finding.severity) == (
        "nir_birthplace_arrondissement",
        "warning",
    )
    assert check(insee_code="75112", nir=nir(1985, "75056")) == []


def test_malformed_nir_is_left_to_the_checker():
    assert check(insee_code="42218", nir="123") == []


# --- messages -----------------------------------------------------------------


def test_messages_have_the_same_placeholders_in_both_languages():
    formatter = string.Formatter()
    for code, templates in MESSAGES.items():
        assert set(templates) == {"fr", "en"}, code
        fields = [
            {name for _text, name, _spec, _conv in formatter.parse(text) if name}
            for text in templates.values()
        ]
        assert fields[0] == fields[1], code


# --- data file ------------------------------------------------------------------


def test_row_counts_by_kind_equal_the_source(shipped_rows, source, reference):
    header, *rows = shipped_rows
    assert tuple(header) == communes.COLUMNS
    counts = Counter(row[1] for row in rows)
    assert dict(counts) == source["counts"]
    assert len(rows) == source["rows"] == len(reference.rows)
    assert set(counts) == set(communes.KINDS)


def test_counts_outside_mainland_equal_the_source(shipped_rows, source):
    current = Counter(
        row[3]
        for row in shipped_rows[1:]
        if row[1] == "commune" and (row[3] in ("2A", "2B") or len(row[3]) == 3)
    )
    expected = source["details"]["current_communes_by_department_outside_mainland"]
    assert dict(current) == expected
    for department in ("971", "972", "973", "974", "975", "976", "977", "978"):
        assert expected[department] > 0
    assert expected["2A"] > 100
    assert expected["2B"] > 200


def test_data_file_checksum_and_links(shipped_rows, source):
    uncompressed = gzip.decompress(communes.DATA_FILE.read_bytes())
    assert hashlib.sha256(uncompressed).hexdigest() == source["tsv_sha256"]
    rows = shipped_rows[1:]
    current = {row[0] for row in rows if row[1] == "commune"}
    assert all(row[5] in current for row in rows if row[1] != "commune")
    assert all(row[5] == "" for row in rows if row[1] == "commune")
    assert rows == sorted(
        rows, key=lambda row: (row[0], communes.KINDS.index(row[1]), row[2])
    )


def test_provenance(source):
    package = source["sources"][0]
    assert package["package"] == "@etalab/decoupage-administratif"
    assert package["integrity"].startswith("sha512-")
    assert package["cog_vintage"] == source["cog_vintage"]
    assert "Licence Ouverte" in source["licence"]["data"]


def test_shipped_file_is_the_builder_serialization(builder, shipped_rows):
    """The writer is deterministic: the shipped rows, serialized again, give the
    shipped bytes (gzip without name nor mtime)."""
    rows = [tuple(row) for row in shipped_rows[1:]]
    payload = builder.gzip_bytes(builder.tsv_bytes(rows))
    assert payload == communes.DATA_FILE.read_bytes()
    assert payload[4:8] == b"\0\0\0\0"  # gzip mtime


def test_builder_on_a_sample(builder):
    sample = [
        {
            "code": "01015",
            "nom": "Arboys en Bugey",
            "type": "commune-actuelle",
            "departement": "01",
            "codesPostaux": ["01300"],
            "population": 710,
            "anciensCodes": ["01340"],
        },
        {
            "code": "01015",
            "nom": "Arbignieu",
            "type": "commune-deleguee",
            "departement": "01",
            "chefLieu": "01015",
        },
        {
            "code": "01340",
            "nom": "Saint-Bois",
            "type": "commune-deleguee",
            "departement": "01",
            "chefLieu": "01015",
        },
        {
            "code": "94002",
            "nom": "Alfortville",
            "type": "commune-actuelle",
            "departement": "94",
            "codesPostaux": ["94140"],
            "anciensCodes": ["75001"],
        },
        {
            "code": "55245",
            "nom": "Heudicourt-sous-les-Côtes",
            "type": "commune-actuelle",
            "departement": "55",
            "anciensCodes": ["55273"],
        },
        {
            "code": "55386",
            "nom": "Nonsard-Lamarche",
            "type": "commune-actuelle",
            "departement": "55",
        },
        {
            "code": "55273",
            "nom": "Lamarche-en-Woëvre",
            "type": "commune-associee",
            "departement": "55",
            "chefLieu": "55386",
        },
    ]
    history = [
        {"code": "75001", "nom": "Alfortville", "type": "COM"},
        {"code": "01340", "nom": "Saint-Bois", "type": "COM"},
        {"code": "94002", "nom": "Alfortville", "type": "COM"},
        {"code": "01015", "nom": "Arbignieu", "type": "COM"},
    ]
    rows, conflicts = builder.build_rows(sample, history)
    counts = builder.source_counts(sample, history)
    assert dict(Counter(row[1] for row in rows)) == {
        kind: count for kind, count in counts.items() if count
    }
    assert counts["former"] == 3
    assert counts["former_name"] == 1  # 75001 Alfortville
    by_key = {(row[0], row[1]): row for row in rows}
    assert by_key["75001", "former"][2] == "Alfortville"
    assert by_key["75001", "former"][5] == "94002"
    # The COG's chefLieu wins over a stale anciensCodes.
    assert by_key["55273", "former"][5] == "55386"
    assert conflicts == [
        {
            "code": "55273",
            "anciensCodes_of": "55245",
            "chefLieu": "55386",
            "kept": "55386",
        }
    ]
    first = builder.gzip_bytes(builder.tsv_bytes(rows))
    again = builder.gzip_bytes(
        builder.tsv_bytes(builder.build_rows(sample, history)[0])
    )
    assert first == again


def test_reference_is_loaded_once():
    assert communes.reference() is communes.reference()
    assert communes.is_available()


def test_a_reference_can_be_built_from_rows():
    rows = [
        communes.Commune("75056", "commune", "Paris", "75", ("75001",), None, None),
        communes.Commune(
            "75101",
            "arrondissement",
            "Paris 1er Arrondissement",
            "75",
            ("75001",),
            "75056",
            None,
        ),
    ]
    small = CommuneReference(rows, {"cog_vintage": "2026"})
    assert small.read_code("75001").postcode_of == (rows[1],)
    assert small.search("paris 1") == [rows[1]]


def test_module_needs_neither_lxml_nor_stdnum():
    """flux.communes and what it imports are standard library only (the flux
    package's __init__ imports the builder, hence lxml: bypassed here)."""
    script = (
        "import sys, types, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.split('.')[0] in ('lxml', 'stdnum', 'odoo'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "package = types.ModuleType('flux')\n"
        f"package.__path__ = [{str(FLUX_DIR)!r}]\n"
        "sys.modules['flux'] = package\n"
        "import flux.communes as communes\n"
        "assert communes.read_code('75101').status == 'arrondissement'\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('flux'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "flux",
        "flux.communes",
        "flux.dictionary",
        "flux.rules",
    ]
