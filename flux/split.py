"""Split a run larger than the CDC limits into several files."""

from __future__ import annotations

import uuid
from dataclasses import replace

from .builder import check_target, envelope_size, passage_sizes
from .errors import FluxError
from .limits import MAX_BYTES_PER_FILE, MAX_PASSAGES_PER_FILE
from .model import Certification, Flux, Passage
from .text import quoted


def split_flux(
    flux: Flux,
    max_passages: int = MAX_PASSAGES_PER_FILE,
    max_bytes: int | None = MAX_BYTES_PER_FILE,
) -> list[Flux]:
    """Cut ``flux`` into files of at most ``max_passages`` passages and ``max_bytes``
    bytes (None: no size limit), in passage order.

    A flux within the limits comes back alone and unchanged. Otherwise each part
    has its own fresh idFlux; a certification whose passages span several parts is
    repeated (type, code, nature) in each of them. Sizes are exact: every passage
    is rendered once to be measured.
    """
    check_target(flux)
    if max_passages < 1:
        raise ValueError("max_passages must be at least 1")
    parts: list[list[tuple[Certification, list[Passage]]]] = []
    current: list[tuple[Certification, list[Passage]]] = []
    count = 0
    envelope = envelope_size(flux) if max_bytes is not None else 0
    size = envelope
    if max_bytes is None:
        sized = ((c, p, 0) for c, p in flux.iter_passages())
    else:
        sized = passage_sizes(flux)
    for certification, passage, passage_size in sized:
        if max_bytes is not None and envelope + passage_size > max_bytes:
            raise FluxError(
                "passage_too_large",
                {"technical_id": quoted(passage.technical_id), "max": max_bytes},
                field="passageCertification",
            )
        too_many = count + 1 > max_passages
        too_big = max_bytes is not None and size + passage_size > max_bytes
        if count and (too_many or too_big):
            parts.append(current)
            current, count, size = [], 0, envelope
        if not current or current[-1][0] is not certification:
            current.append((certification, []))
        current[-1][1].append(passage)
        count += 1
        size += passage_size
    if current:
        parts.append(current)
    if len(parts) <= 1:
        return [flux]
    return [
        replace(
            flux,
            flux_id=str(uuid.uuid4()),
            certifier=replace(
                flux.certifier,
                certifications=[
                    replace(certification, passages=passages)
                    for certification, passages in part
                ],
            ),
        )
        for part in parts
    ]
