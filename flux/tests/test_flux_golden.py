"""The bytes written for given objects do not change: ``golden/`` holds what the
builder wrote before the streaming writer."""

from pathlib import Path

import pytest
from flux_samples import official_valid
from golden_samples import SAMPLES

from flux import build_flux

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_build_flux_writes_the_golden_bytes(name):
    document = SAMPLES[name]()
    data = build_flux(document)
    assert data == (GOLDEN / f"{name}.xml").read_bytes()
    assert official_valid(data, document.version)
