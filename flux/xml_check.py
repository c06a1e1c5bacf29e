"""Check an XML flux file: well-formedness, schema, then the business rules of
:mod:`.checker`, in one streamed pass.

:func:`check_xml` reads the file once with :class:`flux.xml_parse.SecureReader`
(no DTD, no entity, no network, libxml2's limits kept; memory flat: what was
read is freed) and validates it piece by piece with the project's own XSD
(:func:`flux.schemas.fragment_schema`): the passages by batches of
:data:`_BATCH_SIZE` (each passage, read when it ends, is moved out of the
document into the batch; one validation for many passages costs less than one
each), each certification's header when it ends, the envelope at the end.
Together the pieces give the verdict of the whole schema, with a line number
for every error. The business rules then run on every passage the schema
accepts, read back into a :class:`flux.model.Passage` (a passage the schema
refuses gets its schema errors only: fix them first).

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

from .checker import ERROR, WARNING, FluxChecker, Problem
from .dictionary import NAMESPACE, SCHEMA_VERSIONS, find_node
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
    text_of,
)
from .xml_parse import (
    move_out as _move,
)

_EVENT_TAGS = (PASSAGE_TAG, CERTIFICATION_TAG, ACTION_TAG)
# Passages validated at once (their memory is held until then).
_BATCH_SIZE = 500


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
                "xml_too_large", {"size": too_large.size, "max": too_large.limit}
            )
        ]


class _ActionChanged(Exception):
    """The ``action`` element came after passages checked under another action."""

    def __init__(self, action: str):
        super().__init__(action)
        self.action = action


def _syntax_problem(error) -> Problem:
    line = _line_of(error)
    if isinstance(error, EndOfInputError):
        reason = "reason_xml_empty" if error.empty else "reason_xml_truncated"
        detail = error.message
    else:
        empty = error.code == _DOCUMENT_EMPTY
        reason = "reason_xml_empty" if empty else "reason_xml_syntax"
        detail = error.msg
    params = {"reason": reason, "line": line, "detail": quoted(detail, 200)}
    return _file_problem("xml_syntax", params, line)


_DOCUMENT_EMPTY = 4  # libxml2's XML_ERR_DOCUMENT_EMPTY


def _line_of(error) -> int | None:
    if isinstance(error, EndOfInputError):
        return error.line
    return error.lineno or None


def _file_problem(code: str, params=None, line=None, severity=ERROR) -> Problem:
    return Problem(None, None, "flux", None, None, severity, code, line, params or {})


class _XmlRules(FluxChecker):
    """The business rules on values read from an XML file the schema accepted:
    the facets the schema enforces are not checked again, and whitespace or
    invisible characters are errors (they are in the data) instead of warnings
    (the builder removes them from objects)."""

    from_xml = True


class _XmlCheck:
    """One streamed pass over a file (see the module docstring)."""

    def __init__(self, version, action, known_ids, today, head: bytes):
        self.version = version
        self.head = head
        self.rules = _XmlRules(version, action, known_ids, today)
        self.passage_schema = fragment_schema(version, "passage")
        self.batch_schema = fragment_schema(version, "passages")
        self.certification_schema = fragment_schema(version, "certification")
        self.envelope_schema = fragment_schema(version, "envelope")
        self.problems: list[Problem] = []
        self.schema_errors = 0
        self.passages_seen = 0
        self.prolog_checked = False
        self.kept: dict = {}
        # Passages read, waiting for their schema validation (by batches: one
        # validation of many passages costs less than one each), and the element
        # they are moved into, out of the document being parsed.
        self.pending: list[tuple] = []
        self.batch = etree.Element(PASSAGES_TAG, nsmap={"cpf": NAMESPACE})

    # -- the pass -------------------------------------------------------------------

    def run(self, stream: BinaryIO) -> list[Problem]:
        reader = SecureReader(stream, _EVENT_TAGS)
        try:
            return self._run(reader)
        except (etree.XMLSyntaxError, EndOfInputError) as error:
            # A document that declares entities may fail on them (an entity loop)
            # before its root is seen: it is refused for its DOCTYPE.
            if not self.prolog_checked and starts_with_doctype(stream, reader.start):
                return [_file_problem("xml_doctype")]
            return [_syntax_problem(error), *self.problems]
        except UnreadableEncoding as error:
            return [_file_problem("xml_encoding", {"encoding": str(error)}, 1)]

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
        self._flush()
        self._envelope(root)
        return self.problems

    def _prolog(self, root) -> bool:
        """Check the prolog on the parsed document, before anything else is read;
        True when the file is refused."""
        self.prolog_checked = True
        if has_declarations(root):
            self.problems = [_file_problem("xml_doctype")]
            return True
        issue = declaration_issue(self.head, root)
        docinfo = root.getroottree().docinfo
        if issue == "missing":
            self.problems.append(
                _file_problem("xml_declaration_missing", None, 1, WARNING)
            )
        elif issue == "encoding":
            self.problems.append(
                _file_problem("xml_encoding", {"encoding": quoted(docinfo.encoding)}, 1)
            )
        elif issue == "version":
            self.problems.append(
                _file_problem(
                    "xml_version", {"version": quoted(docinfo.xml_version)}, 1
                )
            )
        return False

    # -- pieces ---------------------------------------------------------------------

    def _passage(self, element) -> None:
        parent = element.getparent()
        if parent is None or parent.tag != PASSAGES_TAG:
            return  # misplaced: the enclosing element's validation reports it
        self.passages_seen += 1
        values, results, ranks = read_values(element)
        self.pending.append((element, passage_from_values(values, results), ranks))
        # The passages before this one were read: into the batch. This one stays
        # until the next ends (the parser may still be writing after it).
        free_before(element, PASSAGE_TAG, self.kept, self.batch)
        if len(self.batch) >= _BATCH_SIZE:
            self._flush(len(self.batch))

    def _flush(self, count: int | None = None) -> None:
        """Validate the first ``count`` passages read (None: all of them, once
        their parents are complete: those still in the document are moved into
        the batch first), then run the business rules on the valid ones."""
        batch = self.batch
        pending = self.pending if count is None else self.pending[:count]
        if not pending:
            return
        if count is None:
            for element, _passage, _ranks in pending:
                if element.getparent() is not batch:
                    _move(element, batch)
        valid = self.batch_schema.validate(batch)
        rules = self.rules
        for element, passage, ranks in pending:
            if not valid and not self._validate(self.passage_schema, element, element):
                continue
            found = rules.check_passage(passage)
            if found:
                self.problems.extend(_with_lines(found, element))
            if ranks != sorted(ranks):
                self.problems.append(_order_problem(element, passage))
        batch.clear()
        del self.pending[: len(pending)]

    def _certification(self, element) -> None:
        parent = element.getparent()
        if parent is None or parent.tag != CERTIFICATIONS_TAG:
            return
        valid = self._validate(self.certification_schema, element, None)
        self._flush()  # its passages (the last ones are moved out only now)
        if valid:
            rules = self.rules
            rules.line = element.sourceline
            values = {LOCAL_NAMES.get(child.tag): text_of(child) for child in element}
            self.problems.extend(
                rules.check_certification(
                    Certification(
                        values.get("type"),
                        values.get("code"),
                        [],
                        values.get("natureDeposant"),
                    )
                )
            )
            rules.line = None
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
        texts: dict[str, tuple[str | None, int]] = {}
        for element in root.iter():
            name = LOCAL_NAMES.get(element.tag)
            if name in ("idFlux", "idClient", "idContrat"):
                parent = LOCAL_NAMES.get(element.getparent().tag)
                key = f"{parent}/{name}" if name == "idClient" else name
                texts.setdefault(key, (text_of(element), element.sourceline))
        rules = self.rules
        for key, (value, line) in texts.items():
            rules.line = line
            if key == "idFlux":
                rules.flux_id(value)
            else:
                parent, _slash, name = key.rpartition("/")
                rules.text(name, value, required=True, parent=parent or None)
        rules.line = None
        self.problems.extend(rules._take())

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
        if not any(p.code == "schema_more" for p in self.problems):
            self.problems.append(
                _file_problem("schema_more", {"max": MAX_SCHEMA_PROBLEMS})
            )


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
    code, params = translate_schema_error(error.type_name, error.message, name)
    if parent_name == "certificateur" and name == "idClient":
        params["parent"] = parent_name
    return Problem(
        technical_id, holder, name, None, None, ERROR, code, error.line, params
    )


def _order_problem(element, passage) -> Problem:
    """The XSD (xsd:all) accepts the elements of a passage in any order; the
    dictionary's order keeps files readable and comparable: a warning."""
    return Problem(
        technical_id=passage.technical_id,
        holder=getattr(passage.holder, "display_name", None) or None,
        field="passageCertification",
        severity=WARNING,
        code="element_order",
        line=element.sourceline,
    )


def _with_lines(problems: list[Problem], passage) -> list[Problem]:
    """The problems found on ``passage``, each at the line of its element."""
    return [
        problem.with_line(
            next(passage.iter(f"{NS}{problem.field}"), passage).sourceline
        )
        for problem in problems
    ]


_VALUE = re.compile(r"[Tt]he value '([^']*)'|'([^']*)' is not a valid value")
_SET = re.compile(r"set \{([^}]*)\}")
_EXPECTED = re.compile(r"Expected is (?:one of )?\( ([^)]*) \)")
_NUMBERS = re.compile(r"'([0-9]+)'")


def _names(listing: str) -> list[str]:
    names = [part.strip().rsplit("}", 1)[-1] for part in listing.split(",")]
    return [name for name in names if name]


def translate_schema_error(  # noqa: PLR0911, PLR0912 (one branch per error type)
    type_name: str, message: str, name: str
) -> tuple[str, dict]:
    """The message code and params of a libxml2 schema error about the element
    ``name``."""
    detail = message.split("': ", 1)[-1]
    value_match = _VALUE.search(detail)
    value = (value_match.group(1) or value_match.group(2)) if value_match else ""
    value = quoted(value)
    numbers = _NUMBERS.findall(detail)
    if type_name == "SCHEMAV_CVC_ENUMERATION_VALID":
        allowed = _SET.search(detail)
        allowed_text = allowed.group(1).replace("'", "") if allowed else ""
        values = [v.strip() for v in allowed_text.split(",") if v.strip()]
        return "schema_enumeration", {"value": value, "values": values}
    if type_name == "SCHEMAV_CVC_MAXLENGTH_VALID" and len(numbers) >= 2:
        return "schema_too_long", {"size": int(numbers[0]), "max": int(numbers[1])}
    if type_name == "SCHEMAV_CVC_MINLENGTH_VALID":
        return "schema_empty", {}
    if type_name == "SCHEMAV_CVC_LENGTH_VALID" and len(numbers) >= 2:
        return "schema_length", {"size": int(numbers[0]), "length": int(numbers[1])}
    if type_name == "SCHEMAV_CVC_PATTERN_VALID":
        return "schema_pattern", {"value": value, "hint": _format_hint(name)}
    if type_name in (
        "SCHEMAV_CVC_MININCLUSIVE_VALID",
        "SCHEMAV_CVC_MAXINCLUSIVE_VALID",
    ):
        return "schema_range", {"value": value}
    if type_name.startswith("SCHEMAV_CVC_DATATYPE_VALID"):
        return "schema_datatype", {"value": value, "hint": _format_hint(name)}
    if type_name == "SCHEMAV_ELEMENT_CONTENT":
        expected = _EXPECTED.search(detail)
        names = _names(expected.group(1)) if expected else []
        if "Missing child element" in detail:
            return "schema_missing_child", {"expected": names}
        if names:
            return "schema_unexpected_expected", {"expected": names}
        return "schema_unexpected", {}
    if type_name == "SCHEMAV_CVC_ELT_1":
        return "schema_root", {"namespace": NAMESPACE}
    if type_name in ("SCHEMAV_CVC_ELT_3_1", "SCHEMAV_CVC_ELT_3_2_1"):
        return "schema_nil_forbidden", {}
    if type_name == "SCHEMAV_CVC_ELT_3_2_2":
        return "schema_nil_with_value", {}
    if "attribute" in detail:
        return "schema_attribute", {}
    return "schema_other", {"detail": quoted(detail, 300)}


def _format_hint(name: str) -> str | None:
    if name == "horodatage":
        return "hint_timestamp"
    if name == "nir":
        return "hint_nir"
    node = find_node(name)
    if node is not None and node.kind == "date":
        return "hint_date"
    return None
