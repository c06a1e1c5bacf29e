"""Verdict parity: the project's own schemas accept and refuse exactly what the
official CDC schemas accept and refuse, on documents derived from the official
examples with one mutation each."""

from collections.abc import Callable

import pytest
from flux_samples import (
    EXAMPLE_CREATION,
    EXAMPLE_SUPPRESSION,
    EXAMPLE_V2,
    NS,
    XSI,
    cdc_bytes,
    first,
    official_valid,
    q,
)
from hostile_corpus import assert_agrees_with_official_xsd
from lxml import etree

from flux import SCHEMA_VERSIONS, load_schema
from flux.dictionary import walk

Mutation = Callable[[etree._Element], None]


def set_text(name: str, value: str, occurrence: int = 0) -> Mutation:
    def mutate(root):
        list(root.iter(q(name)))[occurrence].text = value

    return mutate


def remove(name: str) -> Mutation:
    def mutate(root):
        element = first(root, name)
        element.getparent().remove(element)

    return mutate


def make_nil(name: str, keep_text: bool = False, prefix: bool = True) -> Mutation:
    def mutate(root):
        element = first(root, name)
        if not keep_text:
            element.text = None
            for child in list(element):
                element.remove(child)
        element.set(f"{{{XSI}}}nil" if prefix else "nil", "true")

    return mutate


def empty(name: str) -> Mutation:
    def mutate(root):
        element = first(root, name)
        element.text = None
        for child in list(element):
            element.remove(child)

    return mutate


def add(parent: str, name: str, text: str | None = None, index: int = -1) -> Mutation:
    def mutate(root):
        container = first(root, parent)
        child = etree.Element(q(name))
        child.text = text
        if index < 0:
            container.append(child)
        else:
            container.insert(index, child)

    return mutate


def duplicate(name: str) -> Mutation:
    def mutate(root):
        element = first(root, name)
        element.addnext(etree.fromstring(etree.tostring(element)))

    return mutate


def postal_branch(value: str | None) -> Mutation:
    def mutate(root):
        commune = first(root, "codeCommuneNaissance")
        for child in list(commune):
            commune.remove(child)
        wrapper = etree.SubElement(commune, q("codePostalNaissance"))
        postcode = etree.SubElement(wrapper, q("codePostal"))
        if value is None:
            postcode.set(f"{{{XSI}}}nil", "true")
        else:
            postcode.text = value

    return mutate


def both_birthplaces(root):
    commune = first(root, "codeCommuneNaissance")
    wrapper = etree.SubElement(commune, q("codePostalNaissance"))
    etree.SubElement(wrapper, q("codePostal")).text = "31000"


def two_branches(root):
    identification = first(root, "identificationTitulaire")
    training = etree.SubElement(identification, q("dossierFormation"))
    for name, text in (
        ("idDossier", "1"),
        ("nomTitulaire", "A"),
        ("prenom1Titulaire", "B"),
    ):
        etree.SubElement(training, q(name)).text = text


def national_branch(nir: str) -> Mutation:
    def mutate(root):
        identification = first(root, "identificationTitulaire")
        for child in list(identification):
            identification.remove(child)
        national = etree.SubElement(identification, q("identifiantNational"))
        etree.SubElement(national, q("nir")).text = nir
        etree.SubElement(national, q("nomNaissance")).text = "Dupont"

    return mutate


def move_under(name: str, new_parent: str) -> Mutation:
    def mutate(root):
        element = first(root, name)
        element.getparent().remove(element)
        first(root, new_parent).append(element)

    return mutate


def second_certifier(root):
    certifier = first(root, "certificateur")
    certifier.addnext(etree.fromstring(etree.tostring(certifier)))


def clear_children(name: str) -> Mutation:
    def mutate(root):
        element = first(root, name)
        for child in list(element):
            element.remove(child)

    return mutate


def reverse_children(name: str) -> Mutation:
    def mutate(root):
        element = first(root, name)
        children = list(element)
        for child in children:
            element.remove(child)
        for child in reversed(children):
            element.append(child)

    return mutate


def add_comment(root):
    first(root, "passageCertification").insert(1, etree.Comment(" note "))


def add_action(value: str) -> Mutation:
    return add("flux", "action", value, index=2)


MUTATIONS: dict[str, tuple[str, Mutation]] = {
    # enumerations
    "obtention ADMISSION": (
        EXAMPLE_V2,
        set_text("obtentionCertification", "ADMISSION"),
    ),
    "obtention PAR_SCORING": (
        EXAMPLE_V2,
        set_text("obtentionCertification", "PAR_SCORING"),
    ),
    "nature TIERS_DE_CONFIANCE": (
        EXAMPLE_V2,
        set_text("natureDeposant", "TIERS_DE_CONFIANCE"),
    ),
    "nature TIERS_CONFIANCE": (
        EXAMPLE_V2,
        set_text("natureDeposant", "TIERS_CONFIANCE"),
    ),
    "modaliteAcces parenthèses": (
        EXAMPLE_V2,
        set_text("modaliteAcces", "EQUIVALENCE_(DIPLOME_ETRANGER)"),
    ),
    "modaliteAcces CANDIDAT_LIBRE": (
        EXAMPLE_V2,
        set_text("modaliteAcces", "CANDIDAT_LIBRE"),
    ),
    "sexe H": (EXAMPLE_V2, set_text("sexe", "H")),
    "sexe m": (EXAMPLE_V2, set_text("sexe", "m")),
    "sexe F": (EXAMPLE_V2, set_text("sexe", "F")),
    "donneeCertifiee TRUE": (EXAMPLE_V2, set_text("donneeCertifiee", "TRUE")),
    "donneeCertifiee 1": (EXAMPLE_V2, set_text("donneeCertifiee", "1")),
    "donneeCertifiee 0": (EXAMPLE_V2, set_text("donneeCertifiee", "0")),
    "mention nill": (EXAMPLE_V2, set_text("mentionValidee", "nill")),
    "niveau langue B3": (EXAMPLE_V2, set_text("niveauLangueEuropeen", "B3")),
    "niveau langue INSUFFISANT": (
        EXAMPLE_V2,
        set_text("niveauLangueEuropeen", "INSUFFISANT"),
    ),
    "modalite passage PRESENTIEL": (
        EXAMPLE_V2,
        set_text("modalitePassageExamen", "PRESENTIEL"),
    ),
    "voie VAE": (EXAMPLE_V2, set_text("voieAccessVAE", "VAE")),
    "initiative PE": (EXAMPLE_V2, set_text("initiativeInscription", "PE")),
    "initiative POLE_EMPLOI": (
        EXAMPLE_V2,
        set_text("initiativeInscription", "POLE_EMPLOI"),
    ),
    "action CREATE": (EXAMPLE_CREATION, set_text("action", "CREATE")),
    "action SUPPRESSION": (EXAMPLE_CREATION, set_text("action", "SUPPRESSION")),
    "action empty (default applies)": (EXAMPLE_CREATION, empty("action")),
    "action added to v2": (EXAMPLE_V2, add_action("CREATION")),
    "action nil": (EXAMPLE_CREATION, make_nil("action")),
    # nil and empty tags
    "dateFinValidite empty": (EXAMPLE_V2, empty("dateFinValidite")),
    "scoring empty": (EXAMPLE_V2, empty("scoring")),
    "nomUsage empty": (EXAMPLE_V2, empty("nomUsage")),
    "mentionValidee empty": (EXAMPLE_V2, empty("mentionValidee")),
    "moisNaissance empty": (EXAMPLE_V2, empty("moisNaissance")),
    "nil without xsi prefix": (EXAMPLE_V2, make_nil("scoring", prefix=False)),
    "scoring nil": (EXAMPLE_V2, make_nil("scoring")),
    "mention nil": (EXAMPLE_V2, make_nil("mentionValidee")),
    "nomUsage nil": (EXAMPLE_V2, make_nil("nomUsage")),
    "moisNaissance nil": (EXAMPLE_V2, make_nil("moisNaissance")),
    "jourNaissance nil": (EXAMPLE_V2, make_nil("jourNaissance")),
    "modaliteAcces nil": (EXAMPLE_V2, make_nil("modaliteAcces")),
    "nil on non-nillable dateDebutExamen": (EXAMPLE_V2, make_nil("dateDebutExamen")),
    "nil on non-nillable nomNaissance": (EXAMPLE_V2, make_nil("nomNaissance")),
    "dateDebutValidite nil": (EXAMPLE_V2, make_nil("dateDebutValidite")),
    "modalitesInscription nil": (EXAMPLE_V2, make_nil("modalitesInscription")),
    "modalitesInscription empty": (EXAMPLE_V2, empty("modalitesInscription")),
    "nil with a value": (EXAMPLE_V2, make_nil("dateFinValidite", keep_text=True)),
    "codePostal nil": (EXAMPLE_V2, postal_branch(None)),
    "codePostal 31000": (EXAMPLE_V2, postal_branch("31000")),
    "codePostal empty": (EXAMPLE_V2, postal_branch("")),
    # impossible or out-of-range values
    "date 2020-02-30": (EXAMPLE_V2, set_text("dateDebutExamen", "2020-02-30")),
    "date 2021-02-29": (EXAMPLE_V2, set_text("dateDebutExamen", "2021-02-29")),
    "date 2020-02-29 leap": (EXAMPLE_V2, set_text("dateDebutExamen", "2020-02-29")),
    "date month 13": (EXAMPLE_V2, set_text("dateFinExamen", "2020-13-01")),
    "date year 1899": (EXAMPLE_V2, set_text("dateInscription", "1899-12-31")),
    "date year 2100": (EXAMPLE_V2, set_text("dateInscription", "2100-01-01")),
    "date with offset": (EXAMPLE_V2, set_text("dateInscription", "2019-02-10+01:00")),
    "date dd/mm/yyyy": (EXAMPLE_V2, set_text("dateDebutValidite", "12/12/2020")),
    "moisNaissance 00": (EXAMPLE_V2, set_text("moisNaissance", "00")),
    "moisNaissance 05": (EXAMPLE_V2, set_text("moisNaissance", "05")),
    "moisNaissance 13": (EXAMPLE_V2, set_text("moisNaissance", "13")),
    "moisNaissance +5": (EXAMPLE_V2, set_text("moisNaissance", "+5")),
    "moisNaissance 5.0": (EXAMPLE_V2, set_text("moisNaissance", "5.0")),
    "jourNaissance 31": (EXAMPLE_V2, set_text("jourNaissance", "31")),
    "jourNaissance 32": (EXAMPLE_V2, set_text("jourNaissance", "32")),
    "anneeNaissance 1899": (EXAMPLE_V2, set_text("anneeNaissance", "1899")),
    "anneeNaissance 2099": (EXAMPLE_V2, set_text("anneeNaissance", "2099")),
    "anneeNaissance 2100": (EXAMPLE_V2, set_text("anneeNaissance", "2100")),
    "scoreGeneral 0": (EXAMPLE_V2, set_text("scoreGeneral", "0")),
    "scoreGeneral 1000": (EXAMPLE_V2, set_text("scoreGeneral", "1000")),
    "scoreGeneral 1001": (EXAMPLE_V2, set_text("scoreGeneral", "1001")),
    "niveau 9": (EXAMPLE_V2, set_text("niveau", "9")),
    "niveau 8": (EXAMPLE_V2, set_text("niveau", "8")),
    "niveau 0": (EXAMPLE_V2, set_text("niveau", "0")),
    # timestamps
    "horodatage Z": (EXAMPLE_V2, set_text("horodatage", "2020-12-18T14:24:12Z")),
    "horodatage millis": (
        EXAMPLE_V2,
        set_text("horodatage", "2020-12-18T14:24:12.123+01:00"),
    ),
    "horodatage no offset": (EXAMPLE_V2, set_text("horodatage", "2020-12-18T14:24:12")),
    "horodatage +1:00": (
        EXAMPLE_V2,
        set_text("horodatage", "2021-06-10T17:21:00+1:00"),
    ),
    "horodatage hour 24": (
        EXAMPLE_V2,
        set_text("horodatage", "2020-12-18T24:00:00+01:00"),
    ),
    "horodatage year 1899": (
        EXAMPLE_V2,
        set_text("horodatage", "1899-12-18T14:24:12+01:00"),
    ),
    "horodatage year 2100": (
        EXAMPLE_V2,
        set_text("horodatage", "2100-01-18T14:24:12+01:00"),
    ),
    "horodatage +00:00": (
        EXAMPLE_V2,
        set_text("horodatage", "2020-12-18T14:24:12+00:00"),
    ),
    "horodatage -05:00": (
        EXAMPLE_V2,
        set_text("horodatage", "2020-12-18T14:24:12-05:00"),
    ),
    "horodatage +02:00 summer": (
        EXAMPLE_V2,
        set_text("horodatage", "2024-07-01T14:05:09+02:00"),
    ),
    "horodatage +14:00": (
        EXAMPLE_V2,
        set_text("horodatage", "2020-12-18T14:24:12+14:00"),
    ),
    "horodatage +15:00": (
        EXAMPLE_V2,
        set_text("horodatage", "2020-12-18T14:24:12+15:00"),
    ),
    "horodatage +23:00": (
        EXAMPLE_V2,
        set_text("horodatage", "2020-12-18T14:24:12+23:00"),
    ),
    "horodatage space": (
        EXAMPLE_V2,
        set_text("horodatage", "2020-12-18 14:24:12+01:00"),
    ),
    "horodatage 31 Feb": (
        EXAMPLE_V2,
        set_text("horodatage", "2021-02-31T14:24:12+01:00"),
    ),
    # structure
    "two identification branches": (EXAMPLE_V2, two_branches),
    "both INSEE and postcode": (EXAMPLE_V2, both_birthplaces),
    "codeInsee without wrappers": (EXAMPLE_V2, move_under("codeInsee", "titulaire")),
    "resultat outside resultats": (
        EXAMPLE_V2,
        move_under("resultat", "niveauNumeriqueEuropeen"),
    ),
    "idTechnique under certification": (
        EXAMPLE_V2,
        move_under("idTechnique", "certification"),
    ),
    "two certificateur": (EXAMPLE_V2, second_certifier),
    "empty passageCertifications": (
        EXAMPLE_V2,
        clear_children("passageCertifications"),
    ),
    "empty certifications": (EXAMPLE_V2, clear_children("certifications")),
    "empty resultats": (EXAMPLE_V2, clear_children("resultats")),
    "empty resultat": (EXAMPLE_V2, clear_children("resultat")),
    "empty identificationTitulaire": (
        EXAMPLE_V2,
        clear_children("identificationTitulaire"),
    ),
    "empty niveauNumeriqueEuropeen": (
        EXAMPLE_V2,
        clear_children("niveauNumeriqueEuropeen"),
    ),
    "titre element": (EXAMPLE_V2, add("certification", "titre", "Titre")),
    "unknown element": (EXAMPLE_V2, add("passageCertification", "coucou", "x")),
    "duplicate idTechnique": (EXAMPLE_V2, duplicate("idTechnique")),
    "duplicate sexe": (EXAMPLE_V2, duplicate("sexe")),
    "duplicate resultat": (EXAMPLE_V2, duplicate("resultat")),
    "children reversed (xsd:all)": (
        EXAMPLE_V2,
        reverse_children("passageCertification"),
    ),
    "titulaire reversed": (EXAMPLE_V2, reverse_children("titulaire")),
    "comment in passage": (EXAMPLE_V2, add_comment),
    "commentairesMEN": (EXAMPLE_V2, add("titulaire", "commentairesMEN", "note")),
    "codePaysNaissance 99109": (
        EXAMPLE_V2,
        add("titulaire", "codePaysNaissance", "99109"),
    ),
    "codePaysNaissance 109": (EXAMPLE_V2, add("titulaire", "codePaysNaissance", "109")),
    # 1.1.5-only features
    "identifiantNational": (EXAMPLE_V2, national_branch("1900575056123")),
    "nir 15 characters": (EXAMPLE_CREATION, national_branch("190057505612345")),
    "nir starting with 3": (EXAMPLE_CREATION, national_branch("3900575056123")),
    "nir Corsica 2A": (EXAMPLE_CREATION, national_branch("19005" + "2A" + "056123")),
    "nir Corsica 2b": (EXAMPLE_CREATION, national_branch("19005" + "2b" + "056123")),
    "nir 2C": (EXAMPLE_CREATION, national_branch("19005" + "2C" + "056123")),
    "nir 12 characters": (EXAMPLE_CREATION, national_branch("190057505612")),
    "suppression with passage data": (
        EXAMPLE_SUPPRESSION,
        add("passageCertification", "scoring", "12"),
    ),
    "suppression missing idTechnique": (EXAMPLE_SUPPRESSION, remove("idTechnique")),
}


def _missing(name: str) -> tuple[str, Mutation]:
    return EXAMPLE_V2, remove(name)


for _name in (
    "idFlux",
    "horodatage",
    "emetteur",
    "idClient",
    "idContrat",
    "certifications",
    "type",
    "code",
    "natureDeposant",
    "passageCertifications",
    "idTechnique",
    "urlPreuve",
    "obtentionCertification",
    "donneeCertifiee",
    "dateDebutValidite",
    "dateFinValidite",
    "presenceNiveauLangueEuro",
    "niveauLangueEuropeen",
    "presenceNiveauNumeriqueEuro",
    "niveauNumeriqueEuropeen",
    "scoreGeneral",
    "scoring",
    "mentionValidee",
    "modalitesInscription",
    "modaliteAcces",
    "voieAccessVAE",
    "identificationTitulaire",
    "nomNaissance",
    "nomUsage",
    "prenom1",
    "prenom2",
    "anneeNaissance",
    "moisNaissance",
    "jourNaissance",
    "sexe",
    "codeCommuneNaissance",
    "codeInsee",
    "idDossier",
    "nomTitulaire",
    "prenom1Titulaire",
    "verbatim",
):
    MUTATIONS[f"missing {_name}"] = _missing(_name)


def _length_mutations():
    """For every length-restricted element: at the limit and one over (and one
    under for fixed lengths)."""
    for _path, node in walk():
        limit = node.max_chars
        if limit is None:
            continue
        name = node.name
        sizes = {"at limit": limit, "over limit": limit + 1}
        if node.length is not None and limit > 1:
            sizes["under limit"] = limit - 1
        for what, size in sizes.items():
            value = (
                ("7" * size)
                if name
                in (
                    "competenceId",
                    "domaineCompetenceId",
                    "codeInsee",
                    "codePaysNaissance",
                )
                else ("é" * size)
            )
            yield f"{name} length {what}", _length_mutation(name, value)


def _length_mutation(name: str, value: str) -> tuple[str, Mutation]:
    if name == "codePostal":
        return EXAMPLE_V2, postal_branch(value)
    if name in ("codePaysNaissance", "commentairesMEN"):
        return EXAMPLE_V2, add("titulaire", name, value)
    if name == "nomNaissance":
        return EXAMPLE_V2, set_text(name, value)
    if name == "idClient":
        return EXAMPLE_V2, set_text(name, value, occurrence=1)
    return EXAMPLE_V2, set_text(name, value)


MUTATIONS.update(_length_mutations())
MUTATIONS["emetteur idClient 7"] = (EXAMPLE_V2, set_text("idClient", "1234567"))


def _wrong_namespace(data: bytes) -> bytes:
    return data.replace(NS.encode(), b"urn:cdc:cpf:pc5:schema:0.0.7")


def _global_birth_name_document(_data: bytes) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<cpf:nomNaissance xmlns:cpf="{NS}">Dupont</cpf:nomNaissance>'
    ).encode()


RAW_MUTATIONS = {
    "wrong namespace version": (EXAMPLE_V2, _wrong_namespace),
    "document made of the global nomNaissance": (
        EXAMPLE_V2,
        _global_birth_name_document,
    ),
}


def mutated(example: str, mutation: Mutation) -> bytes:
    root = etree.fromstring(cdc_bytes(example))
    mutation(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _own_valid(data: bytes, version: str) -> bool:
    return load_schema(version).validate(etree.fromstring(data))


def test_corpus_is_large_enough():
    assert len(MUTATIONS) + len(RAW_MUTATIONS) >= 100


@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
@pytest.mark.parametrize("mutation_name", sorted(MUTATIONS))
def test_same_verdict_as_official_schema(mutation_name, version):
    example, mutation = MUTATIONS[mutation_name]
    data = mutated(example, mutation)
    assert _own_valid(data, version) == official_valid(data, version)


@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
@pytest.mark.parametrize("mutation_name", sorted(RAW_MUTATIONS))
def test_same_verdict_on_raw_documents(mutation_name, version):
    example, transform = RAW_MUTATIONS[mutation_name]
    data = transform(cdc_bytes(example))
    assert _own_valid(data, version) == official_valid(data, version)


@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
@pytest.mark.parametrize("mutation_name", sorted(MUTATIONS) + sorted(RAW_MUTATIONS))
def test_check_xml_gives_the_official_verdict(mutation_name, version):
    """check_xml validates a file piece by piece while streaming it: its verdict
    is still the official schema's, for every mutation."""
    if mutation_name in MUTATIONS:
        example, mutation = MUTATIONS[mutation_name]
        data = mutated(example, mutation)
    else:
        example, transform = RAW_MUTATIONS[mutation_name]
        data = transform(cdc_bytes(example))
    assert_agrees_with_official_xsd(data, version)


def test_corpus_has_both_verdicts():
    verdicts = {
        official_valid(mutated(example, mutation), version)
        for example, mutation in MUTATIONS.values()
        for version in SCHEMA_VERSIONS
    }
    assert verdicts == {True, False}


def test_global_birth_name_quirk_is_kept():
    data = _global_birth_name_document(b"")
    assert _own_valid(data, "1.1.5") and not _own_valid(data, "1.1.2")
