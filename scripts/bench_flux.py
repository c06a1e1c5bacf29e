"""Benchmark of the flux engine: build and check N synthetic passages.

Usage: python3 scripts/bench_flux.py [N ...]   (default: 1000 10000 100000 200000)

For each N, a fresh subprocess generates N passages (varied holders, all three
identification branches), then times:

* build: ``write_flux`` streamed into a temporary file;
* check_flux: the business rules on the objects;
* check_xml: the file checked by path (streamed schema validation + rules);

and reports its peak memory (ru_maxrss). Another subprocess measures the floor:
lxml alone parsing and schema-validating the same file (``etree.parse`` +
``XMLSchema.validate`` with the project's XSD). Figures are passages per second;
"ratio" is (build + check_flux) time over the floor time, "ratio xml" is
(build + check_xml) over the floor.
"""

import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_COUNTS = (1_000, 10_000, 100_000, 200_000)


def synthetic_flux(count: int):
    """A 1.1.5 flux of ``count`` realistic passages over three certifications."""
    from flux import (  # noqa: PLC0415
        Certification,
        Certifier,
        Flux,
        Holder,
        NationalId,
        Passage,
        Registration,
        TrainingFile,
    )

    issue = date.today() - timedelta(days=30)
    certifications = [
        Certification("RNCP", "RNCP12345", [], "CERTIFICATEUR"),
        Certification("RNCP", "RNCP34567", [], "CERTIFICATEUR"),
        Certification("RS", "RS1234", [], "CERTIFICATEUR"),
    ]
    first_names = ("Jean", "Marie-Hélène", "Éloïse", "Noël", "François", "Zoé")
    last_names = ("Dupont", "D'Alembert", "Le Goff", "Müller-Schmidt", "N'Diaye")
    for index in range(count):
        branch = index % 10
        if branch < 8:
            holder = Holder(
                birth_name=last_names[index % 5],
                first_name=first_names[index % 6],
                sex="MF"[index % 2],
                birth_year=1960 + index % 45,
                birth_month=1 + index % 12,
                birth_day=1 + index % 28,
                usage_name=None if index % 3 else "Martin",
                birth_insee_code="99109" if branch == 7 else f"{75001 + index % 20}",
            )
        elif branch == 8:
            holder = TrainingFile(f"{index:013d}", last_names[index % 5], "Jean")
        else:
            holder = NationalId(
                f"1{index % 100:02d}0175056{index % 1000:03d}", "Dupont"
            )
        passage = Passage(
            technical_id=f"BENCH-{index:09d}",
            holder=holder,
            obtention="PAR_ADMISSION",
            certified=True,
            validity_start=issue,
            exam_start=issue - timedelta(days=10),
            exam_end=issue - timedelta(days=9),
            exam_mode="EN_PRESENTIEL",
            honours=None if index % 4 else "MENTION_BIEN",
            registration=Registration(
                "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION",
                initiative="CERTIFIE",
            ),
        )
        certifications[index % 3].passages.append(passage)
    return Flux(
        "12ABC345",
        Certifier("12ABC345", "MCFCER000123", certifications),
        timestamp=datetime.now(),
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_engine(count: int, path: str) -> dict:
    from flux import check_flux, check_xml, write_flux  # noqa: PLC0415

    run = synthetic_flux(count)
    start = time.perf_counter()
    with open(path, "wb") as output:
        write_flux(run, output)
    build = time.perf_counter() - start
    start = time.perf_counter()
    object_problems = check_flux(run)
    check_objects = time.perf_counter() - start
    del run
    start = time.perf_counter()
    xml_problems = check_xml(path, "1.1.5")
    check_file = time.perf_counter() - start
    assert not object_problems and not xml_problems, (object_problems or xml_problems)[
        :3
    ]
    return {
        "build": build,
        "check_flux": check_objects,
        "check_xml": check_file,
        "rss": peak_rss_mb(),
        "size": Path(path).stat().st_size / 1024 / 1024,
    }


def child_floor(path: str) -> dict:
    from lxml import etree  # noqa: PLC0415

    from flux import load_schema  # noqa: PLC0415

    schema = load_schema("1.1.5")
    start = time.perf_counter()
    valid = schema.validate(etree.parse(path))
    floor = time.perf_counter() - start
    assert valid
    return {"floor": floor, "floor_rss": peak_rss_mb()}


def run_child(*arguments: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", *arguments],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(counts) -> None:
    header = (
        f"{'passages':>9} {'MB':>7} {'build/s':>9} {'check_flux/s':>13} "
        f"{'check_xml/s':>12} {'floor/s':>9} {'ratio':>6} {'ratio xml':>9} "
        f"{'peak MB':>8} {'floor MB':>9}"
    )
    print(header)
    for count in counts:
        with tempfile.TemporaryDirectory() as directory:
            path = str(Path(directory) / "bench.xml")
            engine = run_child("engine", str(count), path)
            floor = run_child("floor", path)
        rate = {
            key: count / engine[key] for key in ("build", "check_flux", "check_xml")
        }
        ratio = (engine["build"] + engine["check_flux"]) / floor["floor"]
        ratio_xml = (engine["build"] + engine["check_xml"]) / floor["floor"]
        print(
            f"{count:>9} {engine['size']:>7.1f} {rate['build']:>9.0f} "
            f"{rate['check_flux']:>13.0f} {rate['check_xml']:>12.0f} "
            f"{count / floor['floor']:>9.0f} {ratio:>6.2f} {ratio_xml:>9.2f} "
            f"{engine['rss']:>8.0f} {floor['floor_rss']:>9.0f}",
            flush=True,
        )


if __name__ == "__main__":
    sys.path.insert(0, str(REPO_ROOT))
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind = sys.argv[2]
        if kind == "engine":
            figures = child_engine(int(sys.argv[3]), sys.argv[4])
        else:
            figures = child_floor(sys.argv[3])
        print(json.dumps(figures))
    else:
        main([int(argument) for argument in sys.argv[1:]] or DEFAULT_COUNTS)
