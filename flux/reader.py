"""Read the passages of an XML flux file back, to send again what it carried.

A withdrawal (SUPPRESSION) must identify each passage exactly as the CDC
accepted it: :func:`read_passages` gives, for each ``idTechnique`` of a
CREATION file, its certification type and code and its :class:`Passage` as
written. The file is streamed (memory stays flat) and parsed safely (see
:mod:`.xml_parse`): no DTD, no entity, no network.

It reads only what it can read faithfully: a file that is not well-formed, has
a DOCTYPE, is larger than :data:`flux.limits.MAX_FLUX_BYTES`, is not valid
against the 1.1.5 schema (which accepts every 1.1.2 file), or carries the same
idTechnique twice is refused with a :class:`FluxError` that says why.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import BinaryIO

from lxml import etree

from .dictionary import LATEST_VERSION
from .errors import FluxError
from .limits import MAX_FLUX_BYTES
from .model import Passage
from .schemas import fragment_schema
from .text import identity_key, quoted
from .xml_parse import (
    CERTIFICATION_TAG,
    CERTIFICATIONS_TAG,
    LOCAL_NAMES,
    PASSAGE_TAG,
    PASSAGES_TAG,
    EndOfInputError,
    SecureReader,
    TooLarge,
    UnreadableEncoding,
    free_before,
    has_declarations,
    open_source,
    passage_from_xml,
    starts_with_doctype,
    text_of,
)

# The latest schema accepts every file of the older ones (1.1.2 files are valid
# under 1.1.5: DATA-DICTIONARY section 6).
_VERSION = LATEST_VERSION


def read_passages(
    data: bytes | str | os.PathLike | BinaryIO,
    technical_ids: Iterable[str] | None = None,
) -> dict[str, tuple[str | None, str | None, Passage]]:
    """The passages of an XML flux, by idTechnique:
    ``{technical_id: (certification type, certification code, Passage)}``.

    ``technical_ids``: keep only these passages (None: all of them). Values are
    as written in the file. Raises :class:`FluxError` when the file cannot be
    read faithfully (see the module docstring).
    """
    wanted = None if technical_ids is None else set(technical_ids)
    try:
        with open_source(data, MAX_FLUX_BYTES) as stream:
            return _Reader(wanted).run(stream)
    except TooLarge as too_large:
        raise FluxError(
            "read_too_large", {"size": too_large.size, "max": too_large.limit}
        ) from None


class _Reader:
    def __init__(self, wanted: set[str] | None):
        self.wanted = wanted
        self.passages: dict[str, tuple[str | None, str | None, Passage]] = {}
        self.pending: list[Passage] = []  # passages of the current certification
        self.seen: set[str] = set()
        self.kept: dict = {}
        self.passage_schema = fragment_schema(_VERSION, "passage")
        self.certification_schema = fragment_schema(_VERSION, "certification")
        self.envelope_schema = fragment_schema(_VERSION, "envelope")
        self.prolog_checked = False

    def run(self, stream: BinaryIO):
        reader = SecureReader(stream, (PASSAGE_TAG, CERTIFICATION_TAG))
        try:
            for element in reader:
                if not self.prolog_checked:
                    self._prolog(element.getroottree().getroot())
                if element.tag == PASSAGE_TAG:
                    self._passage(element)
                else:
                    self._certification(element)
        except (etree.XMLSyntaxError, EndOfInputError) as error:
            if not self.prolog_checked and starts_with_doctype(stream, reader.start):
                raise FluxError("read_doctype") from None
            if isinstance(error, EndOfInputError):
                raise FluxError(
                    "read_truncated",
                    {"line": error.line, "detail": quoted(error.message, 200)},
                ) from None
            raise FluxError(
                "read_syntax",
                {"line": error.lineno or None, "detail": quoted(error.msg, 200)},
            ) from None
        except UnreadableEncoding as error:
            raise FluxError("read_encoding", {"encoding": str(error)}) from None
        root = reader.root
        if not self.prolog_checked:
            self._prolog(root)
        self._validate(self.envelope_schema, root)
        return self.passages

    def _prolog(self, root) -> None:
        self.prolog_checked = True
        if has_declarations(root):
            raise FluxError("read_doctype")

    def _validate(self, schema, element) -> None:
        if schema.validate(element):
            return
        error = schema.error_log[0]
        raise FluxError(
            "read_invalid", {"line": error.line, "detail": quoted(error.message, 200)}
        )

    def _passage(self, element) -> None:
        parent = element.getparent()
        if parent is None or parent.tag != PASSAGES_TAG:
            raise FluxError(
                "read_misplaced",
                {"line": element.sourceline},
                field="passageCertification",
            )
        self._validate(self.passage_schema, element)
        passage = passage_from_xml(element)
        key = identity_key(passage.technical_id)
        if key in self.seen:
            raise FluxError(
                "read_duplicate_id",
                {"value": quoted(passage.technical_id)},
                field="idTechnique",
            )
        self.seen.add(key)
        self.pending.append(passage)
        free_before(element, PASSAGE_TAG, self.kept)

    def _certification(self, element) -> None:
        parent = element.getparent()
        if parent is None or parent.tag != CERTIFICATIONS_TAG:
            raise FluxError(
                "read_misplaced", {"line": element.sourceline}, field="certification"
            )
        self._validate(self.certification_schema, element)
        header = {
            LOCAL_NAMES.get(child.tag): text_of(child)
            for child in element
            if isinstance(child.tag, str)
        }
        certification_type, code = header.get("type"), header.get("code")
        wanted = self.wanted
        for passage in self.pending:
            technical_id = passage.technical_id
            if wanted is None or technical_id in wanted:
                self.passages[technical_id] = (certification_type, code, passage)
        self.pending = []
        for child in element:
            if child.tag == PASSAGES_TAG:
                self.kept.pop(child, None)
        free_before(element, CERTIFICATION_TAG, self.kept)
