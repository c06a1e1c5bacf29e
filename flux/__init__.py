"""Flux engine of the CDC "accrochage certificateur" XML file (pure Python).

No Odoo import here: the package is importable as ``flux`` (repository root on
``sys.path``) and as ``odoo.addons.l10n_fr_accrochage.flux``.

Data (:mod:`.model`, fields documented there): :class:`Flux`, :class:`Certifier`,
:class:`Certification`, :class:`Passage`, :class:`Holder` (civil status),
:class:`TrainingFile` (CPF file), :class:`NationalId` (NIR, 1.1.5 only),
:class:`DigitalLevel`, :class:`DigitalResult`, :class:`Registration`.

Functions:

* :func:`build_flux` (bytes) / :func:`write_flux` (streamed into a binary file);
* :func:`split_flux`: several :class:`Flux` within the CDC limits (200 000
  passages, 200 MB per file by default);
* :func:`check_flux` (objects) and :func:`check_xml` (bytes): lists of
  :class:`Problem`;
* :func:`read_passages`: the passages of an XML flux back, by idTechnique, with
  their certification type and code (to withdraw them as they were sent);
* :func:`parse_report`: the CDC processing report as a :class:`Report`;
  :func:`locate_line`: passage and element of a line of a deposited file;
* :func:`generate_xsd` / :func:`load_schema`: the project's own XSD files;
* :mod:`.rules`: the CDC rules the Odoo side asks for (selections, limits,
  formats, :func:`supports`, :func:`reporting_deadline`).

Errors: :class:`FluxError` (and its subclasses :class:`UnsupportedFeatureError`,
:class:`MissingValueError`, :class:`InvalidValueError`), :class:`ReportError`;
messages are in French.
"""

from .builder import build_flux, normalize_nir, write_flux
from .checker import PROBLEM_CODES, Problem, check_flux
from .dictionary import SCHEMA_VERSIONS, label_for
from .errors import (
    FluxError,
    InvalidValueError,
    MissingValueError,
    ReportError,
    UnsupportedFeatureError,
)
from .model import (
    Certification,
    Certifier,
    DigitalLevel,
    DigitalResult,
    Flux,
    Holder,
    NationalId,
    Passage,
    Registration,
    TrainingFile,
)
from .reader import read_passages
from .rules import (
    BIRTH_YEAR_MIN,
    CERTIFICATION_CODE_EXAMPLES,
    CERTIFICATION_TYPES,
    DIGCOMP_COMPETENCES,
    DIGITAL_LEVEL_MAX,
    DIGITAL_SCORE_MAX,
    FRANCE_INSEE_COUNTRY_CODE,
    INSEE_CODE_PATTERN,
    INSEE_COUNTRY_CODE_PATTERN,
    LATEST_VERSION,
    NIR_LENGTHS,
    NIR_PATTERN,
    POSTCODE_PATTERN,
    REPORTING_DEADLINE_MONTHS,
    add_months,
    is_certification_code,
    max_chars,
    reporting_deadline,
    selection,
    supports,
    version_selection,
    versions_supporting,
)
from .report import (
    CATEGORIES,
    Location,
    PassageResult,
    Report,
    XsdError,
    classify_message,
    locate_line,
    parse_report,
)
from .schemas import generate_xsd, load_schema
from .split import MAX_BYTES_PER_FILE, MAX_PASSAGES_PER_FILE, split_flux
from .xml_check import check_xml

__all__ = [
    "BIRTH_YEAR_MIN",
    "CATEGORIES",
    "CERTIFICATION_CODE_EXAMPLES",
    "CERTIFICATION_TYPES",
    "DIGCOMP_COMPETENCES",
    "DIGITAL_LEVEL_MAX",
    "DIGITAL_SCORE_MAX",
    "FRANCE_INSEE_COUNTRY_CODE",
    "INSEE_CODE_PATTERN",
    "INSEE_COUNTRY_CODE_PATTERN",
    "LATEST_VERSION",
    "MAX_BYTES_PER_FILE",
    "MAX_PASSAGES_PER_FILE",
    "NIR_LENGTHS",
    "NIR_PATTERN",
    "POSTCODE_PATTERN",
    "PROBLEM_CODES",
    "REPORTING_DEADLINE_MONTHS",
    "SCHEMA_VERSIONS",
    "Certification",
    "Certifier",
    "DigitalLevel",
    "DigitalResult",
    "Flux",
    "FluxError",
    "Holder",
    "InvalidValueError",
    "Location",
    "MissingValueError",
    "NationalId",
    "Passage",
    "PassageResult",
    "Problem",
    "Registration",
    "Report",
    "ReportError",
    "TrainingFile",
    "UnsupportedFeatureError",
    "XsdError",
    "add_months",
    "build_flux",
    "check_flux",
    "check_xml",
    "classify_message",
    "generate_xsd",
    "is_certification_code",
    "label_for",
    "load_schema",
    "locate_line",
    "max_chars",
    "normalize_nir",
    "parse_report",
    "read_passages",
    "reporting_deadline",
    "selection",
    "split_flux",
    "supports",
    "version_selection",
    "versions_supporting",
    "write_flux",
]
