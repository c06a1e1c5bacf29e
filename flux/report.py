"""Read the CDC processing report ("accusé de traitement").

The report looks like::

    <rapport>
      <nomFichier>…</nomFichier> <idFlux>…</idFlux> <idTraitement>…</idTraitement>
      <erreurs><erreur><type>XSD</type><message>…</message><ligne>1</ligne>
        <colonne>18</colonne></erreur></erreurs>
      <PassagesKO><passage><idTechnique>…</idTechnique>
        <messageErreur>…</messageErreur></passage></PassagesKO>
      <PassagesOK><idTechnique>…</idTechnique></PassagesOK>
    </rapport>

Tag case is ignored, ``nomFichier`` and ``idFlux`` may be missing. The parser never
resolves entities, loads a DTD or uses the network, and a report containing a
DOCTYPE or an ENTITY declaration is refused (:class:`ReportError`).

:func:`parse_report` returns a :class:`Report`; each passage gets a
:class:`PassageResult` whose ``category`` classifies the CDC message (see
:data:`CATEGORIES`), with a French explanation of the cause and of the fix.
:func:`locate_line` maps an XSD-stage error line back to the passage and element
of the file that was deposited.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from .dictionary import label_for
from .errors import ReportError

ACCEPTED = "accepted"
ALREADY_ACCEPTED = "already_accepted"
HOLDER_NOT_FOUND = "holder_not_found"
SEVERAL_HOLDERS = "several_holders"
UNKNOWN_CERTIFICATION = "unknown_certification"
DATES = "dates"
UNKNOWN = "unknown"

CATEGORIES = {
    ACCEPTED: "Passage accepté",
    ALREADY_ACCEPTED: "Déjà accepté lors d'un envoi précédent",
    HOLDER_NOT_FOUND: "Aucun titulaire identifié",
    SEVERAL_HOLDERS: "Plusieurs titulaires identifiés",
    UNKNOWN_CERTIFICATION: "Certification inconnue",
    DATES: "Dates incohérentes",
    UNKNOWN: "Erreur non répertoriée",
}

_EXPLANATIONS = {
    ACCEPTED: "Le passage a été accepté par la CDC : ne le renvoyez pas.",
    ALREADY_ACCEPTED: (
        "Ce passage (même ID technique) a déjà été accepté lors d'un envoi "
        "précédent : il est bien enregistré, ne le renvoyez pas."
    ),
    (HOLDER_NOT_FOUND, 1): (
        "Personne ne correspond au nom de naissance, au premier prénom, au sexe et à "
        "l'année de naissance envoyés. Vérifiez le nom de naissance, le premier "
        "prénom, le sexe et l'année de naissance sur une pièce d'état civil, puis "
        "renvoyez le passage dans un nouveau fichier."
    ),
    (HOLDER_NOT_FOUND, 2): (
        "Plusieurs personnes ont le même nom, prénom, sexe et année de naissance, et "
        "aucune n'a le jour et le mois de naissance envoyés. Vérifiez le jour et le "
        "mois de naissance (puis le nom, le prénom, le sexe et l'année) sur une pièce "
        "d'état civil, puis renvoyez le passage."
    ),
    (HOLDER_NOT_FOUND, 3): (
        "Plusieurs personnes ont la même identité et la même date de naissance, et "
        "aucune ne correspond à la commune de naissance ou aux autres données "
        "envoyées. Vérifiez le code INSEE de la commune de naissance (ou du pays, "
        "99xxx), les autres prénoms et le nom d'usage, puis renvoyez le passage."
    ),
    SEVERAL_HOLDERS: (
        "Les données envoyées correspondent à plusieurs personnes. Ajoutez le jour et "
        "le mois de naissance, le code INSEE de la commune de naissance et les "
        "autres prénoms, puis renvoyez le passage."
    ),
    UNKNOWN_CERTIFICATION: (
        "Le code de certification n'existe pas, est mal écrit (sans son préfixe RNCP "
        "ou RS) ou ne correspond pas au type. Vérifiez le code et le type sur France "
        "compétences, puis renvoyez le passage."
    ),
    DATES: (
        "La date de fin de validité (ou de fin d'examen) est antérieure à la date de "
        "début. Corrigez les dates, ou laissez la date de fin vide si la "
        "certification n'expire pas, puis renvoyez le passage."
    ),
    UNKNOWN: (
        "Message non répertorié : lisez-le attentivement, corrigez la donnée "
        "concernée et renvoyez le passage ; si le refus persiste, contactez le "
        "support de la CDC en joignant le fichier et l'accusé de traitement."
    ),
}


def _fold(text: str) -> str:
    """Lower case without accents, spaces collapsed: robust message matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


# (pattern on the folded message, category, level); first match wins.
_CLASSIFIERS = [
    (re.compile(r"existe deja en base"), ALREADY_ACCEPTED, None),
    (
        re.compile(r"aucun titulaire .*criteres obligatoires enrichis"),
        HOLDER_NOT_FOUND,
        2,
    ),
    (re.compile(r"aucun titulaire .*criteres obligatoires"), HOLDER_NOT_FOUND, 1),
    (re.compile(r"aucun titulaire .*criteres de reconciliation"), HOLDER_NOT_FOUND, 3),
    (re.compile(r"plusieurs titulaires"), SEVERAL_HOLDERS, None),
    (re.compile(r"statut de la certification .*est ko"), UNKNOWN_CERTIFICATION, None),
    (re.compile(r"date de fin de validite est inferieure"), DATES, None),
]


def classify_message(message: str | None) -> tuple[str, int | None, str]:
    """``(category, level, French explanation)`` of a CDC ``messageErreur``."""
    folded = _fold(message or "")
    for pattern, category, level in _CLASSIFIERS:
        if pattern.search(folded):
            key = (category, level) if level else category
            return category, level, _EXPLANATIONS[key]
    return UNKNOWN, None, _EXPLANATIONS[UNKNOWN]


@dataclass(frozen=True)
class PassageResult:
    """Outcome of one passage.

    Attributes: technical_id, message (CDC messageErreur, None when accepted),
    category (key of :data:`CATEGORIES`), level (1, 2 or 3 for
    ``holder_not_found``), explanation (French: cause and fix).
    """

    technical_id: str
    message: str | None
    category: str
    level: int | None
    explanation: str

    @property
    def accepted(self) -> bool:
        """True when the passage is stored at the CDC (accepted now or before)."""
        return self.category in (ACCEPTED, ALREADY_ACCEPTED)


@dataclass(frozen=True)
class XsdError:
    """An XSD-stage error of the report: the whole file was refused."""

    type: str | None
    message: str | None
    line: int | None
    column: int | None


@dataclass
class Report:
    """A processing report.

    Attributes: file_name (nomFichier), flux_id (idFlux), processing_id
    (idTraitement), xsd_errors, passages (every :class:`PassageResult`, KO first,
    then OK, in report order).
    """

    file_name: str | None
    flux_id: str | None
    processing_id: str | None
    xsd_errors: list[XsdError] = field(default_factory=list)
    passages: list[PassageResult] = field(default_factory=list)

    @property
    def file_refused(self) -> bool:
        """True when the file was refused at the XSD stage."""
        return bool(self.xsd_errors)

    @property
    def accepted_ids(self) -> list[str]:
        return [p.technical_id for p in self.passages if p.accepted]

    @property
    def rejected(self) -> list[PassageResult]:
        return [p for p in self.passages if not p.accepted]


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(element, name: str):
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _children(element, name: str) -> list:
    return [child for child in element if _local(child.tag) == name]


def _text(element, name: str) -> str | None:
    child = _child(element, name) if element is not None else None
    if child is None or child.text is None:
        return None
    return " ".join(child.text.split()) or None


def _int(element, name: str) -> int | None:
    text = _text(element, name)
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _safe_parse(data: bytes, what: str):
    """Parse untrusted XML: no entity, no DTD, no network; DOCTYPE refused."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if _DECLARATION.search(data) or _DECLARATION.search(
        data.replace(b"\x00", b"")  # UTF-16 text seen as bytes
    ):
        raise ReportError(
            f"{what} contient une déclaration DOCTYPE ou ENTITY : il est refusé par "
            "sécurité. Téléchargez à nouveau l'accusé de traitement depuis le portail "
            "de la CDC."
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ReportError(
            f"{what} n'est pas un fichier XML lisible ({error.msg}) : vérifiez que "
            "c'est bien l'accusé de traitement téléchargé depuis le portail."
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ReportError(
            f"{what} contient une déclaration DOCTYPE : il est refusé par sécurité."
        )
    return root


def parse_report(data: bytes) -> Report:
    """Read a processing report (bytes); raise :class:`ReportError` if unreadable."""
    root = _safe_parse(data, "L'accusé de traitement")
    if _local(root.tag) != "rapport":
        raise ReportError(
            f"Ce fichier n'est pas un accusé de traitement de la CDC (élément racine "
            f"« {etree.QName(root).localname} » au lieu de « rapport »)."
        )
    report = Report(
        file_name=_text(root, "nomfichier"),
        flux_id=_text(root, "idflux"),
        processing_id=_text(root, "idtraitement"),
    )
    for errors in _children(root, "erreurs"):
        for error in _children(errors, "erreur"):
            report.xsd_errors.append(
                XsdError(
                    _text(error, "type"),
                    _text(error, "message"),
                    _int(error, "ligne"),
                    _int(error, "colonne"),
                )
            )
    for rejected in _children(root, "passagesko"):
        for passage in _children(rejected, "passage"):
            message = _text(passage, "messageerreur")
            category, level, explanation = classify_message(message)
            report.passages.append(
                PassageResult(
                    _text(passage, "idtechnique") or "",
                    message,
                    category,
                    level,
                    explanation,
                )
            )
    for accepted in _children(root, "passagesok"):
        for technical_id in _children(accepted, "idtechnique"):
            text = " ".join((technical_id.text or "").split())
            if text:
                report.passages.append(
                    PassageResult(text, None, ACCEPTED, None, _EXPLANATIONS[ACCEPTED])
                )
    return report


@dataclass(frozen=True)
class Location:
    """Where a line of a deposited flux file points.

    Attributes: line, technical_id (idTechnique of the enclosing passage, None in
    the envelope), field (element name), label (French label of the element).
    """

    line: int
    technical_id: str | None
    field: str | None
    label: str | None


_FIRST_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?([\w.-]+)")


def locate_line(flux_data: bytes, line: int) -> Location:
    """Map line ``line`` of the deposited file ``flux_data`` (an XSD-stage error of
    the report) to its passage idTechnique and element.

    Exact for files built by this package (one element per line); for other files
    the first element starting on that line is taken.
    """
    root = _safe_parse(flux_data, "Le fichier déposé")
    lines = flux_data.split(b"\n")
    text = lines[line - 1] if 0 < line <= len(lines) else b""
    tag_match = _FIRST_TAG.search(text)
    element = None
    if tag_match:
        closing, name = tag_match.group(1), tag_match.group(2).decode()
        for candidate in root.iter():
            if (
                not isinstance(candidate.tag, str)
                or _local(candidate.tag) != name.lower()
            ):
                continue
            if candidate.sourceline == line or (
                closing and candidate.sourceline <= line
            ):
                element = candidate
                if not closing:
                    break
            elif candidate.sourceline > line:
                break
    if element is None:
        return Location(line, None, None, None)
    name = etree.QName(element).localname
    parent = element.getparent()
    parent_name = etree.QName(parent).localname if parent is not None else None
    technical_id = None
    for ancestor in [element, *element.iterancestors()]:
        if _local(ancestor.tag) == "passagecertification":
            technical_id = _text(ancestor, "idtechnique")
            break
    return Location(line, technical_id, name, label_for(name, parent_name))
