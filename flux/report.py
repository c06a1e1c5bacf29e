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

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from .dictionary import label_for
from .errors import ReportError
from .limits import (
    MAX_FLUX_BYTES,
    MAX_LINE_NUMBER,
    MAX_REPORT_BYTES,
    MAX_REPORT_PASSAGES,
    MAX_REPORT_TEXT_CHARS,
    MAX_REPORT_XSD_ERRORS,
    MAX_TECHNICAL_ID_CHARS,
)
from .messages import render
from .text import quoted
from .xml_parse import (
    CHUNK_BYTES,
    PASSAGE_TAG,
    SECURE_OPTIONS,
    EndOfInputError,
    SecureReader,
    TooLarge,
    UnreadableEncoding,
    has_declarations,
    open_source,
    starts_with_doctype,
)

ACCEPTED = "accepted"
ALREADY_ACCEPTED = "already_accepted"
HOLDER_NOT_FOUND = "holder_not_found"
SEVERAL_HOLDERS = "several_holders"
UNKNOWN_CERTIFICATION = "unknown_certification"
DATES = "dates"
UNKNOWN = "unknown"

_CATEGORY_KEYS = (
    ACCEPTED,
    ALREADY_ACCEPTED,
    HOLDER_NOT_FOUND,
    SEVERAL_HOLDERS,
    UNKNOWN_CERTIFICATION,
    DATES,
    UNKNOWN,
)


@functools.cache
def category_label(category: str, lang: str = "fr") -> str:
    """Short label of a report category (a key of :data:`CATEGORIES`)."""
    return render(f"category_{category}", None, lang)


@functools.cache
def explanation(category: str, level: int | None = None, lang: str = "fr") -> str:
    """Cause and fix of a report category (and level, for holder_not_found)."""
    code = f"explanation_{category}" + (f"_{level}" if level else "")
    return render(code, None, lang)


# French labels of the categories (see category_label for English).
CATEGORIES = {category: category_label(category) for category in _CATEGORY_KEYS}


def _fold(text: str) -> str:
    """Lower case without accents, spaces collapsed: robust message matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


# (words that must appear in this order in the folded message, category,
# level); first match wins. Plain substring searches, one after the other: linear
# in the message (a pattern such as "prefix .*suffix" is quadratic on a long
# message that repeats the prefix).
_CLASSIFIERS = [
    (("existe deja en base",), ALREADY_ACCEPTED, None),
    (("aucun titulaire ", "criteres obligatoires enrichis"), HOLDER_NOT_FOUND, 2),
    (("aucun titulaire ", "criteres obligatoires"), HOLDER_NOT_FOUND, 1),
    (("aucun titulaire ", "criteres de reconciliation"), HOLDER_NOT_FOUND, 3),
    (("plusieurs titulaires",), SEVERAL_HOLDERS, None),
    (("statut de la certification ", "est ko"), UNKNOWN_CERTIFICATION, None),
    (("date de fin de validite est inferieure",), DATES, None),
]


def _in_order(text: str, words: tuple[str, ...]) -> bool:
    position = 0
    for word in words:
        position = text.find(word, position)
        if position < 0:
            return False
        position += len(word)
    return True


def classify_message(message: str | None) -> tuple[str, int | None, str]:
    """``(category, level, French explanation)`` of a CDC ``messageErreur``
    (only its first :data:`flux.limits.MAX_REPORT_TEXT_CHARS` characters are
    read)."""
    folded = _fold((message or "")[:MAX_REPORT_TEXT_CHARS])
    for words, category, level in _CLASSIFIERS:
        if _in_order(folded, words):
            return category, level, explanation(category, level)
    return UNKNOWN, None, explanation(UNKNOWN)


# Categories of a holder the CDC could not identify: the advice depends on the
# identification branch the passage was sent with.
IDENTITY_CATEGORIES = frozenset({HOLDER_NOT_FOUND, SEVERAL_HOLDERS})


def _holder_sent(holder, lang: str) -> str:
    """The civil status of a :class:`flux.Holder` as the CDC received it."""
    if holder.birth_year and holder.birth_month and holder.birth_day:
        birth = render(
            "fragment_birth_date",
            {
                "birth_date": f"{holder.birth_year:04d}-{holder.birth_month:02d}"
                f"-{holder.birth_day:02d}"
            },
            lang,
        )
    else:
        birth = render("fragment_birth_year", {"year": holder.birth_year or ""}, lang)
    if holder.birth_insee_code:
        place = render("fragment_insee", {"code": holder.birth_insee_code}, lang)
    elif holder.birth_postcode:
        place = render("fragment_postcode", {"code": holder.birth_postcode}, lang)
    else:
        place = render("fragment_no_place", None, lang)
    return render(
        "data_sent_holder",
        {
            "birth_name": holder.birth_name or "",
            "first_name": holder.first_name or "",
            "sex": holder.sex or "",
            "birth": birth,
            "place": place,
        },
        lang,
    )


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

    def explain(self, lang: str = "fr", sent=None) -> str:
        """The explanation (cause and fix) in ``lang``. With ``sent``, the
        :class:`flux.Passage` as deposited, the advice about a holder the CDC
        could not identify follows how the holder was identified (NIR, CPF
        file or civil status) and names the data sent."""
        holder = getattr(sent, "holder", None)
        if self.category not in IDENTITY_CATEGORIES or holder is None:
            return explanation(self.category, self.level, lang)
        kind = type(holder).__name__
        if kind == "NationalId":
            return render(
                f"explanation_nir_{self.category}",
                {"nir": holder.nir or "", "birth_name": holder.birth_name or ""},
                lang,
            )
        if kind == "TrainingFile":
            return render(
                f"explanation_training_file_{self.category}",
                {
                    "file_id": holder.file_id or "",
                    "last_name": holder.last_name or "",
                    "first_name": holder.first_name or "",
                },
                lang,
            )
        return " ".join(
            [
                explanation(self.category, self.level, lang),
                _holder_sent(holder, lang),
            ]
        )

    def category_label(self, lang: str = "fr") -> str:
        """The category's short label in ``lang``."""
        return category_label(self.category, lang)

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


_CUT_MARK = " […]"


def _report_text(text: str | None) -> str | None:
    """A text of the report on one line, cut at :data:`MAX_REPORT_TEXT_CHARS`."""
    if text is None:
        return None
    cut = len(text) > MAX_REPORT_TEXT_CHARS
    if cut:
        text = text[:MAX_REPORT_TEXT_CHARS]
    text = " ".join(text.split())
    return (text + _CUT_MARK if cut else text) or None


def _number(text: str | None) -> int | None:
    """A line or column number: ASCII digits, 1 to :data:`MAX_LINE_NUMBER`, else
    unknown (None)."""
    if text is None:
        return None
    text = text.strip()
    if not text or len(text) > 10 or not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_LINE_NUMBER else None


_DIGITS = re.compile(r"[0-9]+", re.ASCII)


class _ReportReader:
    """Streams a report (see :func:`parse_report`)."""

    def __init__(self):
        self.report = Report(None, None, None)
        self.outcome: dict[str, str] = {}  # idTechnique -> "ok" / "ko"
        self.root_checked = False

    def parse(self, stream) -> Report:
        start = stream.tell()
        parser = etree.XMLPullParser(events=("end",), **SECURE_OPTIONS)
        chunk = stream.read(CHUNK_BYTES)
        try:
            while chunk:
                parser.feed(chunk)
                self._events(parser)
                chunk = stream.read(CHUNK_BYTES)
            root = parser.close()
            self._events(parser)
        except etree.XMLSyntaxError as error:
            if not self.root_checked and starts_with_doctype(stream, start):
                raise ReportError("report_doctype") from None
            raise ReportError(
                "report_syntax", {"detail": quoted(error.msg, 200)}
            ) from None
        self._check_root(root)
        return self.report

    def _check_root(self, root) -> None:
        if self.root_checked:
            return
        self.root_checked = True
        if has_declarations(root):
            raise ReportError("report_doctype")
        if _local(root.tag) != "rapport":
            raise ReportError(
                "report_root", {"value": quoted(etree.QName(root).localname)}
            )

    def _events(self, parser) -> None:
        for _event, element in parser.read_events():
            if not self.root_checked:
                self._check_root(element.getroottree().getroot())
            parent = element.getparent()
            if parent is None:
                continue
            name = _local(element.tag)
            parent_name = _local(parent.tag)
            grandparent = parent.getparent()
            if grandparent is None:  # a child of the root
                if name in ("nomfichier", "idflux", "idtraitement"):
                    setattr(self.report, _HEADER[name], _report_text(element.text))
                    continue
                if name in ("erreurs", "passagesko", "passagesok"):
                    element.clear()
                continue
            if parent_name == "erreurs" and name == "erreur":
                self._xsd_error(element)
            elif parent_name == "passagesko" and name == "passage":
                self._rejected(element)
            elif parent_name == "passagesok" and name == "idtechnique":
                self._accepted(element)
            else:
                continue
            # Free what was read: memory stays flat on big reports.
            element.clear()
            while element.getprevious() is not None:
                del parent[0]

    def _xsd_error(self, element) -> None:
        errors = self.report.xsd_errors
        if len(errors) >= MAX_REPORT_XSD_ERRORS:
            raise ReportError("report_too_many_errors", {"max": MAX_REPORT_XSD_ERRORS})
        values = _children_texts(element)
        errors.append(
            XsdError(
                _report_text(values.get("type")),
                _report_text(values.get("message")),
                _number(values.get("ligne")),
                _number(values.get("colonne")),
            )
        )

    def _technical_id(self, text: str | None, outcome: str) -> str | None:
        technical_id = " ".join((text or "").split())
        if not technical_id:
            return None
        if len(technical_id) > MAX_TECHNICAL_ID_CHARS:
            raise ReportError(
                "report_id_too_long",
                {"size": len(technical_id), "max": MAX_TECHNICAL_ID_CHARS},
            )
        known = self.outcome.get(technical_id)
        if known is not None and known != outcome:
            raise ReportError(
                "report_contradiction",
                {"technical_id": quoted(technical_id)},
                field="idTechnique",
            )
        if known is not None:
            return None  # listed twice on the same side: read once
        if len(self.outcome) >= MAX_REPORT_PASSAGES:
            raise ReportError("report_too_many_passages", {"max": MAX_REPORT_PASSAGES})
        self.outcome[technical_id] = outcome
        return technical_id

    def _rejected(self, element) -> None:
        values = _children_texts(element)
        if not " ".join((values.get("idtechnique") or "").split()):
            raise ReportError("report_no_id", field="idTechnique")
        technical_id = self._technical_id(values.get("idtechnique"), "ko")
        if technical_id is None:
            return
        message = _report_text(values.get("messageerreur"))
        category, level, explanation = classify_message(message)
        self.report.passages.append(
            PassageResult(technical_id, message, category, level, explanation)
        )

    def _accepted(self, element) -> None:
        technical_id = self._technical_id(element.text, "ok")
        if technical_id is not None:
            self.report.passages.append(
                PassageResult(technical_id, None, ACCEPTED, None, explanation(ACCEPTED))
            )


_HEADER = {
    "nomfichier": "file_name",
    "idflux": "flux_id",
    "idtraitement": "processing_id",
}


def _children_texts(element) -> dict[str, str | None]:
    """Texts of the children of ``element`` by lower-case local name (the first
    of each name)."""
    values: dict[str, str | None] = {}
    for child in element:
        name = _local(child.tag)
        if name and name not in values:
            values[name] = child.text
    return values


def parse_report(data: bytes) -> Report:
    """Read a processing report (bytes, a path or a binary file object); raise
    :class:`ReportError` if it cannot be read faithfully.

    Limits (:mod:`.limits`): at most :data:`MAX_REPORT_BYTES` bytes,
    :data:`MAX_REPORT_PASSAGES` passages and :data:`MAX_REPORT_XSD_ERRORS` schema
    errors; texts cut at :data:`MAX_REPORT_TEXT_CHARS` characters (marked
    " […]"); line and column numbers outside 1 to :data:`MAX_LINE_NUMBER` read as
    unknown. Refused: a DOCTYPE or ENTITY, XML that is not well-formed, a root
    other than ``rapport``, a rejected passage without idTechnique, an idTechnique
    over 255 characters, and an idTechnique listed both in PassagesOK and in
    PassagesKO (which outcome holds cannot be told). A passage listed twice on
    the same side is read once.
    """
    if isinstance(data, str) and data.lstrip().startswith("<"):
        data = data.encode("utf-8")  # XML text given as a str
    try:
        with open_source(data, MAX_REPORT_BYTES) as stream:
            return _ReportReader().parse(stream)
    except TooLarge as too_large:
        raise ReportError(
            "report_too_large", {"size": too_large.size, "max": too_large.limit}
        ) from None


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


def locate_line(flux_data, line: int) -> Location:
    """Map line ``line`` of the deposited file ``flux_data`` (bytes, a path or a
    binary file object; an XSD-stage error of the report) to its passage
    idTechnique and element. See :func:`locate_lines` to map several lines
    (the file is then read once)."""
    return locate_lines(flux_data, [line])[line]


def locate_lines(flux_data, lines) -> dict[int, Location]:
    """:func:`locate_line` for each of ``lines``, the file streamed once (memory
    stays flat). Raises :class:`ReportError` when the file cannot be read.

    Exact for files built by this package (one element per line); for other files
    the first element starting on that line is taken (for a closing tag, the
    element it closes).
    """
    wanted = sorted({line for line in lines if isinstance(line, int)})
    try:
        with open_source(flux_data, MAX_FLUX_BYTES) as stream:
            texts = _line_texts(stream, wanted)
            stream.seek(0)
            kept = _elements_on_lines(stream, wanted)
    except TooLarge as too_large:
        raise ReportError(
            "deposited_too_large", {"size": too_large.size, "max": too_large.limit}
        ) from None
    return {line: _locate(line, texts.get(line, b""), kept) for line in lines}


def _line_texts(stream, wanted: list[int]) -> dict[int, bytes]:
    """The bytes of the ``wanted`` lines (at most 1,000 bytes each)."""
    texts: dict[int, bytes] = {}
    targets = set(wanted)
    for number, text in enumerate(stream, 1):
        if number in targets:
            texts[number] = text[:1000]
            if len(texts) == len(targets):
                break
    return texts


def _elements_on_lines(stream, wanted: list[int]):
    """The root, and the passages whose lines may hold a wanted line (each kept
    until the next passage starts, when its span is known); the other passages
    are freed as the file is read."""
    reader = SecureReader(stream, (PASSAGE_TAG,))
    kept = []
    previous = None
    checked = False
    try:
        for element in reader:
            if not checked:
                checked = True
                if has_declarations(element.getroottree().getroot()):
                    break
            if element.getparent() is None:
                continue
            if previous is not None:
                start, stop = previous.sourceline, element.sourceline
                if any(start <= line < stop for line in wanted):
                    kept.append(previous)
                else:
                    previous.getparent().remove(previous)
            previous = element
    except (etree.XMLSyntaxError, EndOfInputError, UnreadableEncoding) as error:
        raise ReportError("deposited_syntax", {"detail": quoted(error, 200)}) from None
    root = reader.root if reader.root is not None else previous
    if root is None or has_declarations(root.getroottree().getroot()):
        raise ReportError("deposited_doctype")
    return root.getroottree().getroot()


def _locate(line: int, text: bytes, root) -> Location:
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
            technical_id = _report_text(_children_texts(ancestor).get("idtechnique"))
            break
    return Location(line, technical_id, name, label_for(name, parent_name))
