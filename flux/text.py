"""Text helpers shared by the builder and the checker."""

from __future__ import annotations

import re

# Characters XML 1.0 allows (production [2] Char); anything else cannot be written.
FORBIDDEN_XML_CHAR = re.compile(
    "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# Texts people type for "no value" that would be stored as data by the CDC.
NIL_LITERALS = frozenset({"nil", "nill", "null", "none"})


def clean_text(value: object) -> str:
    """The value as one trimmed line: whitespace runs become a single space."""
    return " ".join(str(value).split())


def is_clean(value: str) -> bool:
    """True when ``value`` has no leading/trailing space, line break or double space."""
    return value == clean_text(value)


def is_nil_literal(value: str) -> bool:
    return value.strip().lower() in NIL_LITERALS


def describe_char(char: str) -> str:
    """A readable name for a (control) character, for messages."""
    return f"U+{ord(char):04X}"
