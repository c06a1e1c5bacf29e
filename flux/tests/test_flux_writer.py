"""FluxWriter (one file streamed passage by passage, within limits) and
FluxChecker (the checker piece by piece) for generations of 200,000 passages in
bounded memory."""

import io
import tracemalloc
from datetime import datetime

import pytest
from flux_samples import TODAY, flux, official_valid, parse, passage, q
from golden_samples import FLUX_ID, SAMPLES

from flux import (
    Certification,
    FluxChecker,
    FluxError,
    FluxWriter,
    InvalidValueError,
    build_flux,
    check_flux,
    check_xml,
    read_passages,
)

TIMESTAMP = datetime(2025, 6, 30, 14, 5, 9)


def writer_for(document, fileobj, **limits):
    certifier = document.certifier
    return FluxWriter(
        fileobj,
        document.sender_id,
        certifier.client_id,
        certifier.contract_id,
        document.version,
        document.action,
        flux_id=document.flux_id,
        timestamp=document.timestamp,
        **limits,
    )


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_same_bytes_as_build_flux(name):
    document = SAMPLES[name]()
    buffer = io.BytesIO()
    with writer_for(document, buffer) as writer:
        for certification, item in document.iter_passages():
            assert writer.add(certification, item)
    assert buffer.getvalue() == build_flux(document)
    assert writer.flux_id == FLUX_ID and writer.passage_count == len(
        list(document.iter_passages())
    )


def certifications(count_a=5, count_b=5):
    first = Certification("RNCP", "RNCP12345", [], "CERTIFICATEUR")
    second = Certification("RS", "RS1234", [])
    return [(first, passage(f"A{i}")) for i in range(count_a)] + [
        (second, passage(f"B{i}")) for i in range(count_b)
    ]


def write_parts(items, **limits):
    """The files written for ``items``, a new writer each time one is full."""
    parts, buffer = [], io.BytesIO()
    writer = FluxWriter(buffer, "12ABC345", "12ABC345", "MCFCER000123", **limits)
    for certification, item in items:
        if not writer.add(certification, item):
            writer.close()
            parts.append(buffer.getvalue())
            buffer = io.BytesIO()
            writer = FluxWriter(
                buffer, "12ABC345", "12ABC345", "MCFCER000123", **limits
            )
            assert writer.add(certification, item)
    writer.close()
    parts.append(buffer.getvalue())
    return parts


def ids(data):
    return [e.text for e in parse(data).iter(q("idTechnique"))]


def test_passage_limit_starts_a_new_file():
    parts = write_parts(certifications(), max_passages=4)
    assert [len(ids(data)) for data in parts] == [4, 4, 2]
    assert [i for data in parts for i in ids(data)] == [
        *(f"A{i}" for i in range(5)),
        *(f"B{i}" for i in range(5)),
    ]
    for data in parts:
        assert official_valid(data, "1.1.5")
        assert check_xml(data, "1.1.5", today=TODAY) == []
    # the certification spanning two files is repeated with its header
    codes = [[e.text for e in parse(data).iter(q("code"))] for data in parts]
    assert codes == [["RNCP12345"], ["RNCP12345", "RS1234"], ["RS1234"]]


@pytest.mark.parametrize("limit", [3_000, 4_000, 7_500])
def test_byte_limit_is_exact(limit):
    parts = write_parts(certifications(10, 10), max_bytes=limit)
    assert len(parts) > 1
    for data in parts:
        assert len(data) <= limit
        assert official_valid(data, "1.1.5")
    # a file is full: the next passage would not have fitted
    assert sum(len(ids(data)) for data in parts) == 20


def test_false_writes_nothing():
    buffer = io.BytesIO()
    writer = FluxWriter(buffer, "12ABC345", "12ABC345", "MCFCER000123", max_passages=1)
    first, second = certifications(2, 0)
    assert writer.add(*first)
    size = writer.size
    assert not writer.add(*second)
    assert writer.size == size and writer.passage_count == 1
    writer.close()
    assert ids(buffer.getvalue()) == ["A0"]


def test_passage_too_large_for_an_empty_file():
    with pytest.raises(FluxError) as raised:
        write_parts(certifications(1, 0), max_bytes=1_000)
    assert raised.value.code == "passage_too_large"


def test_certification_met_again_is_refused():
    items = certifications(2, 2)
    items.append(items[0])
    with pytest.raises(FluxError) as raised:
        write_parts(items)
    assert raised.value.code == "certification_reopened"
    assert "RNCP12345" in str(raised.value)


def test_equal_certifications_are_one_element_even_as_other_objects():
    first = Certification("RNCP", "RNCP12345", [], "CERTIFICATEUR")
    again = Certification("RNCP", "RNCP12345", [], "CERTIFICATEUR")
    (data,) = write_parts([(first, passage("X")), (again, passage("Y"))])
    assert len(list(parse(data).iter(q("certification")))) == 1


def test_build_flux_groups_equal_certifications_as_the_checker_announces():
    document = flux([passage("A")])
    document.certifier.certifications += [
        Certification("RS", "RS1234", [passage("B")]),
        Certification("RNCP", "RNCP12345", [passage("C")], "CERTIFICATEUR"),
    ]
    (problem,) = check_flux(document, today=TODAY)
    assert problem.code == "duplicate_certification" and "regroupés" in problem.message
    data = build_flux(document)
    assert ids(data) == ["A", "C", "B"]
    assert official_valid(data, "1.1.5")


def test_a_failed_block_writes_no_end():
    buffer = io.BytesIO()
    with (
        pytest.raises(InvalidValueError),
        FluxWriter(buffer, "12ABC345", "12ABC345", "MCFCER000123") as writer,
    ):
        writer.add(*certifications(1, 0)[0])
        writer.add(Certification("RS", "RS1", []), passage("BAD", verbatim="\x01"))
    assert b"</cpf:flux>" not in buffer.getvalue()
    assert writer.closed


def test_closing_rules():
    writer = FluxWriter(io.BytesIO(), "12ABC345", "12ABC345", "MCFCER000123")
    with pytest.raises(FluxError, match="aucune certification"):
        writer.close()
    writer.add(*certifications(1, 0)[0])
    writer.close()
    writer.close()  # closing twice is harmless
    with pytest.raises(FluxError) as raised:
        writer.add(*certifications(1, 0)[0])
    assert raised.value.code == "writer_closed"


def test_envelope_values_follow_the_checker():
    with pytest.raises(InvalidValueError) as raised:
        FluxWriter(io.BytesIO(), "12AB\u200bC345", "12ABC345", "MCFCER000123")
    assert raised.value.code == "invisible_in_identifier"
    assert raised.value.params["parent"] == "emetteur"
    with pytest.raises(FluxError):
        FluxWriter(io.BytesIO(), "12ABC345", "12ABC345", None)
    with pytest.raises(FluxError):
        FluxWriter(io.BytesIO(), "1", "1", "1", "1.1.2", "SUPPRESSION")


def test_streaming_keeps_memory_flat(tmp_path):
    """8,000 passages streamed into a file: memory is that of one chunk, not of
    the file (about 10 MB)."""
    certification = Certification("RNCP", "RNCP12345", [], "CERTIFICATEUR")
    template = passage("T")
    path = tmp_path / "big.xml"
    tracemalloc.start()
    with (
        path.open("wb") as output,
        FluxWriter(output, "12ABC345", "12ABC345", "MCFCER000123") as writer,
    ):
        for index in range(8_000):
            template.technical_id = f"ID-{index:08d}"
            assert writer.add(certification, template)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert path.stat().st_size > 8 * 1024 * 1024
    assert peak < 4 * 1024 * 1024, peak
    read = read_passages(path, technical_ids=["ID-00007999"])
    assert list(read) == ["ID-00007999"]


def test_incremental_checker_finds_what_check_flux_finds():
    document = flux([passage("A"), passage("A", exam_end=datetime(2025, 1, 1).date())])
    document.certifier.certifications.append(Certification("RS", "RNCP1", []))
    whole = check_flux(document, known_ids={"X"}, today=TODAY)
    checker = FluxChecker("1.1.5", "CREATION", known_ids={"X"}, today=TODAY)
    found = checker.check_envelope(
        document.sender_id,
        document.certifier.client_id,
        document.certifier.contract_id,
        document.flux_id,
        document.timestamp,
    )
    for certification in document.certifier.certifications:
        found += checker.check_certification(certification)
        for item in certification.passages:
            found += checker.check_passage(item)
    found += checker.finish()
    assert found == whole
    assert {p.code for p in whole} >= {
        "duplicate_technical_id",
        "exam_dates_order",
        "certification_type_mismatch",
        "no_passage",
    }


def test_incremental_checker_refuses_an_unknown_version():
    with pytest.raises(ValueError):
        FluxChecker("2.0")
    assert [p.code for p in check_flux(flux(version="2.0"))] == ["unsupported_version"]
