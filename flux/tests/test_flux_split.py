"""split_flux: files within the CDC limits, every passage exactly once."""

import functools
import operator

import pytest
from flux_samples import flux, official_valid, parse, passage, q

from flux import Certification, FluxError, build_flux, split_flux


def sample(count=10):
    run = flux([passage(f"A{i}") for i in range(count)])
    run.certifier.certifications.append(
        Certification("RS", "RS1234", [passage(f"B{i}") for i in range(count)])
    )
    return run


def ids(data):
    return [e.text for e in parse(data).iter(q("idTechnique"))]


def test_within_limits_returns_the_flux_unchanged():
    run = sample()
    assert split_flux(run) == [run]


def test_split_by_passage_count():
    run = sample()
    parts = split_flux(run, max_passages=7)
    assert [part.passage_count for part in parts] == [7, 7, 6]
    built = [build_flux(part) for part in parts]
    assert all(official_valid(data, "1.1.5") for data in built)
    assert functools.reduce(operator.iadd, (ids(data) for data in built), []) == [
        p.technical_id for _c, p in run.iter_passages()
    ]
    flux_ids = {part.flux_id for part in parts}
    assert len(flux_ids) == 3 and None not in flux_ids
    # the certification spanning two parts is repeated with its header
    codes = [[c.code for c in part.certifier.certifications] for part in parts]
    assert codes == [["RNCP12345"], ["RNCP12345", "RS1234"], ["RS1234"]]


def test_split_by_size():
    run = sample(20)
    limit = 12_000
    parts = split_flux(run, max_bytes=limit)
    assert len(parts) > 1
    for part in parts:
        data = build_flux(part)
        assert len(data) <= limit
        assert official_valid(data, "1.1.5")
    assert sum(part.passage_count for part in parts) == 40


def test_passage_larger_than_limit():
    with pytest.raises(FluxError, match="ne tient pas"):
        split_flux(sample(1), max_bytes=1500)


def test_invalid_limit():
    with pytest.raises(ValueError):
        split_flux(sample(1), max_passages=0)
