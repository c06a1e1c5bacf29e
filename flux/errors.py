"""Exceptions raised by the flux engine; their messages are in French, for users."""


class FluxError(ValueError):
    """The flux cannot be built as asked (message in French, says how to fix)."""


class UnsupportedFeatureError(FluxError):
    """A feature of XSD 1.1.5 (SUPPRESSION, NIR branch) was asked for a 1.1.2 file."""


class MissingValueError(FluxError):
    """A value the target XSD requires (and that cannot be nil) is missing."""


class InvalidValueError(FluxError):
    """A value cannot be written at all (character forbidden by XML 1.0...)."""


class ReportError(ValueError):
    """A processing report cannot be read (message in French)."""
