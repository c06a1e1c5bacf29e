"""Read the passages of an XML flux file back, to send again what it carried.

A withdrawal (SUPPRESSION) must identify each passage exactly as the CDC
accepted it: :func:`read_passages` gives, for each ``idTechnique`` of a
CREATION file, its certification type and code and its :class:`Passage` as
written. The file is streamed (memory stays flat) and parsed safely: no DTD,
no entity, no network.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import BinaryIO

from lxml import etree

from .errors import FluxError
from .model import Passage
from .xml_check import (
    _CERTIFICATION_TAG,
    _DECLARATION,
    _NS,
    _PASSAGE_TAG,
    _opened,
    passage_from_xml,
)

_TYPE_TAG = f"{_NS}type"
_CODE_TAG = f"{_NS}code"


def read_passages(
    data: bytes | str | os.PathLike | BinaryIO,
    technical_ids: Iterable[str] | None = None,
) -> dict[str, tuple[str | None, str | None, Passage]]:
    """The passages of an XML flux, by idTechnique:
    ``{technical_id: (certification type, certification code, Passage)}``.

    ``technical_ids``: keep only these passages (None: all of them). Values are
    as written in the file. Raises :class:`FluxError` when the file carries a
    DOCTYPE or ENTITY declaration or is not well-formed XML.
    """
    wanted = None if technical_ids is None else set(technical_ids)
    passages: dict[str, tuple[str | None, str | None, Passage]] = {}
    with _opened(data) as stream:
        head = stream.read(65536)
        stream.seek(0)
        if _DECLARATION.search(head):
            raise FluxError(
                "Le fichier contient une déclaration DOCTYPE ou ENTITY, refusée "
                "par sécurité."
            )
        certification_type = certification_code = None
        events = etree.iterparse(
            stream,
            events=("end",),
            tag=(_TYPE_TAG, _CODE_TAG, _PASSAGE_TAG),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
        )
        try:
            for _event, element in events:
                if element.tag != _PASSAGE_TAG:
                    parent = element.getparent()
                    if parent is not None and parent.tag == _CERTIFICATION_TAG:
                        text = (element.text or "").strip() or None
                        if element.tag == _TYPE_TAG:
                            certification_type = text
                        else:
                            certification_code = text
                    continue
                passage = passage_from_xml(element)
                technical_id = passage.technical_id
                if technical_id and (wanted is None or technical_id in wanted):
                    passages[technical_id] = (
                        certification_type,
                        certification_code,
                        passage,
                    )
                # Free what was read: memory stays flat on big files.
                element.clear()
                parent = element.getparent()
                while element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as error:
            raise FluxError(
                f"Le fichier n'est pas un XML bien formé (ligne {error.lineno}) : "
                f"{error.msg}."
            ) from error
    return passages
