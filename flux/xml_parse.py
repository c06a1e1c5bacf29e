"""Reading XML from outside, safely and in bounded time and memory.

* :func:`open_source`: the input (bytes, path or binary file object) as a
  seekable binary stream with its size, refused beyond a limit
  (:mod:`.limits`) before any parsing;
* :class:`SecureReader`: the document streamed with the only parser options the
  package ever uses on outside XML (:data:`SECURE_OPTIONS`): no DTD loaded, no
  entity resolved, no network, no ``huge_tree`` (libxml2 keeps its depth, text
  and entity amplification limits);
* :func:`prolog_problem`: refuses a DOCTYPE or ENTITY declaration on the parsed
  document (whatever the encoding, whatever precedes it), to be called on the
  first event, before any value is read;
* :func:`free_before`: frees what was read before an element, so that memory
  stays flat, without losing what the schema must still see;
* :func:`passage_from_xml`: a ``passageCertification`` element read back into a
  :class:`flux.model.Passage`, never raising (values it cannot convert become
  None; run it on a schema-valid element to read it faithfully).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import BinaryIO

from lxml import etree

from .dictionary import NAMESPACE, find_node, walk
from .model import (
    DigitalLevel,
    DigitalResult,
    Holder,
    NationalId,
    Passage,
    Registration,
    TrainingFile,
)
from .values import INTEGER_TEXT

NS = f"{{{NAMESPACE}}}"
FLUX_TAG = f"{NS}flux"
PASSAGE_TAG = f"{NS}passageCertification"
PASSAGES_TAG = f"{NS}passageCertifications"
CERTIFICATION_TAG = f"{NS}certification"
CERTIFICATIONS_TAG = f"{NS}certifications"
ACTION_TAG = f"{NS}action"
ID_TAG = f"{NS}idTechnique"
# Qualified tag -> local name, for every element of the flux.
LOCAL_NAMES = {f"{NS}{node.name}": node.name for _path, node in walk()}
# Rank of each child of a passage in the dictionary's order.
PASSAGE_CHILD_RANKS = {
    f"{NS}{child.name}": rank
    for rank, child in enumerate(find_node("passageCertification").children)
}
_CONTAINERS = frozenset(node.name for _path, node in walk() if node.kind == "complex")
_CHILD_RANKS_BY_NAME = {
    child.name: rank
    for rank, child in enumerate(find_node("passageCertification").children)
}
_LEAF, _CONTAINER, _RESULT = "leaf", "container", "result"
# Qualified tag -> (local name, rank among a passage's children or None, kind).
_TAG_INFO = {
    f"{NS}{node.name}": (
        node.name,
        _CHILD_RANKS_BY_NAME.get(node.name),
        _RESULT
        if node.name == "resultat"
        else _CONTAINER
        if node.kind == "complex"
        else _LEAF,
    )
    for _path, node in walk()
}
_RESULT_FIELDS = frozenset({"niveau", "domaineCompetenceId", "competenceId"})

# The parser options used on every outside document (see the module docstring).
SECURE_OPTIONS = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "huge_tree": False,
    "dtd_validation": False,
    "attribute_defaults": False,
}


class TooLarge(Exception):
    """The input is larger than the limit given to :func:`open_source`."""

    def __init__(self, size: int, limit: int):
        super().__init__(size, limit)
        self.size = size
        self.limit = limit


@contextmanager
def open_source(data, limit: int) -> Iterator[BinaryIO]:
    """A seekable binary stream over ``data`` (bytes, a path, or a seekable binary
    file object, read from its current position). Raises :class:`TooLarge` when
    ``data`` holds more than ``limit`` bytes, before anything is parsed."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        size = len(data)
        if size > limit:
            raise TooLarge(size, limit)
        yield io.BytesIO(data)
    elif isinstance(data, (str, os.PathLike)):
        size = os.path.getsize(data)
        if size > limit:
            raise TooLarge(size, limit)
        with open(data, "rb") as stream:
            yield stream
    else:
        start = data.tell()
        size = data.seek(0, os.SEEK_END) - start
        data.seek(start)
        if size > limit:
            raise TooLarge(size, limit)
        yield data


CHUNK_BYTES = 1 << 16
# Below this size, a document that ends too early is parsed again as a whole
# for libxml2's precise message (the streamed parser only sees "end of data").
_PRECISE_MESSAGE_BYTES = 1 << 20


class EndOfInputError(Exception):
    """The document ends before it is complete (or holds no element at all)."""

    def __init__(self, message: str, line: int | None, empty: bool):
        super().__init__(message)
        self.message = message
        self.line = line
        self.empty = empty


class SecureReader:
    """The elements with one of ``tags`` of a document, each when it ends, read
    with :data:`SECURE_OPTIONS` by chunks of :data:`CHUNK_BYTES`.

    Iterating raises :class:`lxml.etree.XMLSyntaxError` for a document that is
    not well-formed, :class:`EndOfInputError` for one that stops too early (or
    holds no element), :class:`UnreadableEncoding` for UTF-32; ``root`` is the
    root element once the document is read.
    """

    def __init__(self, stream: BinaryIO, tags: tuple[str, ...]):
        self.stream = stream
        self.start = stream.tell()
        self.parser = etree.XMLPullParser(events=("end",), tag=tags, **SECURE_OPTIONS)
        self.root = None

    def __iter__(self):
        stream, parser = self.stream, self.parser
        head = stream.read(4)
        if head in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00") or head in (
            b"\x00\x00\x00<",
            b"<\x00\x00\x00",
        ):
            raise UnreadableEncoding("UTF-32")
        chunk = head + stream.read(CHUNK_BYTES)
        while chunk:
            parser.feed(chunk)
            for _event, element in parser.read_events():
                yield element
            chunk = stream.read(CHUNK_BYTES)
        try:
            self.root = parser.close()
        except etree.XMLSyntaxError as error:
            raise self._end_of_input(error) from None
        for _event, element in parser.read_events():
            yield element

    def _end_of_input(self, error: etree.XMLSyntaxError):
        if error.code not in (1, 5):  # a real error found while closing
            return error
        stream = self.stream
        stream.seek(self.start)
        data = stream.read(_PRECISE_MESSAGE_BYTES + 1)
        if len(data) <= _PRECISE_MESSAGE_BYTES:
            try:
                etree.fromstring(data, etree.XMLParser(**SECURE_OPTIONS))
            except etree.XMLSyntaxError as precise:
                empty = precise.code == 4 or not data.strip()
                return EndOfInputError(precise.msg, precise.lineno or None, empty)
        return EndOfInputError(error.msg, error.lineno or None, False)


class UnreadableEncoding(Exception):
    """An encoding the streamed parser cannot read (UTF-32)."""


def has_declarations(root) -> bool:
    """True when the document of ``root`` has a DOCTYPE (hence maybe entities)."""
    docinfo = root.getroottree().docinfo
    return bool(docinfo.doctype) or docinfo.internalDTD is not None


def starts_with_doctype(stream: BinaryIO, start: int = 0) -> bool:
    """True when the document in ``stream`` (from ``start``) declares a DOCTYPE
    before its root element. Reads up to the root's start tag only, so that a
    document that fails later (an entity loop, say) is still recognised as one
    that declares entities."""
    stream.seek(start)
    parser = etree.XMLPullParser(events=("start",), **SECURE_OPTIONS)
    while chunk := stream.read(CHUNK_BYTES):
        try:
            parser.feed(chunk)
        except etree.XMLSyntaxError:
            chunk = b""  # the events before the error are still there
        for _event, element in parser.read_events():
            return has_declarations(element)
        if not chunk:
            break
    return False


_XML_DECLARATION = re.compile(rb"(\xef\xbb\xbf)?<\?xml[ \t\r\n]")


def declaration_issue(head: bytes, root) -> str | None:
    """What is wrong with the XML declaration, for the CDC (UTF-8, XML 1.0):
    ``"missing"``, ``"version"``, ``"encoding"`` or None. ``head``: the first
    bytes of the file."""
    docinfo = root.getroottree().docinfo
    utf8 = (docinfo.encoding or "UTF-8").upper().replace("_", "-") in ("UTF-8", "UTF8")
    if not utf8:
        return "encoding"
    if not _XML_DECLARATION.match(head):
        return "missing"
    if docinfo.xml_version != "1.0":
        return "version"
    return None


def free_before(element, keep: str, kept: dict, target=None) -> None:
    """Take out of the tree the siblings before ``element`` that were read already
    (tag ``keep``), and comments and processing instructions, so that memory
    stays flat: removed, or moved into ``target`` (an element of another
    document) when given. The schema must still give its verdict on the parent:
    the first other element of each parent is kept (it is what libxml2 reports;
    the later ones cannot change the verdict), and non-blank text between them is
    kept on the parent. ``kept``: the caller's dict of those first elements, by
    parent."""
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    while previous is not None:
        before = previous.getprevious()
        tag = previous.tag
        if tag == keep and target is not None:
            move_out(previous, target)
        elif (
            tag == keep
            or not isinstance(tag, str)
            or kept.setdefault(parent, previous) is not previous
        ):
            _keep_text(previous, parent)
            parent.remove(previous)
        previous = before


def _keep_text(element, parent) -> None:
    """Non-blank text after ``element`` stays on ``parent`` (for the schema)."""
    tail = element.tail
    if tail and not tail.isspace() and not (parent.text or "").strip():
        parent.text = tail.strip()[:100]


def move_out(element, target) -> None:
    """Move ``element`` from the document being parsed into ``target``; its
    non-blank tail stays on its parent, for the parent's validation."""
    parent = element.getparent()
    if parent is not None:
        _keep_text(element, parent)
    element.tail = None
    target.append(element)


def text_of(element) -> str | None:
    """The text of a leaf element as the schema sees it (comments and
    processing instructions inside it do not cut it)."""
    if len(element):
        return "".join(element.itertext())
    return element.text


def read_values(element) -> tuple[dict, list, list]:
    """Texts of the descendants of a passage by local name (names are unique in a
    passage, except inside the repeated DigComp results, returned apart), and the
    dictionary ranks of its children, in document order. A nil or empty element
    gives None; a complex element with children gives ""."""
    values: dict[str, str | None] = {}
    results: list[dict[str, str | None]] = []
    ranks = []
    tag_info = _TAG_INFO
    special = False
    # One pass over the descendants: the names of a passage's children appear
    # nowhere deeper, so their order is the children's order.
    for descendant in element.iterdescendants():
        info = tag_info.get(descendant.tag)
        if info is None:
            special = True  # comment, processing instruction or unknown element
            continue
        name, rank, category = info
        if rank is not None:
            ranks.append(rank)
        if category is _LEAF:
            if results and name in _RESULT_FIELDS:
                results[-1][name] = descendant.text
            else:
                values[name] = descendant.text
        elif category is _RESULT:
            results.append({})
        else:
            values[name] = ""
    if special:  # comments or instructions may cut a text: read it whole
        return _read_values_slowly(element)
    if "modalitesInscription" in values and "modaliteAcces" not in values:
        # nil (or empty): its mandatory child is missing
        values["modalitesInscription"] = None
    return values, results, ranks


def _read_values_slowly(element) -> tuple[dict, list, list]:
    """:func:`read_values` for a passage holding comments or processing
    instructions."""
    values: dict[str, str | None] = {}
    results: list[dict[str, str | None]] = []
    ranks = []
    for descendant in element.iterdescendants():
        name = LOCAL_NAMES.get(descendant.tag)
        if name is None:
            continue
        rank = _CHILD_RANKS_BY_NAME.get(name)
        if rank is not None:
            ranks.append(rank)
        if name == "resultat":
            results.append({})
        elif name in _CONTAINERS:
            values[name] = "" if len(descendant) else None
        elif results and name in _RESULT_FIELDS:
            results[-1][name] = text_of(descendant)
        else:
            values[name] = text_of(descendant)
    return values, results, ranks


# Texts already converted (dates and numbers repeat from one passage to the next).
_CONVERTED_INTS: dict[str, int | None] = {}
_CONVERTED_DATES: dict[str, date | None] = {}
_CONVERTED_MAX = 4096


def _int(values: dict, name: str) -> int | None:
    text = values.get(name)
    if not text:
        return None
    number = _CONVERTED_INTS.get(text, _UNSET)
    if number is _UNSET:
        stripped = text.strip()
        if len(stripped) > 12 or not INTEGER_TEXT.fullmatch(stripped):
            number = None  # reported by the schema
        else:
            number = int(stripped)
        if len(_CONVERTED_INTS) < _CONVERTED_MAX:
            _CONVERTED_INTS[text] = number
    return number


def _date(values: dict, name: str) -> date | None:
    text = values.get(name)
    if not text:
        return None
    day = _CONVERTED_DATES.get(text, _UNSET)
    if day is _UNSET:
        try:
            day = date.fromisoformat(text.strip()) if len(text) < 40 else None
        except ValueError:
            day = None  # reported by the schema
        if len(_CONVERTED_DATES) < _CONVERTED_MAX:
            _CONVERTED_DATES[text] = day
    return day


_UNSET = object()


def _bool(values: dict, name: str) -> bool | None:
    text = values.get(name)
    if not text:
        return None
    return text.strip() in ("true", "1")


def passage_from_values(values: dict, results: list) -> Passage:
    """The :class:`Passage` of what :func:`read_values` read."""
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
    if get("modalitesInscription") is not None:  # absent or nil: None
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


def passage_from_xml(element) -> Passage:
    """Read a ``passageCertification`` element back into a :class:`Passage`
    (values as written, surrounding spaces included). Never raises: a value that
    cannot be converted (an element the schema would refuse) becomes None."""
    values, results, _ranks = read_values(element)
    return passage_from_values(values, results)


def child_text(element, tag: str) -> str | None:
    """Text of the first child of ``element`` with ``tag``."""
    for child in element:
        if child.tag == tag:
            return text_of(child)
    return None
