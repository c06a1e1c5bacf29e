"""Europe/Paris time for the ``horodatage`` element."""

from __future__ import annotations

from datetime import datetime, tzinfo

from .errors import FluxError


def _paris() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo  # noqa: PLC0415

        return ZoneInfo("Europe/Paris")
    except Exception:  # no tz database on this system: fall back to pytz
        import pytz  # noqa: PLC0415

        return pytz.timezone("Europe/Paris")


PARIS = _paris()


def to_paris(moment: datetime | None = None) -> datetime:
    """``moment`` (default: now) in Europe/Paris time; a naive value is taken as
    Paris local time."""
    if moment is None:
        return datetime.now(PARIS)
    if moment.tzinfo is None:
        localize = getattr(PARIS, "localize", None)  # pytz needs localize()
        return localize(moment) if localize else moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)


def paris_timestamp(moment: datetime | None = None) -> str:
    """``horodatage`` text: ``2024-07-01T14:05:09+02:00`` (24-hour clock, seconds,
    real Paris offset)."""
    local = to_paris(moment).replace(microsecond=0)
    if not 1900 <= local.year <= 2099:
        raise FluxError(
            f"L'horodatage {local.isoformat()} est hors des années 1900 à 2099 "
            "acceptées par la CDC : vérifiez la date du serveur."
        )
    return local.isoformat()
