"""Check an XML flux file: well-formedness, schema, then the business rules of
:mod:`.checker`, in one streamed pass.

:func:`check_xml` reads the file once with :class:`flux.xml_parse.SecureReader`
(no DTD, no entity, no network, libxml2's limits kept; memory flat: what was
read is freed) and validates it piece by piece with the project's own XSD
(:func:`flux.schemas.fragment_schema`): each passage when it ends, each
certification's header when it ends, the envelope at the end. Together the
pieces give the verdict of the whole schema, with a line number for every
error. The business rules then run on every passage the schema accepts, read
back into a :class:`flux.model.Passage` (a passage the schema refuses gets its
schema errors only: fix them first).

Refused before anything is read: a file over :data:`flux.limits.MAX_FLUX_BYTES`
(``xml_too_large``), a DOCTYPE or ENTITY declaration (``xml_doctype``), a file
that is not well-formed XML, empty, or holding no element (``xml_syntax``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import date
from typing import BinaryIO

from lxml import etree

from .checker import ERROR, WARNING, Problem, _Checker
from .dictionary import NAMESPACE, SCHEMA_VERSIONS, label_for
from .limits import MAX_FLUX_BYTES, MAX_SCHEMA_PROBLEMS
from .model import Certification
from .schemas import fragment_schema
from .text import quoted
from .xml_parse import (
    ACTION_TAG,
    CERTIFICATION_TAG,
    CERTIFICATIONS_TAG,
    ID_TAG,
    LOCAL_NAMES,
    NS,
    PASSAGE_TAG,
    PASSAGES_TAG,
    EndOfInputError,
    SecureReader,
    TooLarge,
    UnreadableEncoding,
    child_text,
    declaration_issue,
    free_before,
    has_declarations,
    open_source,
    passage_from_values,
    read_values,
    starts_with_doctype,
)

_EVENT_TAGS = (PASSAGE_TAG, CERTIFICATION_TAG, ACTION_TAG)


def check_xml(
    data: bytes | str | os.PathLike | BinaryIO,
    version: str,
    known_ids: Iterable[str] = (),
    today: date | None = None,
) -> list[Problem]:
    """Every problem of an XML flux for the schema ``version``: file-level and
    schema errors (with line, idTechnique and French label), then the business
    rules of :func:`flux.check_flux`.

    ``data``: the file as bytes, a path, or a seekable binary file object; memory
    stays flat whatever the size. Raises ValueError only for an unknown
    ``version``; everything about the file itself is a :class:`Problem`.
    """
    if version not in SCHEMA_VERSIONS:
        raise ValueError(f"unknown schema version {version!r}")
    known = (
        known_ids if isinstance(known_ids, (set, frozenset)) else set(known_ids or ())
    )
    try:
        with open_source(data, MAX_FLUX_BYTES) as stream:
            start = stream.tell()
            head = stream.read(64)
            action = "CREATION"
            for _attempt in range(2):
                stream.seek(start)
                check = _XmlCheck(version, action, known, today, head)
                try:
                    return check.run(stream)
                except _ActionChanged as changed:
                    action = changed.action  # rules depend on it: start again
            return check.problems  # pragma: no cover (the action is read once)
    except TooLarge as too_large:
        return [
            _file_problem(
                "xml_too_large",
                f"Le fichier fait {too_large.size} octets, plus que les "
                f"{too_large.limit} octets (200 Mo) que la CDC accepte par fichier : "
                "découpez-le en plusieurs fichiers.",
            )
        ]


class _ActionChanged(Exception):
    """The ``action`` element came after passages checked under another action."""

    def __init__(self, action: str):
        super().__init__(action)
        self.action = action


def _syntax_problem(error) -> Problem:
    empty = isinstance(error, etree.XMLSyntaxError) and error.code == _DOCUMENT_EMPTY
    if isinstance(error, EndOfInputError) or empty:
        if empty or error.empty:
            message = (
                "Le fichier ne contient aucun élément XML (vide, ou seulement des "
                "espaces ou la déclaration XML) : régénérez-le."
            )
        else:
            message = (
                f"Le fichier s'arrête avant la fin du document (ligne {error.line} : "
                f"{quoted(error.message, 200)}) : il est tronqué, ou une balise n'est "
                "pas fermée. Régénérez-le."
            )
        return _file_problem("xml_syntax", message, _line_of(error))
    line = error.lineno or None
    return _file_problem(
        "xml_syntax",
        f"Le fichier n'est pas un XML bien formé (ligne {line}) : "
        f"{quoted(error.msg, 200)}. Régénérez-le.",
        line,
    )


_DOCUMENT_EMPTY = 4  # libxml2's XML_ERR_DOCUMENT_EMPTY


def _line_of(error) -> int | None:
    if isinstance(error, EndOfInputError):
        return error.line
    return error.lineno or None


def _doctype_problem() -> Problem:
    return _file_problem(
        "xml_doctype",
        "Le fichier contient une déclaration DOCTYPE ou ENTITY, refusée par "
        "sécurité : régénérez-le sans DTD.",
    )


def _file_problem(code: str, message: str, line=None, severity=ERROR) -> Problem:
    return Problem(None, None, "flux", label_for("flux"), message, severity, code, line)


class _XmlCheck:
    """One streamed pass over a file (see the module docstring)."""

    def __init__(self, version, action, known_ids, today, head: bytes):
        self.version = version
        self.head = head
        self.rules = _Checker(version, action, known_ids, today, from_xml=True)
        self.passage_schema = fragment_schema(version, "passage")
        self.certification_schema = fragment_schema(version, "certification")
        self.envelope_schema = fragment_schema(version, "envelope")
        self.problems: list[Problem] = []
        self.schema_errors = 0
        self.passages_seen = 0
        self.prolog_checked = False
        self.kept: dict = {}

    # -- the pass -------------------------------------------------------------------

    def run(self, stream: BinaryIO) -> list[Problem]:
        reader = SecureReader(stream, _EVENT_TAGS)
        try:
            return self._run(reader)
        except (etree.XMLSyntaxError, EndOfInputError) as error:
            # A document that declares entities may fail on them (an entity loop)
            # before its root is seen: it is refused for its DOCTYPE.
            if not self.prolog_checked and starts_with_doctype(stream, reader.start):
                return [_doctype_problem()]
            return [_syntax_problem(error), *self.problems]
        except UnreadableEncoding as error:
            return [
                _file_problem(
                    "xml_declaration",
                    f"Le fichier est encodé en {error} : la CDC n'accepte que le XML "
                    "1.0 encodé en UTF-8. Régénérez-le.",
                    1,
                )
            ]

    def _run(self, reader: SecureReader) -> list[Problem]:
        for element in reader:
            if not self.prolog_checked and self._prolog(
                element.getroottree().getroot()
            ):
                return self.problems
            tag = element.tag
            if tag == PASSAGE_TAG:
                self._passage(element)
            elif tag == CERTIFICATION_TAG:
                self._certification(element)
            else:
                self._action(element)
        root = reader.root
        if not self.prolog_checked and self._prolog(root):
            return self.problems
        self._envelope(root)
        return self.problems

    def _prolog(self, root) -> bool:
        """Check the prolog on the parsed document, before anything else is read;
        True when the file is refused."""
        self.prolog_checked = True
        if has_declarations(root):
            self.problems = [_doctype_problem()]
            return True
        issue = declaration_issue(self.head, root)
        if issue == "missing":
            self.problems.append(
                _file_problem(
                    "xml_declaration",
                    "Le fichier ne commence pas par la déclaration XML "
                    '<?xml version="1.0" encoding="UTF-8"?> : ajoutez-la, la CDC '
                    "l'attend.",
                    1,
                    WARNING,
                )
            )
        elif issue:
            docinfo = root.getroottree().docinfo
            self.problems.append(
                _file_problem(
                    "xml_declaration",
                    f"Le fichier est en XML {quoted(docinfo.xml_version)}, encodé en "
                    f"{quoted(docinfo.encoding)} : la CDC n'accepte que le XML 1.0 "
                    "encodé en UTF-8. Régénérez-le.",
                    1,
                )
            )
        return False

    # -- pieces ---------------------------------------------------------------------

    def _passage(self, element) -> None:
        parent = element.getparent()
        if parent is None or parent.tag != PASSAGES_TAG:
            return  # misplaced: the enclosing element's validation reports it
        self.passages_seen += 1
        valid = self._validate(self.passage_schema, element, element)
        if valid:
            values, results, ranks = read_values(element)
            passage = passage_from_values(values, results)
            rules = self.rules
            found = rules.problems
            before = len(found)
            rules.passage(passage)
            if len(found) > before:
                _set_lines(found, before, element)
                self.problems.extend(found[before:])
                del found[before:]
            if ranks != sorted(ranks):
                self.problems.append(_order_problem(element, passage))
        free_before(element, PASSAGE_TAG, self.kept)

    def _certification(self, element) -> None:
        parent = element.getparent()
        if parent is None or parent.tag != CERTIFICATIONS_TAG:
            return
        if self._validate(self.certification_schema, element, None):
            rules = self.rules
            rules.line = element.sourceline
            values = {LOCAL_NAMES.get(child.tag): child.text for child in element}
            rules.certification_header(
                Certification(
                    values.get("type"),
                    values.get("code"),
                    [],
                    values.get("natureDeposant"),
                )
            )
            rules.line = None
            self.problems.extend(rules.problems)
            rules.problems.clear()
        for child in element:
            if child.tag == PASSAGES_TAG:
                self.kept.pop(child, None)
        free_before(element, CERTIFICATION_TAG, self.kept)

    def _action(self, element) -> None:
        if element.getparent() is None or element.getparent().getparent() is not None:
            return  # not a child of the root
        action = (element.text or "").strip() or "CREATION"
        if action != self.rules.action:
            if self.passages_seen:
                raise _ActionChanged(action)
            self.rules.action = action

    def _envelope(self, root) -> None:
        if not self._validate(self.envelope_schema, root, None):
            return
        rules = self.rules
        rules.technical_id = rules.holder = None
        found = rules.problems
        for child in root:
            name = LOCAL_NAMES.get(child.tag)
            if name == "idFlux":
                rules.line = child.sourceline
                rules.flux_id(child.text)
            elif name == "emetteur":
                for grandchild in child.iter():
                    leaf = LOCAL_NAMES.get(grandchild.tag)
                    if leaf in ("idClient", "idContrat") and not len(grandchild):
                        parent = grandchild.getparent()
                        parent_name = LOCAL_NAMES.get(parent.tag)
                        rules.line = grandchild.sourceline
                        rules.text(leaf, grandchild.text, label_for(leaf, parent_name))
        rules.line = None
        self.problems.extend(found)
        found.clear()

    # -- schema errors ----------------------------------------------------------------

    def _validate(self, schema: etree.XMLSchema, element, passage) -> bool:
        """Validate ``element`` with ``schema``; report its errors (``passage``: the
        passage element they belong to, if any). True when valid."""
        if schema.validate(element):
            return True
        errors = list(schema.error_log)
        room = MAX_SCHEMA_PROBLEMS - self.schema_errors
        self.schema_errors += len(errors)
        if room <= 0:
            self._note_more()
            return False
        by_line: dict[int, list] = {}
        wanted = {error.line for error in errors[:room]}
        for candidate in element.iter():
            if isinstance(candidate.tag, str) and candidate.sourceline in wanted:
                by_line.setdefault(candidate.sourceline, []).append(candidate)
        technical_id = holder = None
        if passage is not None:
            technical_id = child_text(passage, ID_TAG)
            values, results, _ranks = read_values(passage)
            read = passage_from_values(values, results)
            holder = getattr(read.holder, "display_name", None) or None
        for error in errors[:room]:
            self.problems.append(
                _schema_problem(error, by_line, technical_id, holder, element)
            )
        if len(errors) > room:
            self._note_more()
        return False

    def _note_more(self) -> None:
        more = [p for p in self.problems if p.code == "schema_more"]
        message = (
            f"Le schéma refuse d'autres éléments du fichier (erreurs au-delà des "
            f"{MAX_SCHEMA_PROBLEMS} premières, non listées) : corrigez celles-ci, puis "
            "vérifiez le fichier à nouveau."
        )
        if not more:
            self.problems.append(_file_problem("schema_more", message))


_ELEMENT_IN_MESSAGE = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'")


def _schema_problem(error, by_line, technical_id, holder, validated) -> Problem:
    match = _ELEMENT_IN_MESSAGE.search(error.message)
    name = match.group(1) if match else "flux"
    element = next(
        (e for e in by_line.get(error.line, ()) if e.tag.endswith("}" + name)),
        None,
    )
    if element is None and match is None:
        element = validated
    parent_name = None
    if element is not None:
        parent = element.getparent()
        parent_name = LOCAL_NAMES.get(parent.tag) if parent is not None else None
    label = label_for(name, parent_name)
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


def _order_problem(element, passage) -> Problem:
    """The XSD (xsd:all) accepts the elements of a passage in any order; the
    dictionary's order keeps files readable and comparable: a warning."""
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
        found = next(passage.iter(f"{NS}{problem.field}"), passage)
        problems[index] = problem.with_line(found.sourceline)


_VALUE = re.compile(r"[Tt]he value '([^']*)'|'([^']*)' is not a valid value")
_SET = re.compile(r"set \{([^}]*)\}")
_EXPECTED = re.compile(r"Expected is (?:one of )?\( ([^)]*) \)")
_NUMBERS = re.compile(r"'([0-9]+)'")


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
    value = quoted(value)
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
    return f"« {label} » est refusé par le schéma XSD : {quoted(detail, 300)}"


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
