"""Declarative description of the CDC "accrochage certificateur" XML flux.

This module is the single source of truth for the flux: the builder takes tag names
and the nil/omit policy from it, the checker takes French labels, lengths, patterns
and enumerations from it, and :mod:`.schemas` generates the project's own XSD files
(1.1.5 and 1.1.2) from it.

The flux is a tree of :class:`Node`. A node describes one XML element:

* ``name``: local name in the namespace :data:`NAMESPACE`;
* ``label``: French label shown to users ("Nom de naissance"); ``label_en``: the
  English one ("Birth name");
* ``dico_id``: number in the CDC data dictionary (NC5 V22), e.g. ``"8.1"``;
* ``status``: DICO status, one of :data:`OBLIGATOIRE`, :data:`OBLIGATOIRE_SAUF_NIL`,
  :data:`FACULTATIF`, :data:`SOUS_CONDITION` (``""`` for structural wrappers);
* ``kind``: ``"string"``, ``"date"``, ``"dateTime"``, ``"boolean"``, ``"int"``,
  ``"enum"`` (values in :data:`ENUMERATIONS` under ``enum``) or ``"complex"``;
* ``occurs``: per schema version, ``(minOccurs, maxOccurs)``; a version missing
  from the mapping does not have the element (``None`` = unbounded);
* ``nillable``: the versions where ``xsi:nil="true"`` is allowed;
* facets: ``length``, ``min_length``, ``max_length``, ``pattern``, ``min_value``,
  ``max_value``, ``default``;
* ``model`` (complex nodes): ``"all"`` (children in any order, each at most once),
  ``"choice"`` (exactly one child), ``"list"`` (any number of the single child,
  at least one unless the child's minOccurs is 0) or ``"sequence"``;
* ``type_name``: name of the complex type in the generated XSD (anonymous if None);
* ``global_in``: versions where the element is a global declaration referenced
  from its parents (``nomNaissance`` in 1.1.5).

Lookups: :func:`node_at` (by path such as ``"flux/horodatage"``),
:func:`label_for` (label by element name, optionally with its parent name, in
French or English),
:data:`PASSAGE_FIELDS` (the passage's elements by name).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from types import MappingProxyType

NAMESPACE = "urn:cdc:cpf:pc5:schema:1.0.0"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_VERSIONS = ("1.1.5", "1.1.2")
LATEST_VERSION = "1.1.5"

OBLIGATOIRE = "Obligatoire"
OBLIGATOIRE_SAUF_NIL = "Obligatoire (sauf nil)"
FACULTATIF = "Facultatif"
SOUS_CONDITION = "Sous condition"

# Patterns as written in the official XSDs (regular expressions in XSD syntax,
# implicitly anchored). Python's ``re`` reads them the same way with fullmatch.
DATE_PATTERN = "(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])"
# The ":2[0-3]" alternative of the offset hour is a quirk of the official schema,
# kept so that both schemas give the same verdict.
TIMESTAMP_PATTERN = (
    DATE_PATTERN + "T(2[0-3]|[01][0-9]):[0-5][0-9]:[0-5][0-9](\\+|-)(:2[0-3]|[01][0-9])"
    ":[0-5][0-9]"
)
NIR_PATTERN = "[12][0-9]{4}(2[abAB]|[0-9]{2})[0-9]{6}"

ENUMERATIONS: dict[str, tuple[str, ...]] = {
    "action": ("CREATION", "SUPPRESSION"),
    "natureDeposant": ("CERTIFICATEUR", "TIERS_CONFIANCE"),
    "obtentionCertification": ("PAR_ADMISSION", "PAR_SCORING"),
    "modalitePassageExamen": ("A_DISTANCE", "EN_PRESENTIEL", "MIXTE"),
    "niveauCECRL": ("A1", "A2", "B1", "B2", "C1", "C2", "INSUFFISANT"),
    "mention": (
        "SANS_MENTION",
        "MENTION_ASSEZ_BIEN",
        "MENTION_BIEN",
        "MENTION_TRES_BIEN",
        "MENTION_TRES_BIEN_AVEC_FELICITATIONS_DU_JURY",
    ),
    "modaliteAcces": (
        "FORMATION_INITIALE_HORS_APPRENTISSAGE",
        "FORMATION_INITIALE_APPRENTISSAGE",
        "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION",
        "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION",
        "VAE",
        "EQUIVALENCE_DIPLOME_ETRANGER",
        "CANDIDAT_LIBRE",
    ),
    "voieAccesVAE": ("CONGES_VAE", "VAE_CLASSIQUE"),
    "initiativeInscription": ("CERTIFIE", "OF", "POLE_EMPLOI", "EMPLOYEUR", "AUTRE"),
    "genre": ("M", "F"),
}

# Enumerations whose simple type exists only in some versions.
ENUMERATION_VERSIONS: dict[str, tuple[str, ...]] = {"action": ("1.1.5",)}

Occurs = dict[str, tuple[int, int | None]]


def _occurs(min_112: int | None, min_115: int | None, max_occurs: int | None = 1):
    """Occurrence per version; ``None`` as a minimum means "absent in that version".

    Read-only, since the same value is shared by many nodes.
    """
    occurs: Occurs = {}
    if min_115 is not None:
        occurs["1.1.5"] = (min_115, max_occurs)
    if min_112 is not None:
        occurs["1.1.2"] = (min_112, max_occurs)
    return MappingProxyType(occurs)


REQUIRED = _occurs(1, 1)
OPTIONAL = _occurs(0, 0)
NEW_IN_115 = _occurs(None, 0)
REQUIRED_IN_112 = _occurs(1, 0)
BOTH = frozenset(SCHEMA_VERSIONS)
NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Node:
    """One XML element of the flux (see the module docstring)."""

    name: str
    label: str
    label_en: str
    kind: str = "string"
    occurs: Occurs = field(default_factory=lambda: dict(REQUIRED))
    nillable: frozenset[str] = NONE
    status: str = OBLIGATOIRE
    dico_id: str | None = None
    length: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_value: int | None = None
    max_value: int | None = None
    enum: str | None = None
    default: str | None = None
    model: str | None = None
    type_name: str | None = None
    children: tuple[Node, ...] = ()
    global_in: frozenset[str] = NONE
    meaning: str = ""

    def in_version(self, version: str) -> bool:
        return version in self.occurs

    def min_occurs(self, version: str) -> int:
        return self.occurs[version][0]

    def is_nillable(self, version: str) -> bool:
        return version in self.nillable

    @property
    def values(self) -> tuple[str, ...]:
        """Allowed values of an enumeration node (empty for other kinds)."""
        return ENUMERATIONS[self.enum] if self.enum else ()

    @property
    def max_chars(self) -> int | None:
        """Largest number of characters the XSD accepts (None if unrestricted)."""
        return self.length if self.length is not None else self.max_length

    def child(self, name: str) -> Node:
        for child in self.children:
            if child.name == name:
                return child
        raise KeyError(f"{self.name} has no child {name}")


def _text(  # noqa: PLR0917 (the dictionary reads as a table)
    name, label, label_en, max_length, dico_id=None, status=FACULTATIF, **kwargs
):
    """A string element of 1 to ``max_length`` characters."""
    occurs = kwargs.pop("occurs", OPTIONAL if status == FACULTATIF else REQUIRED)
    return Node(
        name,
        label,
        label_en,
        "string",
        occurs=dict(occurs),
        status=status,
        dico_id=dico_id,
        min_length=1,
        max_length=max_length,
        **kwargs,
    )


def _fixed(  # noqa: PLR0917 (the dictionary reads as a table)
    name, label, label_en, length, dico_id=None, status=OBLIGATOIRE, **kwargs
):
    """A string element of exactly ``length`` characters."""
    occurs = kwargs.pop("occurs", OPTIONAL if status == FACULTATIF else REQUIRED)
    return Node(
        name,
        label,
        label_en,
        "string",
        occurs=dict(occurs),
        status=status,
        dico_id=dico_id,
        length=length,
        **kwargs,
    )


def _date(  # noqa: PLR0917 (the dictionary reads as a table)
    name, label, label_en, dico_id, occurs=OPTIONAL, status=FACULTATIF, **kwargs
):
    return Node(
        name,
        label,
        label_en,
        "date",
        occurs=dict(occurs),
        status=status,
        dico_id=dico_id,
        pattern=DATE_PATTERN,
        **kwargs,
    )


def _enum(
    name,
    label,
    label_en,
    enum,
    dico_id=None,
    *,
    occurs=OPTIONAL,
    status=FACULTATIF,
    **kw,
):
    return Node(
        name,
        label,
        label_en,
        "enum",
        occurs=dict(occurs),
        status=status,
        dico_id=dico_id,
        enum=enum,
        **kw,
    )


def _int(  # noqa: PLR0917 (the dictionary reads as a table)
    name,
    label,
    label_en,
    low,
    high,
    dico_id=None,
    *,
    occurs=OPTIONAL,
    status=FACULTATIF,
    **kw,
):
    return Node(
        name,
        label,
        label_en,
        "int",
        occurs=dict(occurs),
        status=status,
        dico_id=dico_id,
        min_value=low,
        max_value=high,
        **kw,
    )


def _bool(  # noqa: PLR0917 (the dictionary reads as a table)
    name, label, label_en, dico_id, occurs=REQUIRED_IN_112, status=OBLIGATOIRE
):
    return Node(
        name,
        label,
        label_en,
        "boolean",
        occurs=dict(occurs),
        status=status,
        dico_id=dico_id,
    )


def _complex(
    name, label, label_en, model, children, *, occurs=REQUIRED, type_name=None, **kw
):
    return Node(
        name,
        label,
        label_en,
        "complex",
        occurs=dict(occurs),
        status=kw.pop("status", ""),
        model=model,
        type_name=type_name,
        children=tuple(children),
        **kw,
    )


# --- Bloc 8, 9 and identifiantNational: holder identification -------------------

BIRTH_NAME = _text(
    "nomNaissance",
    "Nom de naissance",
    "Birth name",
    60,
    "8.1",
    OBLIGATOIRE,
    global_in=frozenset({"1.1.5"}),
    meaning="Nom patronymique, tel qu'il figure sur l'acte de naissance.",
)

TITULAIRE = _complex(
    "titulaire",
    "Titulaire (état civil)",
    "Holder (civil status)",
    "all",
    [
        BIRTH_NAME,
        _text(
            "nomUsage",
            "Nom d'usage",
            "Usage name",
            60,
            "8.2",
            OBLIGATOIRE_SAUF_NIL,
            nillable=BOTH,
        ),
        _text("prenom1", "Premier prénom", "First given name", 60, "8.3", OBLIGATOIRE),
        _text("prenom2", "Deuxième prénom", "Second given name", 60, "8.4"),
        _text("prenom3", "Troisième prénom", "Third given name", 60, "8.5"),
        _int(
            "anneeNaissance",
            "Année de naissance",
            "Birth year",
            1900,
            2099,
            "8.6",
            occurs=REQUIRED,
            status=OBLIGATOIRE,
        ),
        _int(
            "moisNaissance",
            "Mois de naissance",
            "Birth month",
            1,
            12,
            "8.7",
            occurs=REQUIRED,
            status=OBLIGATOIRE_SAUF_NIL,
            nillable=BOTH,
        ),
        _int(
            "jourNaissance",
            "Jour de naissance",
            "Birth day",
            1,
            31,
            "8.8",
            occurs=REQUIRED,
            status=OBLIGATOIRE_SAUF_NIL,
            nillable=BOTH,
        ),
        _enum(
            "sexe", "Sexe", "Sex", "genre", "8.9", occurs=REQUIRED, status=OBLIGATOIRE
        ),
        _complex(
            "codeCommuneNaissance",
            "Commune de naissance",
            "Birth commune",
            "choice",
            [
                _complex(
                    "codeInseeNaissance",
                    "Code INSEE de naissance",
                    "Birth INSEE code",
                    "sequence",
                    [
                        _fixed(
                            "codeInsee",
                            "Code INSEE de la commune (ou du pays) de naissance",
                            "INSEE code of the birth commune (or country)",
                            5,
                            "8.10",
                            SOUS_CONDITION,
                        )
                    ],
                    type_name="codeInsee",
                ),
                _complex(
                    "codePostalNaissance",
                    "Code postal de naissance",
                    "Birth postcode",
                    "sequence",
                    [
                        _text(
                            "codePostal",
                            "Code postal de la commune de naissance",
                            "Postcode of the birth commune",
                            9,
                            "8.11",
                            OBLIGATOIRE_SAUF_NIL,
                            nillable=BOTH,
                        )
                    ],
                    type_name="codePostal",
                ),
            ],
            type_name="codeCommuneNaissance",
        ),
        _text(
            "libelleCommuneNaissance",
            "Libellé de la commune de naissance",
            "Name of the birth commune",
            60,
            "8.12",
        ),
        _fixed(
            "codePaysNaissance",
            "Code du pays de naissance",
            "Birth country code",
            3,
            "8.13",
            FACULTATIF,
        ),
        _text(
            "libellePaysNaissance",
            "Libellé du pays de naissance",
            "Name of the birth country",
            60,
            "8.14",
        ),
        _text("commentairesMEN", "Commentaires MEN", "MEN comments", 250),
    ],
    type_name="titulaire",
)

DOSSIER_FORMATION = _complex(
    "dossierFormation",
    "Dossier de formation CPF",
    "CPF training file",
    "all",
    [
        _text(
            "idDossier",
            "Numéro du dossier CPF",
            "CPF file number",
            13,
            "9.1",
            OBLIGATOIRE,
        ),
        _text(
            "nomTitulaire",
            "Nom du titulaire (dossier CPF)",
            "Holder's name (CPF file)",
            30,
            "9.2",
            OBLIGATOIRE,
        ),
        _text(
            "prenom1Titulaire",
            "Prénom du titulaire (dossier CPF)",
            "Holder's first name (CPF file)",
            20,
            "9.3",
            OBLIGATOIRE,
        ),
    ],
    type_name="dossierFormation",
)

IDENTIFIANT_NATIONAL = _complex(
    "identifiantNational",
    "Identifiant national (NIR)",
    "National identifier (NIR)",
    "all",
    [
        Node(
            "nir",
            "NIR (numéro de sécurité sociale sans la clé)",
            "NIR (social security number without its key)",
            "string",
            pattern=NIR_PATTERN,
        ),
        BIRTH_NAME,
    ],
    occurs=_occurs(None, 1),
    type_name="identifiantNational",
)

IDENTIFICATION = _complex(
    "identificationTitulaire",
    "Identification du titulaire",
    "Holder identification",
    "choice",
    [DOSSIER_FORMATION, TITULAIRE, IDENTIFIANT_NATIONAL],
    type_name="identificationTitulaire",
)

# --- Bloc 6 and 7 ---------------------------------------------------------------

NIVEAU_NUMERIQUE = _complex(
    "niveauNumeriqueEuropeen",
    "Niveau numérique européen (DigComp)",
    "European digital level (DigComp)",
    "all",
    [
        _int(
            "scoreGeneral",
            "Score général DigComp",
            "DigComp overall score",
            1,
            1000,
            "6.1",
        ),
        _complex(
            "resultats",
            "Résultats DigComp",
            "DigComp results",
            "list",
            [
                _complex(
                    "resultat",
                    "Résultat DigComp",
                    "DigComp result",
                    "all",
                    [
                        _int(
                            "niveau",
                            "Niveau obtenu pour la compétence",
                            "Level reached in the competence",
                            1,
                            8,
                            "6.2",
                        ),
                        _fixed(
                            "domaineCompetenceId",
                            "Identifiant du domaine de compétence",
                            "Competence area identifier",
                            1,
                            "6.3",
                            FACULTATIF,
                        ),
                        _fixed(
                            "competenceId",
                            "Identifiant de la compétence",
                            "Competence identifier",
                            1,
                            "6.4",
                            FACULTATIF,
                        ),
                    ],
                    occurs=OPTIONAL,
                    type_name="resultat",
                )
            ],
            occurs=OPTIONAL,
        ),
    ],
    occurs=OPTIONAL,
    type_name="niveauNumeriqueEuropeen",
    status=SOUS_CONDITION,
)

MODALITES_INSCRIPTION = _complex(
    "modalitesInscription",
    "Modalités d'inscription",
    "Registration details",
    "all",
    [
        _enum(
            "modaliteAcces",
            "Modalité d'accès",
            "Access route",
            "modaliteAcces",
            "7.1",
            occurs=REQUIRED,
            status=OBLIGATOIRE_SAUF_NIL,
            nillable=BOTH,
        ),
        _enum("voieAccessVAE", "Voie d'accès VAE", "VAE route", "voieAccesVAE", "7.2"),
        _enum(
            "initiativeInscription",
            "Initiative de l'inscription",
            "Registration initiated by",
            "initiativeInscription",
            "7.3",
        ),
        _date("dateInscription", "Date d'inscription", "Registration date", "7.4"),
    ],
    occurs=REQUIRED_IN_112,
    nillable=frozenset({"1.1.5"}),
    type_name="modalitesInscription",
    # DICO gives no status to the block; under 1.1.5 it is sent as nil when the
    # registration data is unknown, like its mandatory modaliteAcces.
    status=OBLIGATOIRE_SAUF_NIL,
)

# --- Bloc 5: passage ------------------------------------------------------------

PASSAGE = _complex(
    "passageCertification",
    "Passage de certification",
    "Certification passage",
    "all",
    [
        _text(
            "idTechnique",
            "ID technique du passage",
            "Passage technical ID",
            255,
            "5.1",
            OBLIGATOIRE,
        ),
        _text(
            "urlPreuve",
            "Lien vers la preuve numérique de l'obtention",
            "Link to the digital proof",
            255,
            "5.2",
        ),
        _text(
            "libelleOption",
            "Libellé de l'option, de la mention ou de la spécialité",
            "Option, honours or speciality label",
            255,
            "5.3",
        ),
        _enum(
            "obtentionCertification",
            "Obtention par admission ou scoring",
            "Obtained by admission or scoring",
            "obtentionCertification",
            "5.4",
            occurs=REQUIRED_IN_112,
            status=OBLIGATOIRE,
        ),
        _bool(
            "donneeCertifiee",
            "Donnée certifiée (résultat définitif)",
            "Certified data (final result)",
            "5.5",
        ),
        _date("dateDebutExamen", "Date de début de l'examen", "Exam start date", "5.6"),
        _date("dateFinExamen", "Date de fin de l'examen", "Exam end date", "5.7"),
        _enum(
            "modalitePassageExamen",
            "Modalités de passage des examens",
            "Exam mode",
            "modalitePassageExamen",
            "5.8",
        ),
        _text(
            "codePostalCentreExamen",
            "Code postal du centre d'examen principal",
            "Postcode of the main exam centre",
            9,
            "5.9",
        ),
        _date(
            "dateDebutValidite",
            "Date de début de validité",
            "Validity start date",
            "5.10",
            REQUIRED_IN_112,
            OBLIGATOIRE,
            nillable=frozenset({"1.1.5"}),
        ),
        _date(
            "dateFinValidite",
            "Date de fin de validité",
            "Validity end date",
            "5.11",
            REQUIRED_IN_112,
            OBLIGATOIRE_SAUF_NIL,
            nillable=BOTH,
        ),
        _bool(
            "presenceNiveauLangueEuro",
            "Présence du niveau de langue européen",
            "European language level given",
            "5.12",
        ),
        _enum(
            "niveauLangueEuropeen",
            "Niveau de langue européen (CECRL)",
            "European language level (CEFR)",
            "niveauCECRL",
            "5.13",
            status=SOUS_CONDITION,
        ),
        _bool(
            "presenceNiveauNumeriqueEuro",
            "Présence du niveau numérique européen",
            "European digital level given",
            "5.14",
        ),
        NIVEAU_NUMERIQUE,
        _text(
            "scoring",
            "Scoring ou base de notation",
            "Score or marking basis",
            255,
            "5.15",
            OBLIGATOIRE_SAUF_NIL,
            occurs=REQUIRED_IN_112,
            nillable=BOTH,
        ),
        _enum(
            "mentionValidee",
            "Mention validée",
            "Honours obtained",
            "mention",
            "5.16",
            occurs=REQUIRED_IN_112,
            status=OBLIGATOIRE_SAUF_NIL,
            nillable=BOTH,
        ),
        MODALITES_INSCRIPTION,
        IDENTIFICATION,
        _text(
            "verbatim",
            "Verbatim (informations complémentaires)",
            "Verbatim (additional information)",
            255,
            "5.17",
        ),
    ],
    type_name="passageCertification",
)

# --- Blocs 1 to 4: envelope -----------------------------------------------------

CERTIFICATION = _complex(
    "certification",
    "Certification",
    "Certification",
    "all",
    [
        _text(
            "type",
            "Type de certification",
            "Certification type",
            255,
            "4.1",
            OBLIGATOIRE,
        ),
        _text("code", "Code RNCP / RS", "RNCP / RS code", 100, "4.2", OBLIGATOIRE),
        _enum(
            "natureDeposant",
            "Nature du déposant auprès de France compétences",
            "Who registered the certification at France compétences",
            "natureDeposant",
            "4.3",
        ),
        _complex(
            "passageCertifications",
            "Passages de certification",
            "Certification passages",
            "list",
            [PASSAGE],
        ),
    ],
    type_name="certification",
)

CERTIFICATEUR = _complex(
    "certificateur",
    "Certificateur",
    "Certifier",
    "all",
    [
        _fixed(
            "idClient",
            "N° de la fiche client du certificateur",
            "Certifier's client record number",
            8,
            "3.1",
        ),
        _text(
            "idContrat",
            "Numéro de contrat certificateur",
            "Certifier contract number",
            20,
            "3.2",
            OBLIGATOIRE,
        ),
        _complex(
            "certifications",
            "Certifications",
            "Certifications",
            "list",
            [CERTIFICATION],
        ),
    ],
    type_name="certificateur",
)

FLUX = _complex(
    "flux",
    "Flux",
    "File",
    "all",
    [
        _text(
            "idFlux", "Identifiant du flux", "File identifier", 50, "1.1", OBLIGATOIRE
        ),
        Node(
            "horodatage",
            "Horodatage",
            "Timestamp",
            "dateTime",
            dico_id="1.2",
            pattern=TIMESTAMP_PATTERN,
        ),
        _enum(
            "action",
            "Action (création ou suppression)",
            "Action (creation or withdrawal)",
            "action",
            occurs=NEW_IN_115,
            default="CREATION",
        ),
        _complex(
            "emetteur",
            "Émetteur",
            "Sender",
            "all",
            [
                _fixed(
                    "idClient",
                    "N° de la fiche client de l'émetteur",
                    "Sender's client record number",
                    8,
                    "2.1",
                ),
                _complex(
                    "certificateurs",
                    "Certificateurs",
                    "Certifiers",
                    "all",
                    [CERTIFICATEUR],
                    type_name="certificateurs",
                ),
            ],
            type_name="emetteur",
        ),
    ],
    type_name="flux",
)

ROOT = FLUX


def walk(node: Node = ROOT, path: str = "") -> Iterator[tuple[str, Node]]:
    """Yield ``(path, node)`` for every node, depth first, in declaration order."""
    path = f"{path}/{node.name}" if path else node.name
    yield path, node
    for child in node.children:
        yield from walk(child, path)


_BY_PATH: dict[str, Node] = dict(walk())
_PARENT_BY_PATH: dict[str, str] = {}
_BY_PARENT_AND_NAME: dict[tuple[str, str], Node] = {}
_BY_NAME: dict[str, Node] = {}
for _path, _node in _BY_PATH.items():
    _parent = _path.rsplit("/", 2)[-2] if "/" in _path else ""
    _BY_PARENT_AND_NAME[(_parent, _node.name)] = _node
    _BY_NAME.setdefault(_node.name, _node)


def node_at(path: str) -> Node:
    """The node at ``path`` (``"flux/emetteur/idClient"``); KeyError if unknown."""
    return _BY_PATH[path]


def find_node(name: str, parent: str | None = None) -> Node | None:
    """The node named ``name`` (under ``parent`` when given), or None."""
    if parent is not None and (parent, name) in _BY_PARENT_AND_NAME:
        return _BY_PARENT_AND_NAME[(parent, name)]
    return _BY_NAME.get(name)


def label_for(name: str, parent: str | None = None, lang: str = "fr") -> str:
    """Label of the element ``name`` (under ``parent`` when given) in ``lang``
    (French for any code starting with "fr", else English); the name itself if
    unknown."""
    node = find_node(name, parent)
    if node is None:
        return name
    return node.label if str(lang).lower().startswith("fr") else node.label_en


def paths() -> list[str]:
    """Every element path of the flux, in declaration order."""
    return list(_BY_PATH)


# Elements of one passage by local name: names are unique within a passage
# (nomNaissance appears twice with the same definition).
PASSAGE_FIELDS: dict[str, Node] = {
    path_node[1].name: path_node[1] for path_node in walk(PASSAGE)
}
