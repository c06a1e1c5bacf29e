"""Python values of the model as the XSD writes them, one rule per kind of element.

Shared by the checker (which reports a value it cannot take) and the builder
(which raises :class:`flux.InvalidValueError` on the same values), so that both
agree on every value:

* ``int``: an :class:`int` (not a :class:`bool`), or a text of ASCII digits with
  an optional sign (``"05"``, ``"+5"``; never Arabic-Indic or full-width digits,
  never ``"1_000"``), written in its canonical form (``5``);
* ``date``: a :class:`datetime.date` that is not a :class:`datetime.datetime`
  (a date and time would need a time zone to become a date: refused);
* ``boolean``: a :class:`bool`;
* ``string`` and ``enum``: a :class:`str`, or an :class:`int` written in decimal;
  the characters then follow :mod:`.text`.
"""

from __future__ import annotations

import re
from datetime import date, datetime

INTEGER_TEXT = re.compile(r"[+-]?[0-9]+", re.ASCII)

# Why a value cannot be taken, by kind: the checker's problem codes.
NOT_AN_INTEGER = "not_an_integer"
NOT_A_DATE = "not_a_date"
DATETIME_FOR_DATE = "datetime_for_date"
NOT_A_BOOLEAN = "not_a_boolean"
NOT_A_TEXT = "not_a_text"


def as_integer(value) -> int | str:
    """The int of ``value``, or the problem code (a str) when it is not one."""
    if value.__class__ is int:
        return value
    if isinstance(value, bool):
        return NOT_AN_INTEGER
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if INTEGER_TEXT.fullmatch(text) and len(text) <= 20:
            return int(text)
    return NOT_AN_INTEGER


def date_problem(value) -> str | None:
    """The problem code when ``value`` is not a plain date, else None."""
    if isinstance(value, datetime):
        return DATETIME_FOR_DATE
    if not isinstance(value, date):
        return NOT_A_DATE
    return None


def as_text(value) -> str | None:
    """``value`` as a str, or None when it is neither a str nor an int."""
    if value.__class__ is str:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        # str() of a huge int is slow, and refused beyond 4300 digits.
        return str(value) if value.bit_length() <= 64 else None
    return None
