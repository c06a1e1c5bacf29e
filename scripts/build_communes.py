"""Build the reference of French communes shipped in ``flux/data/``.

Usage::

    python3 scripts/build_communes.py            # (re)write the shipped files
    python3 scripts/build_communes.py --check    # rebuild in a temp dir, compare
    python3 scripts/build_communes.py --tarball-dir DIR [--check]

The source is open data: INSEE's Code officiel géographique (COG) with La Poste's
postcodes, under the Licence Ouverte, as packaged by the npm package
``@etalab/decoupage-administratif``. Two pinned versions of that package are read:

* :data:`CURRENT` (``data/communes.json``): the COG of one vintage: current
  communes (with their postcodes and population), municipal arrondissements of
  Paris, Lyon and Marseille, delegated and associated communes (with their
  ``chefLieu``, the current commune they belong to), and on each current commune
  the ``anciensCodes`` that merged into it (codes only: no names);
* :data:`HISTORY` (``data/historique-communes.json``): the COG history from 1943 to
  2019-01-01, the last version of the package that carried it. It gives the
  names of the former codes (and the former names of current codes, e.g.
  Bellegarde-sur-Valserine for 01033, now Valserhône).

The tarballs come from the npm registry (``npm pack``), or from ``--tarball-dir``
(files named as ``npm pack`` names them); their sha512 must equal the pinned npm
integrity, so that the same input always gives the same output.

Output, in ``flux/data/``:

* ``fr_communes.tsv.gz``: UTF-8, tab-separated, one header line, rows sorted by
  code, kind and name, gzip with mtime 0 (byte-identical for the same input).
  Columns: code, kind, name, department, postcodes (space-separated), parent
  (the current commune a row belongs to now, empty for a current commune),
  population (empty when the source has none). Kinds: ``commune``,
  ``arrondissement``, ``delegated``, ``associated``, ``former`` (a code that
  merged into a current commune), ``former_name`` (a name a code had from 1943 to
  2019 and no longer has). No field holds a tab, a line break or a double quote
  (checked here), so PostgreSQL loads it with one statement, empty fields
  becoming NULL::

      COPY t (code, kind, name, department, postcodes, parent, population)
      FROM STDIN WITH (FORMAT csv, DELIMITER E'\\t', HEADER true)

* ``fr_communes.source.json``: provenance (package, versions, npm integrity, COG
  vintage, licence, URLs), the sha256 of the uncompressed TSV, what the source
  lacks, and the row counts by kind computed from the raw JSON on their own
  (:func:`source_counts`), not from the rows written, so that a test can check
  that nothing was lost.

Refreshing for the next vintage (the COG changes every 1 January):

1. ``npm view @etalab/decoupage-administratif dist-tags.latest`` and check that the
   package README's table "Millésimes et versions de package" lists that version
   for the new year (this script checks it too);
2. ``npm view @etalab/decoupage-administratif@<version> dist.integrity``;
3. set version, integrity and vintage in :data:`CURRENT` (leave :data:`HISTORY`:
   no later version carries the history);
4. run this script, read the diff of ``fr_communes.source.json`` (counts, parent
   conflicts), run ``python3 -m pytest flux/tests`` (tests citing communes that
   merged may need the new current commune), and state the new vintage where
   the addon states it (README, addon description).
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "flux" / "data"
TSV_NAME = "fr_communes.tsv.gz"
SOURCE_NAME = "fr_communes.source.json"

PACKAGE = "@etalab/decoupage-administratif"


@dataclass(frozen=True)
class Pin:
    version: str
    integrity: str
    member: str
    cog_vintage: str | None = None

    @property
    def tarball_name(self) -> str:
        return f"etalab-decoupage-administratif-{self.version}.tgz"

    @property
    def tarball_url(self) -> str:
        return (
            "https://registry.npmjs.org/@etalab/decoupage-administratif/-/"
            f"decoupage-administratif-{self.version}.tgz"
        )


CURRENT = Pin(
    version="6.0.0",
    integrity=(
        "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhW"
        "Wcf+7bcWpA5pmCaQ=="
    ),
    member="package/data/communes.json",
    cog_vintage="2026",
)
HISTORY = Pin(
    version="0.8.0",
    integrity=(
        "sha512-BNO0BLfPyUvLpGAStdKpZAX80hUHdkhhD3GMu7HcwERqmshl96uIU0v3/1LlL23DiMs9qR"
        "yVIRnfDDIAfHaG/w=="
    ),
    member="package/data/historique-communes.json",
)

COLUMNS = ("code", "kind", "name", "department", "postcodes", "parent", "population")
KINDS = (
    "commune",
    "arrondissement",
    "delegated",
    "associated",
    "former",
    "former_name",
)
SOURCE_TYPES = {
    "commune-actuelle": "commune",
    "arrondissement-municipal": "arrondissement",
    "commune-deleguee": "delegated",
    "commune-associee": "associated",
}
KIND_DESCRIPTIONS = {
    "commune": "current commune (COG type commune-actuelle)",
    "arrondissement": "municipal arrondissement of Paris, Lyon or Marseille; parent: "
    "the city",
    "delegated": "delegated commune (commune-deleguee); parent: its current commune "
    "(chefLieu); may share its code with that commune",
    "associated": "associated commune (commune-associee); parent: its current commune "
    "(chefLieu)",
    "former": "code listed in anciensCodes of a current commune; parent: the current "
    "commune it belongs to now (the chefLieu when the code is also a delegated or "
    "associated commune); name: the delegated/associated name, else the last name "
    "in the 1943-2019 history",
    "former_name": "a name the code had in the 1943-2019 history and no longer has; "
    "parent: the current commune the code belongs to now",
}
FORBIDDEN_IN_FIELDS = re.compile(r'[\t\r\n"]')


class BuildError(Exception):
    pass


# --- source -----------------------------------------------------------------


def npm_integrity(payload: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(payload).digest()).decode()


def fetch_tarball(pin: Pin, tarball_dir: Path | None, work_dir: Path) -> bytes:
    """The pinned tarball, from ``tarball_dir`` or ``npm pack``, integrity checked."""
    if tarball_dir is not None:
        path = tarball_dir / pin.tarball_name
    else:
        subprocess.run(
            [
                "npm",
                "pack",
                f"{PACKAGE}@{pin.version}",
                "--pack-destination",
                str(work_dir),
                "--silent",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        path = work_dir / pin.tarball_name
    payload = path.read_bytes()
    if npm_integrity(payload) != pin.integrity:
        raise BuildError(
            f"{path}: integrity {npm_integrity(payload)} differs from the pinned "
            f"{pin.integrity} of {PACKAGE}@{pin.version}"
        )
    return payload


def read_member(payload: bytes, member: str) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(payload), mode="r:gz") as archive:
        extracted = archive.extractfile(member)
        if extracted is None:
            raise BuildError(f"{member} missing from the tarball")
        return extracted.read()


def readme_vintage(payload: bytes, version: str) -> str | None:
    """The year the package README's vintage table gives for ``version``."""
    readme = read_member(payload, "package/README.md").decode("utf-8")
    for line in readme.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"[0-9]{4}", cells[0]):
            if cells[1] == version:
                return cells[0]
    return None


# --- counts from the raw source (kept apart from the transformation) ---------


def source_counts(communes: list[dict], history: list[dict]) -> dict[str, int]:
    """Rows the file must hold for each kind, counted on the raw JSON."""
    by_type = Counter(record["type"] for record in communes)
    unknown_types = set(by_type) - set(SOURCE_TYPES)
    if unknown_types:
        raise BuildError(f"unknown commune types in the source: {unknown_types}")
    counts = {SOURCE_TYPES[type_]: by_type[type_] for type_ in SOURCE_TYPES}
    counts["former"] = len(
        {code for record in communes for code in record.get("anciensCodes", ())}
    )
    current_pairs = {(record["code"], record["nom"]) for record in communes}
    history_pairs = {(record["code"], record["nom"]) for record in history}
    counts["former_name"] = len(history_pairs - current_pairs)
    return counts


def source_details(communes: list[dict]) -> dict:
    """Counts of current communes by zone and overseas/Corsican department."""
    current = [r for r in communes if r["type"] == "commune-actuelle"]
    departments = Counter(r["departement"] for r in current)
    return {
        "current_communes_by_zone": dict(
            sorted(Counter(r["zone"] for r in current).items())
        ),
        "current_communes_by_department_outside_mainland": {
            department: departments[department]
            for department in sorted(departments)
            if department in ("2A", "2B") or len(department) == 3
        },
        "former_code_entries": sum(len(r.get("anciensCodes", ())) for r in communes),
    }


# --- transformation ------------------------------------------------------------


def code_department(code: str) -> str:
    return code[:3] if code[:2] in ("97", "98") else code[:2]


def last_history_names(history: list[dict]) -> dict[str, str]:
    """The most recent name of each code in the history (COM records first)."""
    latest: dict[str, tuple[tuple[str, int], str]] = {}
    for record in history:
        key = (record.get("dateDebut", "1943-01-01"), int(record["type"] == "COM"))
        code = record["code"]
        if code not in latest or key > latest[code][0]:
            latest[code] = (key, record["nom"])
    return {code: name for code, (_key, name) in latest.items()}


def build_rows(
    communes: list[dict], history: list[dict]
) -> tuple[list[tuple[str, ...]], list[dict]]:
    """The rows of the file and the parent conflicts met on the way."""
    rows: list[tuple[str, ...]] = []
    current: dict[str, dict] = {}
    chef_lieu: dict[str, str] = {}
    named: dict[str, str] = {}
    for record in communes:
        kind = SOURCE_TYPES[record["type"]]
        code = record["code"]
        if kind == "commune":
            current[code] = record
            parent = ""
        elif kind == "arrondissement":
            parent = record["commune"]
        else:
            parent = record["chefLieu"]
            if code != parent:
                chef_lieu[code] = parent
                named[code] = record["nom"]
        population = record.get("population")
        rows.append(
            (
                code,
                kind,
                record["nom"],
                record["departement"],
                " ".join(sorted(record.get("codesPostaux", ()))),
                parent,
                "" if population is None else str(population),
            )
        )

    owner: dict[str, str] = {}
    for code, record in current.items():
        for former in record.get("anciensCodes", ()):
            if former in owner:
                raise BuildError(f"former code {former} belongs to two communes")
            owner[former] = code
    conflicts = [
        {
            "code": former,
            "anciensCodes_of": owner[former],
            "chefLieu": chef_lieu[former],
            "kept": chef_lieu[former],
        }
        for former in sorted(owner)
        if former in chef_lieu and chef_lieu[former] != owner[former]
    ]
    # The chefLieu is the COG's own link of a delegated/associated commune today;
    # anciensCodes is derived from the history and may lag a later change.
    belongs_to = {**owner, **chef_lieu}
    history_names = last_history_names(history)
    for former in owner:
        name = named.get(former) or history_names.get(former, "")
        rows.append(
            (
                former,
                "former",
                name,
                code_department(former),
                "",
                belongs_to[former],
                "",
            )
        )

    current_pairs = {(record["code"], record["nom"]) for record in communes}
    for code, name in sorted({(r["code"], r["nom"]) for r in history} - current_pairs):
        parent = code if code in current else belongs_to.get(code)
        if parent is None:
            raise BuildError(f"history code {code} belongs to no current commune")
        rows.append((code, "former_name", name, code_department(code), "", parent, ""))

    kind_order = {kind: index for index, kind in enumerate(KINDS)}
    rows.sort(key=lambda row: (row[0], kind_order[row[1]], row[2]))
    check_rows(rows, set(current))
    return rows, conflicts


def check_rows(rows: list[tuple[str, ...]], current_codes: set[str]) -> None:
    seen: set[tuple[str, ...]] = set()
    for row in rows:
        code, kind, name, _department, _postcodes, parent, _population = row
        key = (code, kind, name) if kind == "former_name" else (code, kind)
        if key in seen:
            raise BuildError(f"duplicate row {key}")
        seen.add(key)
        if not name:
            raise BuildError(f"row without a name: {row}")
        if kind != "commune" and parent not in current_codes:
            raise BuildError(
                f"parent {parent!r} of {code} {kind} is no current commune"
            )
        if any(FORBIDDEN_IN_FIELDS.search(field) for field in row):
            raise BuildError(f"tab, line break or double quote in {row}")


# --- output --------------------------------------------------------------------


def tsv_bytes(rows: list[tuple[str, ...]]) -> bytes:
    lines = ["\t".join(COLUMNS), *("\t".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def gzip_bytes(payload: bytes) -> bytes:
    buffer = io.BytesIO()
    # No file name and mtime 0 in the header: the same rows give the same bytes.
    with gzip.GzipFile(
        filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0
    ) as stream:
        stream.write(payload)
    return buffer.getvalue()


def provenance(
    *,
    counts: dict[str, int],
    details: dict,
    conflicts: list[dict],
    tsv: bytes,
    history_until: str,
    members: dict[str, bytes],
) -> dict:
    return {
        "file": TSV_NAME,
        "columns": list(COLUMNS),
        "kinds": KIND_DESCRIPTIONS,
        "postgresql_copy": (
            f"COPY <table> ({', '.join(COLUMNS)}) FROM STDIN WITH "
            "(FORMAT csv, DELIMITER E'\\t', HEADER true)"
        ),
        "tsv_sha256": hashlib.sha256(tsv).hexdigest(),
        "rows": sum(counts.values()),
        "counts": counts,
        "details": details,
        "cog_vintage": CURRENT.cog_vintage,
        "sources": [
            {
                "package": PACKAGE,
                "version": CURRENT.version,
                "integrity": CURRENT.integrity,
                "tarball": CURRENT.tarball_url,
                "file": CURRENT.member.removeprefix("package/"),
                "file_sha256": hashlib.sha256(members[CURRENT.member]).hexdigest(),
                "cog_vintage": CURRENT.cog_vintage,
                "used_for": "communes, arrondissements, delegated and associated "
                "communes, postcodes, population, former codes (anciensCodes)",
            },
            {
                "package": PACKAGE,
                "version": HISTORY.version,
                "integrity": HISTORY.integrity,
                "tarball": HISTORY.tarball_url,
                "file": HISTORY.member.removeprefix("package/"),
                "file_sha256": hashlib.sha256(members[HISTORY.member]).hexdigest(),
                "history_from": "1943-01-01",
                "history_until": history_until,
                "used_for": "names of former codes, former names of codes",
            },
        ],
        "upstream": {
            "cog": "INSEE, Code officiel géographique, "
            "https://www.insee.fr/fr/information/2560452",
            "postcodes": "La Poste, Base officielle des codes postaux, "
            "https://www.data.gouv.fr/fr/datasets/base-officielle-des-codes-postaux/",
            "package": "https://github.com/etalab/decoupage-administratif",
        },
        "licence": {
            "data": "Licence Ouverte / Open Licence (Etalab)",
            "data_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
            "package_code": "MIT",
            "attribution": "Source : Insee, Code officiel géographique "
            f"{CURRENT.cog_vintage} ; La Poste, Base officielle des codes postaux ; "
            f"via {PACKAGE} {CURRENT.version} et {HISTORY.version}.",
        },
        "parent_conflicts": conflicts,
        "lacks": [
            "postcodes of delegated, associated and former communes (La Poste's "
            "'ligne 5' is not in the package): the current commune's postcodes "
            "stand for them",
            "postcodes of the five districts of the TAAF (984)",
            "renamings after 2019-01-01 (the history stops there): a name a code "
            "had only between that date and the vintage is not known",
            "dates of the changes (not needed by the checks, not kept)",
            "countries (99xxx) and the territories that are no longer French "
            "(Algeria before 1962...): not part of the COG communes",
        ],
    }


def json_bytes(data: dict) -> bytes:
    return (
        json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    ).encode("utf-8")


def build(output_dir: Path, tarball_dir: Path | None) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        current_tar = fetch_tarball(CURRENT, tarball_dir, work_dir)
        history_tar = fetch_tarball(HISTORY, tarball_dir, work_dir)
    vintage = readme_vintage(current_tar, CURRENT.version)
    if vintage != CURRENT.cog_vintage:
        raise BuildError(
            f"the README of {PACKAGE}@{CURRENT.version} gives the vintage {vintage}, "
            f"the pin says {CURRENT.cog_vintage}"
        )
    members = {
        CURRENT.member: read_member(current_tar, CURRENT.member),
        HISTORY.member: read_member(history_tar, HISTORY.member),
    }
    communes = json.loads(members[CURRENT.member])
    history = json.loads(members[HISTORY.member])
    counts = source_counts(communes, history)
    rows, conflicts = build_rows(communes, history)
    written = Counter(row[1] for row in rows)
    if dict(written) != {kind: count for kind, count in counts.items() if count}:
        raise BuildError(
            f"rows by kind {dict(written)} differ from the source {counts}"
        )
    tsv = tsv_bytes(rows)
    history_until = max(
        max(record.get("dateDebut", ""), record.get("dateFin", ""))
        for record in history
    )
    source = provenance(
        counts=counts,
        details=source_details(communes),
        conflicts=conflicts,
        tsv=tsv,
        history_until=history_until,
        members=members,
    )
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / TSV_NAME).write_bytes(gzip_bytes(tsv))
    (output_dir / SOURCE_NAME).write_bytes(json_bytes(source))
    return counts


def check(tarball_dir: Path | None) -> int:
    """Rebuild in a temporary directory; 0 when the shipped files are identical."""
    with tempfile.TemporaryDirectory() as work:
        rebuilt = Path(work)
        build(rebuilt, tarball_dir)
        differing = [
            name
            for name in (TSV_NAME, SOURCE_NAME)
            if (rebuilt / name).read_bytes() != (DATA_DIR / name).read_bytes()
        ]
    if differing:
        print(f"differs from a rebuild: {', '.join(differing)}", file=sys.stderr)
        return 1
    print(f"{TSV_NAME} and {SOURCE_NAME} are identical to a rebuild")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--check", action="store_true", help="rebuild in a temp dir and compare"
    )
    parser.add_argument(
        "--tarball-dir",
        type=Path,
        help="read the pinned npm tarballs from this directory instead of npm pack",
    )
    arguments = parser.parse_args(argv)
    try:
        if arguments.check:
            return check(arguments.tarball_dir)
        counts = build(DATA_DIR, arguments.tarball_dir)
    except (BuildError, OSError, subprocess.CalledProcessError) as error:
        print(f"build_communes: {error}", file=sys.stderr)
        return 2
    print(f"wrote {DATA_DIR / TSV_NAME}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
