"""Europe/Paris time for the ``horodatage`` element.

The XSD writes the offset as ``+HH:MM`` and the years 1900 to 2099. Before 11
March 1911 Paris used its mean time, 9 minutes 21 seconds ahead of Greenwich: such
an offset has no ``+HH:MM`` form, so those timestamps are refused like the years
outside the XSD's range (the checker reports them, the builder raises, with the
same message: :func:`timestamp_problem`).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from .errors import FluxError
from .text import quoted


def _paris() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo  # noqa: PLC0415

        return ZoneInfo("Europe/Paris")
    except Exception:  # no tz database on this system: fall back to pytz
        import pytz  # noqa: PLC0415

        return pytz.timezone("Europe/Paris")


PARIS = _paris()
TIMESTAMP_YEARS = (1900, 2099)


def to_paris(moment: datetime | None = None) -> datetime:
    """``moment`` (default: now) in Europe/Paris time; a naive value is taken as
    Paris local time. May raise OverflowError/ValueError at the ends of the
    datetime range (see :func:`timestamp_problem`)."""
    if moment is None:
        return datetime.now(PARIS)
    if moment.tzinfo is None:
        localize = getattr(PARIS, "localize", None)  # pytz needs localize()
        return localize(moment) if localize else moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)


def _paris_or_problem(moment) -> tuple[datetime | None, tuple | None]:
    """(Paris time, None) or (None, (message code, params)) when it cannot be
    written."""
    if moment is not None and not isinstance(moment, datetime):
        return None, ("timestamp_not_a_datetime", {"value": quoted(moment)})
    low, high = TIMESTAMP_YEARS
    try:
        local = to_paris(moment).replace(microsecond=0)
        offset = local.utcoffset()
    except (OverflowError, ValueError):
        return None, (
            "timestamp_out_of_range",
            {"value": quoted(moment), "min": low, "max": high},
        )
    if not low <= local.year <= high:
        return None, (
            "timestamp_out_of_range",
            {"value": local.isoformat(), "min": low, "max": high},
        )
    if offset is None or offset % timedelta(minutes=1):
        return None, ("timestamp_paris_mean_time", {"value": local.isoformat()})
    return local, None


def timestamp_problem(moment) -> tuple[str, dict] | None:
    """Why ``moment`` cannot be the ``horodatage`` (a message code and its
    params), or None if it can."""
    return _paris_or_problem(moment)[1]


def paris_timestamp(moment: datetime | None = None) -> str:
    """``horodatage`` text: ``2024-07-01T14:05:09+02:00`` (24-hour clock, seconds,
    real Paris offset). Raises :class:`FluxError` when it cannot be written."""
    local, problem = _paris_or_problem(moment)
    if problem:
        raise FluxError(*problem, field="horodatage")
    return local.isoformat()
