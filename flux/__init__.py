"""Flux engine of the CDC "accrochage certificateur" XML file (pure Python).

No Odoo import here: the package is importable as ``flux`` (its parent folder on
``sys.path``) and as ``odoo.addons.l10n_fr_accrochage.flux``. The Odoo side uses
only the names exported here.

Data (:mod:`.model`, fields documented there): :class:`Flux`, :class:`Certifier`,
:class:`Certification`, :class:`Passage`, :class:`Holder` (civil status),
:class:`TrainingFile` (CPF file), :class:`NationalId` (NIR, 1.1.5 only),
:class:`DigitalLevel`, :class:`DigitalResult`, :class:`Registration`.

Functions:

* :class:`FluxWriter`: one file streamed passage by passage, within the CDC
  limits; :func:`build_flux` (bytes) / :func:`write_flux` (streamed into a binary
  file) write a whole :class:`Flux` through it;
* :func:`split_flux`: several :class:`Flux` within the CDC limits (200 000
  passages, 200 MB per file by default);
* :func:`check_flux` (objects), :class:`FluxChecker` (the same, piece by piece),
  :func:`check_value` (one value) and :func:`check_xml` (a file): lists of
  :class:`Problem`;
* :func:`read_passages`: the passages of an XML flux back, by idTechnique, with
  their certification type and code (to withdraw them as they were sent);
  :func:`passage_from_xml`: one ``passageCertification`` element read back;
* :func:`parse_report`: the CDC processing report as a :class:`Report`;
  :func:`locate_line` / :func:`locate_lines`: passage and element of lines of a
  deposited file;
* :func:`generate_xsd` / :func:`load_schema`: the project's own XSD files;
* :mod:`.rules`: the CDC rules the Odoo side asks for (selections, limits,
  formats, :func:`supports`, :func:`reporting_deadline`);
* :mod:`.messages`: every message in French and English (:func:`render`);
  :mod:`.limits`: the input limits; :mod:`.text`: the character policy.

Problems and errors (:class:`FluxError` and its subclasses
:class:`UnsupportedFeatureError`, :class:`MissingValueError`,
:class:`InvalidValueError`; :class:`ReportError`) carry a ``code`` and
``params``; ``message`` / ``str()`` are French, ``render(lang)`` gives French or
English.
"""

from .builder import FluxWriter, build_flux, normalize_nir, write_flux
from .checker import (
    ERROR,
    FILE_CODES,
    PROBLEM_CODES,
    SCHEMA_CODES,
    WARNING,
    FluxChecker,
    Problem,
    check_flux,
    check_value,
)
from .dictionary import LATEST_VERSION, SCHEMA_VERSIONS, label_for
from .errors import (
    FluxError,
    InvalidValueError,
    MissingValueError,
    ReportError,
    UnsupportedFeatureError,
)
from .limits import (
    MAX_FLUX_BYTES,
    MAX_LINE_NUMBER,
    MAX_REPORT_BYTES,
    MAX_REPORT_PASSAGES,
    MAX_REPORT_TEXT_CHARS,
    MAX_REPORT_XSD_ERRORS,
    MAX_SCHEMA_PROBLEMS,
    MAX_TECHNICAL_ID_CHARS,
    MAX_XML_DEPTH,
    MAX_XML_TEXT_BYTES,
)
from .messages import MESSAGES, language, render
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
from .report import (
    CATEGORIES,
    Location,
    PassageResult,
    Report,
    XsdError,
    category_label,
    classify_message,
    explanation,
    locate_line,
    locate_lines,
    parse_report,
)
from .rules import (
    BIRTH_YEAR_MAX,
    BIRTH_YEAR_MIN,
    CERTIFICATION_CODE_EXAMPLES,
    CERTIFICATION_CODE_PATTERN,
    CERTIFICATION_TYPES,
    COUNTRY_CODE_PATTERN,
    DIGCOMP_COMPETENCES,
    DIGITAL_LEVEL_MAX,
    DIGITAL_SCORE_MAX,
    FEATURES,
    FRANCE_INSEE_COUNTRY_CODE,
    INSEE_CODE_PATTERN,
    INSEE_COUNTRY_CODE_PATTERN,
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
from .schemas import generate_xsd, load_schema
from .limits import MAX_BYTES_PER_FILE, MAX_PASSAGES_PER_FILE
from .split import split_flux
from .text import INVISIBLE_REMOVED_FIELDS, character_name, prepare_text
from .xml_check import check_xml
from .xml_parse import passage_from_xml

__all__ = [
    "BIRTH_YEAR_MAX",
    "BIRTH_YEAR_MIN",
    "CATEGORIES",
    "CERTIFICATION_CODE_EXAMPLES",
    "CERTIFICATION_CODE_PATTERN",
    "CERTIFICATION_TYPES",
    "COUNTRY_CODE_PATTERN",
    "DIGCOMP_COMPETENCES",
    "DIGITAL_LEVEL_MAX",
    "DIGITAL_SCORE_MAX",
    "ERROR",
    "FEATURES",
    "FILE_CODES",
    "FRANCE_INSEE_COUNTRY_CODE",
    "INSEE_CODE_PATTERN",
    "INSEE_COUNTRY_CODE_PATTERN",
    "INVISIBLE_REMOVED_FIELDS",
    "LATEST_VERSION",
    "MAX_BYTES_PER_FILE",
    "MAX_FLUX_BYTES",
    "MAX_LINE_NUMBER",
    "MAX_PASSAGES_PER_FILE",
    "MAX_REPORT_BYTES",
    "MAX_REPORT_PASSAGES",
    "MAX_REPORT_TEXT_CHARS",
    "MAX_REPORT_XSD_ERRORS",
    "MAX_SCHEMA_PROBLEMS",
    "MAX_TECHNICAL_ID_CHARS",
    "MAX_XML_DEPTH",
    "MAX_XML_TEXT_BYTES",
    "MESSAGES",
    "NIR_LENGTHS",
    "NIR_PATTERN",
    "POSTCODE_PATTERN",
    "PROBLEM_CODES",
    "REPORTING_DEADLINE_MONTHS",
    "SCHEMA_CODES",
    "SCHEMA_VERSIONS",
    "WARNING",
    "Certification",
    "Certifier",
    "DigitalLevel",
    "DigitalResult",
    "Flux",
    "FluxChecker",
    "FluxError",
    "FluxWriter",
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
    "category_label",
    "character_name",
    "check_flux",
    "check_value",
    "check_xml",
    "classify_message",
    "explanation",
    "generate_xsd",
    "is_certification_code",
    "label_for",
    "language",
    "load_schema",
    "locate_line",
    "locate_lines",
    "max_chars",
    "normalize_nir",
    "parse_report",
    "passage_from_xml",
    "prepare_text",
    "read_passages",
    "render",
    "reporting_deadline",
    "selection",
    "split_flux",
    "supports",
    "version_selection",
    "versions_supporting",
    "write_flux",
]
