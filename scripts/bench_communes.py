"""Benchmark of the reference of French communes (flux.communes).

Usage: python3 scripts/bench_communes.py [--runs N] [--queries N]

* load: in fresh subprocesses (``--runs``, default 5), the data file read and
  indexed by code and postcode (:meth:`CommuneReference.load`), then the name
  indexes built on first use (first search or label check); min and median,
  and the resident memory after both;
* lookups (one process, ``--queries`` each, default 20 000, seeded sample):
  ``read_code`` on codes of every kind and on postcodes, ``by_postcode``,
  ``check_birthplace`` with a label and a NIR;
* search: ``search`` on prefixes of 3, 5 and 8 characters of commune names,
  whole names with "St" abbreviations, and arrondissement forms.

Latencies are percentiles (p50, p95, p99, max) in microseconds.
"""

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def child_load() -> dict:
    start = time.perf_counter()
    from flux.communes import CommuneReference  # noqa: PLC0415

    imported = time.perf_counter()
    reference = CommuneReference.load()
    loaded = time.perf_counter()
    reference.search("saint etienne")
    named = time.perf_counter()
    return {
        "import": imported - start,
        "load": loaded - imported,
        "names": named - loaded,
        "rows": len(reference.rows),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1e6

    return (
        f"p50 {at(0.50):8.1f}  p95 {at(0.95):8.1f}  p99 {at(0.99):8.1f}  "
        f"max {ordered[-1] * 1e6:9.1f}"
    )


def timed(function, arguments: list) -> list[float]:
    samples = []
    clock = time.perf_counter
    for argument in arguments:
        start = clock()
        function(*argument)
        samples.append(clock() - start)
    return samples


def bench_queries(count: int) -> None:
    from flux.communes import reference  # noqa: PLC0415

    ref = reference()
    ref.search("warm up")
    rng = random.Random(0)
    rows = list(ref.rows)
    current = [row for row in rows if row.is_current]
    postcodes = sorted({code for row in current for code in row.postcodes})

    codes = [(rng.choice(rows).code,) for _ in range(count)]
    typed_postcodes = [(rng.choice(postcodes),) for _ in range(count)]
    checks = []
    for _ in range(count):
        row = rng.choice(current)
        other = rng.choice(current)
        checks.append(
            {
                "insee_code": row.code,
                "commune_label": row.name,
                "nir": f"185{rng.randint(1, 12):02d}{other.code}123",
                "birth_year": 1985,
            }
        )
    prefixes = {
        length: [(rng.choice(current).name[:length],) for _ in range(count // 4)]
        for length in (3, 5, 8)
    }
    names = []
    for _ in range(count // 4):
        name = rng.choice(current).name
        names.append(
            (name.replace("Saint-", "St ").replace("Sainte-", "Ste ").upper(),)
        )
    arrondissements = [
        (f"{city} {number}{suffix}",)
        for city, last in (("Paris", 20), ("Lyon", 9), ("Marseille", 16))
        for number in range(1, last + 1)
        for suffix in ("", "e", "ème arrondissement")
    ]

    def report(label: str, samples: list[float]) -> None:
        print(f"  {label:24}{percentiles(samples)}")

    print(f"lookups ({count} each, microseconds):")
    report("read_code (any kind)", timed(ref.read_code, codes))
    report("read_code (postcodes)", timed(ref.read_code, typed_postcodes))
    report("by_postcode", timed(ref.by_postcode, typed_postcodes))
    samples = []
    for values in checks:
        start = time.perf_counter()
        ref.check_birthplace(**values)
        samples.append(time.perf_counter() - start)
    report("check_birthplace", samples)
    print("search (limit 10, microseconds):")
    for length, queries in prefixes.items():
        report(f"prefix of {length} characters", timed(ref.search, queries))
    report("whole names, St/Ste", timed(ref.search, names))
    report("arrondissements", timed(ref.search, arrondissements))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--queries", type=int, default=20_000)
    parser.add_argument("--child-load", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    sys.path.insert(0, str(REPO_ROOT))
    if arguments.child_load:
        print(json.dumps(child_load()))
        return 0
    loads = []
    for _ in range(arguments.runs):
        result = subprocess.run(
            [sys.executable, __file__, "--child-load"],
            capture_output=True,
            text=True,
            check=True,
        )
        loads.append(json.loads(result.stdout))
    data_file = REPO_ROOT / "flux" / "data" / "fr_communes.tsv.gz"
    print(
        f"data file: {data_file.stat().st_size / 1024:.0f} KiB, {loads[0]['rows']} rows"
    )
    print(f"load ({arguments.runs} fresh processes, milliseconds):")
    for step in ("import", "load", "names"):
        values = [run[step] * 1000 for run in loads]
        median = statistics.median(values)
        print(f"  {step:7} min {min(values):7.1f}  median {median:7.1f}")
    print(f"  resident memory after load and names: {loads[0]['rss_mb']:.0f} MB")
    bench_queries(arguments.queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
