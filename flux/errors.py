"""Exceptions raised by the flux engine.

Each carries a ``code`` (a key of :data:`flux.messages.MESSAGES`), ``params``
(plain values) and, where known, the ``technical_id`` of the passage and the
``field`` (element name) concerned; :meth:`render` gives the message in French
or English, ``str(error)`` is the French one (prefixed with the passage).
An error built from a plain message (older callers) has no code.
"""

from __future__ import annotations

from collections.abc import Mapping

from .messages import has_message, language, render


class _Rendered:
    """What :class:`FluxError` and :class:`ReportError` share."""

    def _init(self, code, params, technical_id, field):
        if has_message(code):
            self.code = code
            self._message = None
        else:  # a plain message
            self.code = None
            self._message = str(code)
        self.params = dict(params or {})
        self.technical_id = technical_id
        self.field = field
        if field is not None and "field" not in self.params:
            self.params["field"] = field

    def render(self, lang: str = "fr") -> str:
        """The message in ``lang`` (any code starting with "fr": French, else
        English), prefixed with the passage when there is one."""
        if self.code is None:
            message = self._message
        else:
            message = render(self.code, self.params, lang)
        if self.technical_id:
            return render(
                "passage_context",
                {"technical_id": self.technical_id, "message": message},
                language(lang),
            )
        return message

    def __str__(self) -> str:
        return self.render("fr")


class FluxError(_Rendered, ValueError):
    """The flux cannot be built or read as asked (the message says how to fix)."""

    def __init__(
        self,
        code: str,
        params: Mapping | None = None,
        *,
        technical_id: str | None = None,
        field: str | None = None,
    ):
        self._init(code, params, technical_id, field)
        super().__init__(self.render("fr"))


class UnsupportedFeatureError(FluxError):
    """A feature of XSD 1.1.5 (SUPPRESSION, NIR branch) was asked for a 1.1.2 file."""


class MissingValueError(FluxError):
    """A value the target XSD requires (and that cannot be nil) is missing."""


class InvalidValueError(FluxError):
    """A value cannot be written (wrong type, refused character...)."""


class ReportError(_Rendered, ValueError):
    """A processing report (or the file it refers to) cannot be read faithfully."""

    def __init__(
        self,
        code: str,
        params: Mapping | None = None,
        *,
        technical_id: str | None = None,
        field: str | None = None,
    ):
        self._init(code, params, technical_id, field)
        super().__init__(self.render("fr"))
