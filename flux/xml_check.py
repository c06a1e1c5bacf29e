"""Check an XML flux file: schema, then the business rules of :mod:`.checker`.

:func:`check_xml` streams the file once through :func:`lxml.etree.iterparse` with
the project's own XSD (validation happens while parsing, memory stays flat: every
passage is freed once read) and runs the business rules on each passage read back
into a :class:`flux.model.Passage` (:func:`passage_from_xml`). Streamed validation
gives no line numbers, so only when the schema refuses the file is it parsed a
second time as a whole to give each schema error its line, its passage
(idTechnique, holder) and the French label of its element.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import BinaryIO

from lxml import etree

from .checker import ERROR, WARNING, Problem, _Checker
from .dictionary import NAMESPACE, SCHEMA_VERSIONS, find_node, label_for, walk
from .model import (
    Certification,
    DigitalLevel,
    DigitalResult,
    Holder,
    NationalId,
    Passage,
    Registration,
    TrainingFile,
)
from .schemas import load_schema

_NS = f"{{{NAMESPACE}}}"
_PASSAGE_TAG = f"{_NS}passageCertification"
_CERTIFICATION_TAG = f"{_NS}certification"
_ACTION_TAG = f"{_NS}action"
# Qualified tag -> local name, for every element of the flux.
_LOCAL_NAMES = {f"{_NS}{node.name}": node.name for _path, node in walk()}
# Rank of each child of a passage in the dictionary's order.
_PASSAGE_CHILD_RANKS = {
    f"{_NS}{child.name}": rank
    for rank, child in enumerate(find_node("passageCertification").children)
}


def _secure_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )


def _read(element) -> tuple[dict[str, str | None], list[dict[str, str | None]]]:
    """Texts of the descendants of ``element`` by local name (names are unique in a
    passage, except inside the repeated DigComp results, returned apart). A nil or
    empty element gives None; a complex element with children gives ""."""
    values: dict[str, str | None] = {}
    results: list[dict[str, str | None]] = []
    local_names = _LOCAL_NAMES
    for descendant in element.iterdescendants():
        name = local_names.get(descendant.tag)
        if name is None:
            continue  # comment, processing instruction or unknown element
        if name == "resultat":
            results.append({})
        elif name in _RESULT_FIELDS and results:
            results[-1][name] = descendant.text
        elif name in _CONTAINERS:
            values[name] = "" if len(descendant) else None
        else:
            values[name] = descendant.text
    return values, results


_RESULT_FIELDS = frozenset({"niveau", "domaineCompetenceId", "competenceId"})
_CONTAINERS = frozenset(node.name for _path, node in walk() if node.kind == "complex")


def _int(values: dict, name: str) -> int | None:
    text = values.get(name)
    if not text:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None  # reported by the schema


def _date(values: dict, name: str) -> date | None:
    text = values.get(name)
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None  # reported by the schema


def _bool(values: dict, name: str) -> bool | None:
    text = values.get(name)
    if not text:
        return None
    return text.strip() in ("true", "1")


def passage_from_xml(element) -> Passage:
    """Read a ``passageCertification`` element back into a :class:`Passage`
    (values as written, surrounding spaces included)."""
    values, results = _read(element)
    get = values.get
    holder = None
    if "titulaire" in values:
        holder = Holder(
            birth_name=get("nomNaissance"),
            first_name=get("prenom1"),
            sex=get("sexe"),
            birth_year=_int(values, "anneeNaissance"),
            birth_month=_int(values, "moisNaissance"),
            birth_day=_int(values, "jourNaissance"),
            usage_name=get("nomUsage"),
            first_name_2=get("prenom2"),
            first_name_3=get("prenom3"),
            birth_insee_code=get("codeInsee"),
            birth_postcode=get("codePostal"),
            birth_commune_name=get("libelleCommuneNaissance"),
            birth_country_code=get("codePaysNaissance"),
            birth_country_name=get("libellePaysNaissance"),
        )
    elif "dossierFormation" in values:
        holder = TrainingFile(
            get("idDossier"), get("nomTitulaire"), get("prenom1Titulaire")
        )
    elif "identifiantNational" in values:
        holder = NationalId(get("nir"), get("nomNaissance"))
    digital = None
    if "niveauNumeriqueEuropeen" in values:
        digital = DigitalLevel(
            _int(values, "scoreGeneral"),
            [
                DigitalResult(
                    _int(result, "niveau"),
                    result.get("domaineCompetenceId"),
                    result.get("competenceId"),
                )
                for result in results
            ],
        )
    registration = None
    if values.get("modalitesInscription") is not None:  # absent or nil: None
        registration = Registration(
            get("modaliteAcces"),
            get("voieAccessVAE"),
            get("initiativeInscription"),
            _date(values, "dateInscription"),
        )
    return Passage(
        technical_id=get("idTechnique"),
        holder=holder,
        obtention=get("obtentionCertification"),
        certified=_bool(values, "donneeCertifiee"),
        validity_start=_date(values, "dateDebutValidite"),
        validity_end=_date(values, "dateFinValidite"),
        exam_start=_date(values, "dateDebutExamen"),
        exam_end=_date(values, "dateFinExamen"),
        exam_mode=get("modalitePassageExamen"),
        exam_center_postcode=get("codePostalCentreExamen"),
        proof_url=get("urlPreuve"),
        option_label=get("libelleOption"),
        language_level=get("niveauLangueEuropeen"),
        digital_level=digital,
        language_level_present=_bool(values, "presenceNiveauLangueEuro"),
        digital_level_present=_bool(values, "presenceNiveauNumeriqueEuro"),
        scoring=get("scoring"),
        honours=get("mentionValidee"),
        registration=registration,
        verbatim=get("verbatim"),
    )


def check_xml(
    data: bytes | str | os.PathLike | BinaryIO,
    version: str,
    known_ids: Iterable[str] = (),
    today: date | None = None,
) -> list[Problem]:
    """Every problem of an XML flux for the schema ``version``: schema errors first
    (with line, idTechnique and French label), then the business rules of
    :func:`flux.check_flux`.

    ``data``: the file as bytes, a path, or a seekable binary file object; give a
    path for big files, memory then stays flat.
    """
    if version not in SCHEMA_VERSIONS:
        raise ValueError(f"unknown schema version {version!r}")
    with _opened(data) as stream:
        head = stream.read(65536)
        stream.seek(0)
        if _DECLARATION.search(head):
            return [
                Problem(
                    None,
                    None,
                    "flux",
                    "Flux",
                    "Le fichier contient une déclaration DOCTYPE ou ENTITY, refusée "
                    "par sécurité : régénérez-le sans DTD.",
                    ERROR,
                    "xml_doctype",
                    None,
                )
            ]
        checker = _Checker(version, "CREATION", known_ids, today, from_xml=True)
        try:
            _stream(stream, version, checker)
        except etree.XMLSyntaxError as error:
            stream.seek(0)
            try:
                schema_problems = _schema_problems(stream, version)
            except etree.XMLSyntaxError as syntax_error:  # not well-formed
                return [_syntax_problem(syntax_error)]
            return (schema_problems or [_syntax_problem(error)]) + checker.problems
        return checker.problems


@contextmanager
def _opened(data):
    """A seekable binary stream over ``data`` (bytes, path or file object)."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        yield io.BytesIO(data)
    elif isinstance(data, (str, os.PathLike)):
        with open(data, "rb") as stream:
            yield stream
    else:
        yield data


_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _syntax_problem(error: etree.XMLSyntaxError) -> Problem:
    line = error.lineno
    return Problem(
        None,
        None,
        "flux",
        "Flux",
        f"Le fichier n'est pas un XML bien formé (ligne {line}) : {error.msg}. "
        "Régénérez-le.",
        ERROR,
        "xml_syntax",
        line,
    )


def _stream(stream: BinaryIO, version: str, checker: _Checker) -> None:
    """One streamed pass: XSD validation by lxml, business rules per passage."""
    events = etree.iterparse(
        stream,
        events=("end",),
        tag=(_PASSAGE_TAG, _CERTIFICATION_TAG, _ACTION_TAG),
        schema=load_schema(version),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
    )
    for _event, element in events:
        tag = element.tag
        if tag == _PASSAGE_TAG:
            before = len(checker.problems)
            passage = passage_from_xml(element)
            checker.passage(passage)
            if len(checker.problems) > before:
                _set_lines(checker.problems, before, element)
            order_problem = _order_problem(element, passage)
            if order_problem:
                checker.problems.append(order_problem)
            # Free what was read: memory stays flat on big files.
            element.clear()
            parent = element.getparent()
            while element.getprevious() is not None:
                del parent[0]
        elif tag == _CERTIFICATION_TAG:
            checker.line = element.sourceline
            values = {_LOCAL_NAMES.get(child.tag): child.text for child in element}
            checker.certification_header(
                Certification(
                    values.get("type"),
                    values.get("code"),
                    [],
                    values.get("natureDeposant"),
                )
            )
            checker.line = None
        elif element.text:
            checker.action = element.text.strip()


def _order_problem(element, passage: Passage) -> Problem | None:
    """The XSD (xsd:all) accepts the elements of a passage in any order; the
    dictionary's order keeps files readable and comparable: a warning."""
    ranks = [_PASSAGE_CHILD_RANKS.get(child.tag, -1) for child in element]
    if ranks == sorted(ranks):
        return None
    return Problem(
        technical_id=passage.technical_id,
        holder=getattr(passage.holder, "display_name", None) or None,
        field="passageCertification",
        label=label_for("passageCertification"),
        message=(
            "Les éléments du passage ne sont pas dans l'ordre du dictionnaire de "
            "la CDC : le schéma l'accepte, mais écrivez-les dans cet ordre pour "
            "des fichiers lisibles et comparables d'un envoi à l'autre."
        ),
        severity=WARNING,
        code="element_order",
        line=element.sourceline,
    )


def _set_lines(problems: list[Problem], start: int, passage) -> None:
    """Give the problems found on ``passage`` the line of their element."""
    for index in range(start, len(problems)):
        problem = problems[index]
        found = next(passage.iter(f"{_NS}{problem.field}"), passage)
        problems[index] = _replace_line(problem, found.sourceline)


def _replace_line(problem: Problem, line: int | None) -> Problem:
    return replace(problem, line=line)


_ELEMENT_IN_MESSAGE = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'")


def _schema_problems(stream: BinaryIO, version: str) -> list[Problem]:
    """Schema errors of the file with line, passage and French label (the file is
    read as a whole: only done when the schema refused it)."""
    tree = etree.parse(stream, _secure_parser())
    schema = load_schema(version)
    schema.validate(tree)
    errors = list(schema.error_log)
    wanted_lines = {error.line for error in errors}
    by_line: dict[int, list] = {}
    for element in tree.iter():
        if isinstance(element.tag, str) and element.sourceline in wanted_lines:
            by_line.setdefault(element.sourceline, []).append(element)
    problems = []
    for error in errors:
        match = _ELEMENT_IN_MESSAGE.search(error.message)
        name = match.group(1) if match else "flux"
        element = next(
            (e for e in by_line.get(error.line, ()) if e.tag.endswith("}" + name)), None
        )
        problems.append(_schema_problem(error, name, element))
    return problems


def _schema_problem(error, name: str, element) -> Problem:
    parent = element.getparent() if element is not None else None
    parent_name = parent.tag.rsplit("}", 1)[-1] if parent is not None else None
    label = label_for(name, parent_name)
    technical_id = holder = None
    passage = None
    if element is not None:
        passage = (
            element
            if element.tag == _PASSAGE_TAG
            else next(element.iterancestors(_PASSAGE_TAG), None)
        )
    if passage is not None:
        read = passage_from_xml(passage)
        technical_id = read.technical_id
        holder = getattr(read.holder, "display_name", None) or None
    return Problem(
        technical_id,
        holder,
        name,
        label,
        translate_schema_error(error.type_name, error.message, label),
        ERROR,
        "schema",
        error.line,
    )


_VALUE = re.compile(r"[Tt]he value '([^']*)'|'([^']*)' is not a valid value")
_SET = re.compile(r"set \{([^}]*)\}")
_EXPECTED = re.compile(r"Expected is (?:one of )?\( ([^)]*) \)")
_NUMBERS = re.compile(r"'(\d+)'")


def _names(listing: str) -> str:
    names = [part.strip().rsplit("}", 1)[-1] for part in listing.split(",")]
    return ", ".join(f"« {label_for(name)} » ({name})" for name in names if name)


def translate_schema_error(  # noqa: PLR0911, PLR0912 (one branch per error type)
    type_name: str, message: str, label: str
) -> str:
    """French text of a libxml2 schema error about the element labelled ``label``."""
    detail = message.split("': ", 1)[-1]
    value_match = _VALUE.search(detail)
    value = (value_match.group(1) or value_match.group(2)) if value_match else ""
    numbers = _NUMBERS.findall(detail)
    if type_name == "SCHEMAV_CVC_ENUMERATION_VALID":
        allowed = _SET.search(detail)
        allowed_text = allowed.group(1).replace("'", "") if allowed else ""
        return (
            f"« {label} » vaut « {value} », qui n'est pas une valeur autorisée "
            f"({allowed_text})."
        )
    if type_name == "SCHEMAV_CVC_MAXLENGTH_VALID" and len(numbers) >= 2:
        return (
            f"« {label} » fait {numbers[0]} caractères pour {numbers[1]} au "
            "maximum : raccourcissez-le."
        )
    if type_name == "SCHEMAV_CVC_MINLENGTH_VALID":
        return (
            f"« {label} » est vide : renseignez-le, ou envoyez "
            'xsi:nil="true" si la donnée est inconnue et que le champ le permet.'
        )
    if type_name == "SCHEMAV_CVC_LENGTH_VALID" and len(numbers) >= 2:
        return (
            f"« {label} » fait {numbers[0]} caractères alors qu'il en faut "
            f"exactement {numbers[1]}."
        )
    if type_name == "SCHEMAV_CVC_PATTERN_VALID":
        return f"« {label} » a un format incorrect (« {value} »)." + _format_hint(label)
    if type_name in (
        "SCHEMAV_CVC_MININCLUSIVE_VALID",
        "SCHEMAV_CVC_MAXINCLUSIVE_VALID",
    ):
        return (
            f"« {label} » vaut {value} : cette valeur est hors des bornes autorisées."
        )
    if type_name.startswith("SCHEMAV_CVC_DATATYPE_VALID"):
        return (
            f"« {label} » a une valeur incorrecte (« {value} ») : vérifiez le "
            "type attendu (date AAAA-MM-JJ qui existe, nombre entier, true ou "
            "false)." + _format_hint(label)
        )
    if type_name == "SCHEMAV_ELEMENT_CONTENT":
        expected = _EXPECTED.search(detail)
        expected_text = _names(expected.group(1)) if expected else ""
        if "Missing child element" in detail:
            return f"Il manque un élément dans « {label} » : {expected_text} attendu."
        return (
            f"L'élément « {label} » n'est pas attendu à cet endroit (inconnu, en "
            "double, mal placé ou réservé à une autre version du schéma)."
            + (f" Attendu : {expected_text}." if expected_text else "")
        )
    if type_name == "SCHEMAV_CVC_ELT_1":
        return (
            "L'élément racine n'est pas cpf:flux dans l'espace de noms "
            f"{NAMESPACE} : vérifiez l'espace de noms du fichier."
        )
    if type_name in ("SCHEMAV_CVC_ELT_3_1", "SCHEMAV_CVC_ELT_3_2_1"):
        return f"« {label} » ne peut pas être envoyé vide (nil) : renseignez-le."
    if type_name == "SCHEMAV_CVC_ELT_3_2_2":
        return (
            f"« {label} » est marqué nil mais contient une valeur : retirez "
            "l'une ou l'autre."
        )
    if "attribute" in detail:
        return (
            f"« {label} » porte un attribut non autorisé : seul "
            'xsi:nil="true" est permis, et seulement sur les champs qui '
            "l'acceptent."
        )
    return f"« {label} » est refusé par le schéma XSD : {detail}"


def _format_hint(label: str) -> str:
    if label == label_for("horodatage"):
        return (
            " Format attendu : AAAA-MM-JJTHH:MM:SS+HH:MM (décalage horaire "
            "explicite, sans millisecondes ni « Z »)."
        )
    if label == label_for("nir"):
        return " Le NIR s'écrit sur 13 caractères, sans la clé, et commence par 1 ou 2."
    if label.startswith("Date"):
        return " Format attendu : AAAA-MM-JJ, entre 1900 et 2099."
    return ""
