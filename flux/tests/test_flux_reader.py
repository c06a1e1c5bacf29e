"""read_passages: the passages of a flux read back, with their certification."""

from dataclasses import replace

import pytest
from flux_samples import (
    EXAMPLE_CREATION,
    cdc_bytes,
    flux,
    full_passage,
    holder,
    national_id,
    official_valid,
    passage,
    training_file,
)

from flux import Certification, FluxError, build_flux, read_passages


def two_certifications():
    document = flux([passage("A"), full_passage("B")])
    document.certifier.certifications.append(
        Certification(
            "RS",
            "RS5218",
            [
                passage("C", holder=national_id()),
                passage("D", holder=training_file()),
            ],
            "CERTIFICATEUR",
        )
    )
    return document


def test_reads_each_passage_with_its_certification():
    read = read_passages(build_flux(two_certifications()))
    assert sorted(read) == ["A", "B", "C", "D"]
    assert read["A"][:2] == ("RNCP", "RNCP12345")
    assert read["B"][:2] == ("RNCP", "RNCP12345")
    assert read["C"][:2] == ("RS", "RS5218")
    assert read["A"][2].holder == holder()
    assert read["B"][2].holder.usage_name == "Martin"
    assert read["B"][2].scoring == "16/20"
    assert read["C"][2].holder.nir == "1900575056123"
    assert read["C"][2].holder.birth_name == "Dupont"
    assert read["D"][2].holder == training_file()


def test_keeps_only_the_wanted_passages():
    data = build_flux(two_certifications())
    assert sorted(read_passages(data, technical_ids=["C", "Z"])) == ["C"]
    assert read_passages(data, technical_ids=[]) == {}


def test_withdrawal_rebuilt_from_the_read_passages_is_valid():
    document = two_certifications()
    read = read_passages(build_flux(document))
    by_code = {}
    for technical_id, (certification_type, code, read_passage) in read.items():
        by_code.setdefault((certification_type, code), []).append(
            replace(read_passage, technical_id=technical_id)
        )
    certifications = [
        Certification(certification_type, code, passages, "CERTIFICATEUR")
        for (certification_type, code), passages in sorted(by_code.items())
    ]
    withdrawal = flux(action="SUPPRESSION")
    withdrawal.certifier.certifications = certifications
    assert official_valid(build_flux(withdrawal), "1.1.5")


def test_reads_an_official_example():
    read = read_passages(cdc_bytes(EXAMPLE_CREATION))
    assert read
    for certification_type, code, read_passage in read.values():
        assert certification_type in ("RNCP", "RS")
        assert code.startswith(certification_type)
        assert read_passage.holder is not None


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>',
        b"<cpf:flux xmlns:cpf='urn:cdc:cpf:pc5:schema:1.0.0'><oops></cpf:flux>",
    ],
)
def test_unsafe_or_broken_file_raises(data):
    with pytest.raises(FluxError):
        read_passages(data)
