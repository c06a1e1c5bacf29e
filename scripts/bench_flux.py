"""Benchmark of the flux engine: build and check N synthetic passages.

Usage: python3 scripts/bench_flux.py [N ...]   (default: 1000 10000 100000 200000)

For each N, fresh subprocesses generate N passages (varied holders, all three
identification branches) and measure, in CPU seconds (``time.process_time``:
other work on the machine does not count) and peak memory (ru_maxrss):

* objects (the wizard's path today: every passage in memory as a ``Flux``):
  ``build``: the files written with ``FluxWriter`` (a new file when one reaches
  the CDC's 200 MB); ``check_flux``: the business rules on the objects;
  ``check_xml``: each file checked by path (streamed schema validation, then
  every rule again from the XML);
* stream (a generation of any size in bounded memory): the passages are made
  one at a time, each checked with ``FluxChecker.check_passage`` and written
  with ``FluxWriter.add`` (the time to make them is measured apart and not
  counted), then the files are checked with ``check_xml``;
* floor: lxml alone parsing and schema-validating the same files
  (``etree.parse`` + ``XMLSchema.validate`` with the project's XSD).

Figures are passages per second; "ratio" is (build + check_flux) over the
floor, "ratio xml" (build + check_xml) over the floor, "all" (build + both
checks) over the floor, "stream" (check and write one at a time, then
check_xml) over the floor.
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
ENVELOPE = ("12ABC345", "12ABC345", "MCFCER000123")


def synthetic_passages(count: int):
    """Yield ``(certification, passage)``: ``count`` realistic passages over three
    certifications, each certification's passages together."""
    from flux import (  # noqa: PLC0415
        Certification,
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
    bounds = [count * part // 3 for part in range(4)]
    for part, certification in enumerate(certifications):
        for index in range(bounds[part], bounds[part + 1]):
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
                    birth_insee_code="99109"
                    if branch == 7
                    else f"{75001 + index % 20}",
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
            yield certification, passage


def synthetic_flux(count: int):
    """A 1.1.5 flux of ``count`` realistic passages over three certifications."""
    from flux import Certifier, Flux  # noqa: PLC0415

    certifications = []
    for certification, passage in synthetic_passages(count):
        if not certifications or certifications[-1] is not certification:
            certifications.append(certification)
        certification.passages.append(passage)
    return Flux(ENVELOPE[0], Certifier(*ENVELOPE[1:], certifications))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_parts(items, directory: str, checker=None) -> list[str]:
    """Write ``items`` into files of at most 200 MB; with ``checker``, each passage
    is checked before it is written. Returns the paths."""
    from flux import FluxWriter  # noqa: PLC0415

    paths: list[str] = []
    output = writer = None
    timestamp = datetime.now()

    def open_part():
        nonlocal output, writer
        paths.append(str(Path(directory) / f"part-{len(paths) + 1}.xml"))
        output = open(paths[-1], "wb")
        writer = FluxWriter(output, *ENVELOPE, timestamp=timestamp)

    open_part()
    current = None
    for certification, passage in items:
        if checker is not None:
            if certification is not current:
                current = certification
                assert not checker.check_certification(certification)
            problems = checker.check_passage(passage)
            assert not problems, problems[:3]
        if not writer.add(certification, passage):
            writer.close()
            output.close()
            open_part()
            writer.add(certification, passage)
    writer.close()
    output.close()
    return paths


def child_objects(count: int, directory: str) -> dict:
    from flux import check_flux, check_xml  # noqa: PLC0415

    run = synthetic_flux(count)
    start = time.process_time()
    paths = write_parts(run.iter_passages(), directory)
    build = time.process_time() - start
    start = time.process_time()
    object_problems = check_flux(run)
    check_objects = time.process_time() - start
    del run
    start = time.process_time()
    xml_problems = [problem for path in paths for problem in check_xml(path, "1.1.5")]
    check_file = time.process_time() - start
    assert not object_problems and not xml_problems, (object_problems or xml_problems)[
        :3
    ]
    return {
        "build": build,
        "check_flux": check_objects,
        "check_xml": check_file,
        "rss": peak_rss_mb(),
        "size": sum(Path(path).stat().st_size for path in paths) / 1024 / 1024,
        "paths": paths,
    }


def child_stream(count: int, directory: str) -> dict:
    from flux import FluxChecker, check_xml  # noqa: PLC0415

    start = time.process_time()
    for _item in synthetic_passages(count):
        pass
    making = time.process_time() - start  # the passages themselves: not counted
    checker = FluxChecker("1.1.5")
    start = time.process_time()
    assert not checker.check_envelope(*ENVELOPE)
    paths = write_parts(synthetic_passages(count), directory, checker)
    assert not checker.finish()
    stream = time.process_time() - start - making
    start = time.process_time()
    xml_problems = [problem for path in paths for problem in check_xml(path, "1.1.5")]
    check_file = time.process_time() - start
    assert not xml_problems, xml_problems[:3]
    return {"stream": stream, "check_xml": check_file, "rss": peak_rss_mb()}


def child_floor(paths: list[str]) -> dict:
    from lxml import etree  # noqa: PLC0415

    from flux import load_schema  # noqa: PLC0415

    schema = load_schema("1.1.5")
    floor = 0.0
    for path in paths:
        start = time.process_time()
        valid = schema.validate(etree.parse(path))
        floor += time.process_time() - start
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
        f"{'all':>5} {'peak MB':>8} {'floor MB':>9} {'stream/s':>9} "
        f"{'stream all':>10} {'stream MB':>9}"
    )
    print(header)
    for count in counts:
        with tempfile.TemporaryDirectory() as directory:
            engine = run_child("objects", str(count), directory)
            floor = run_child("floor", *engine["paths"])
        with tempfile.TemporaryDirectory() as directory:
            stream = run_child("stream", str(count), directory)
        rate = {
            key: count / engine[key] for key in ("build", "check_flux", "check_xml")
        }
        base = floor["floor"]
        ratio = (engine["build"] + engine["check_flux"]) / base
        ratio_xml = (engine["build"] + engine["check_xml"]) / base
        ratio_all = (
            engine["build"] + engine["check_flux"] + engine["check_xml"]
        ) / base
        stream_all = (stream["stream"] + stream["check_xml"]) / base
        print(
            f"{count:>9} {engine['size']:>7.1f} {rate['build']:>9.0f} "
            f"{rate['check_flux']:>13.0f} {rate['check_xml']:>12.0f} "
            f"{count / base:>9.0f} {ratio:>6.2f} {ratio_xml:>9.2f} {ratio_all:>5.2f} "
            f"{engine['rss']:>8.0f} {floor['floor_rss']:>9.0f} "
            f"{count / stream['stream']:>9.0f} {stream_all:>10.2f} "
            f"{stream['rss']:>9.0f}",
            flush=True,
        )


if __name__ == "__main__":
    sys.path.insert(0, str(REPO_ROOT))
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind = sys.argv[2]
        if kind == "objects":
            figures = child_objects(int(sys.argv[3]), sys.argv[4])
        elif kind == "stream":
            figures = child_stream(int(sys.argv[3]), sys.argv[4])
        else:
            figures = child_floor(sys.argv[3:])
        print(json.dumps(figures))
    else:
        main([int(argument) for argument in sys.argv[1:]] or DEFAULT_COUNTS)
