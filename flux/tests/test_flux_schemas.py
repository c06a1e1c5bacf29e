"""The project's own XSD files: generated from the dictionary, shipped, and
accepting the official CDC examples."""

import pytest
from flux_samples import (
    EXAMPLE_CREATION,
    EXAMPLE_SUPPRESSION,
    EXAMPLE_V2,
    cdc_bytes,
    official_schema,
)
from lxml import etree

from flux import SCHEMA_VERSIONS, generate_xsd, load_schema
from flux.dictionary import (
    BIRTH_NAME,
    ENUMERATIONS,
    FACULTATIF,
    OBLIGATOIRE,
    OBLIGATOIRE_SAUF_NIL,
    SOUS_CONDITION,
    label_for,
    node_at,
    walk,
)
from flux.schemas import schema_path


@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
def test_shipped_xsd_equals_generated(version):
    assert schema_path(version).read_bytes() == generate_xsd(version)


@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
def test_generated_xsd_compiles_and_declares_version(version):
    document = etree.fromstring(generate_xsd(version))
    assert document.get("version") == version
    assert document.get("targetNamespace") == "urn:cdc:cpf:pc5:schema:1.0.0"
    etree.XMLSchema(document)


@pytest.mark.parametrize(
    ("example", "version"),
    [
        (EXAMPLE_CREATION, "1.1.5"),
        (EXAMPLE_SUPPRESSION, "1.1.5"),
        (EXAMPLE_V2, "1.1.2"),
        (EXAMPLE_V2, "1.1.5"),
    ],
)
def test_official_example_valid_against_own_schema(example, version):
    document = etree.fromstring(cdc_bytes(example))
    schema = load_schema(version)
    assert schema.validate(document), schema.error_log
    assert official_schema(version).validate(document)


@pytest.mark.parametrize("example", [EXAMPLE_CREATION, EXAMPLE_SUPPRESSION])
def test_115_examples_refused_by_own_112(example):
    assert not load_schema("1.1.2").validate(etree.fromstring(cdc_bytes(example)))


def test_every_element_has_french_label_and_status():
    statuses = {OBLIGATOIRE, OBLIGATOIRE_SAUF_NIL, FACULTATIF, SOUS_CONDITION, ""}
    for path, node in walk():
        assert node.label and node.label[0].isupper(), path
        assert node.status in statuses, path
        assert node.occurs, path
        if node.kind == "enum":
            assert node.enum in ENUMERATIONS, path


def test_elements_sharing_a_name_share_their_definition():
    """The builder and the checker look elements up by name."""
    by_name = {}
    for path, node in walk():
        if node.kind == "complex":
            continue
        facets = (
            node.kind,
            node.length,
            node.min_length,
            node.max_length,
            node.pattern,
            node.enum,
            node.min_value,
            node.max_value,
        )
        assert by_name.setdefault(node.name, facets) == facets, path


def test_dictionary_records_version_differences():
    passage = (
        "flux/emetteur/certificateurs/certificateur/certifications/"
        "certification/passageCertifications/passageCertification"
    )
    action = node_at("flux/action")
    assert not action.in_version("1.1.2") and action.min_occurs("1.1.5") == 0
    start = node_at(f"{passage}/dateDebutValidite")
    assert start.min_occurs("1.1.2") == 1 and not start.is_nillable("1.1.2")
    assert start.min_occurs("1.1.5") == 0 and start.is_nillable("1.1.5")
    national = node_at(f"{passage}/identificationTitulaire/identifiantNational")
    assert national.occurs == {"1.1.5": (1, 1)}
    assert BIRTH_NAME.global_in == {"1.1.5"}
    assert node_at(f"{passage}/dateFinValidite").status == OBLIGATOIRE_SAUF_NIL


def test_labels():
    assert label_for("nomNaissance") == "Nom de naissance"
    assert label_for("dateDebutValidite") == "Date de début de validité"
    assert label_for("idClient", "certificateur") != label_for("idClient", "emetteur")
    assert label_for("inconnu") == "inconnu"
