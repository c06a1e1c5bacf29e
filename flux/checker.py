"""Check a flux before sending it: the schema, and the business rules the XSD
cannot express (DATA-DICTIONARY sections 4 and 5).

* :class:`FluxChecker` checks a flux piece by piece (envelope, each
  certification, each passage), keeping what spans passages (duplicate
  idTechnique, certifications met): for files generated passage by passage;
* :func:`check_flux` checks the plain objects of :mod:`.model` at once (before
  building);
* :func:`flux.xml_check.check_xml` checks XML with the project's own XSD, then
  applies the same rules to each passage read back from the XML.

Each finding is a :class:`Problem`: a stable ``code`` (listed in
:data:`PROBLEM_CODES`) and ``params``, rendered in French (``message``) or
English (:meth:`Problem.render`) by :mod:`.messages`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from stdnum.fr import nir as stdnum_nir

from .dictionary import (
    PASSAGE_FIELDS,
    SCHEMA_VERSIONS,
    find_node,
    label_for,
    walk,
)
from .limits import MAX_PASSAGES_PER_FILE
from .messages import MESSAGES, has_message, render
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
from .rules import (
    BIRTH_YEAR_MIN,
    CERTIFICATION_CODE_PATTERN,
    CERTIFICATION_TYPES,
    COUNTRY_CODE_PATTERN,
    DIGCOMP_COMPETENCES,
    DIGITAL_LEVEL_MAX,
    DIGITAL_SCORE_MAX,
    INSEE_CODE_PATTERN,
    NIR_PATTERN,
    POSTCODE_PATTERN,
    REPORTING_DEADLINE_MONTHS,
    reporting_deadline,
    supports,
    versions_supporting,
)
from .text import (
    FORBIDDEN_XML_CHAR,
    INVISIBLE_CHAR,
    NIL_LITERALS,
    clean_text,
    code_point,
    identity_key,
    is_plain,
    prepare_text,
    quoted,
)
from .timezone import timestamp_problem, to_paris
from .values import DATETIME_FOR_DATE, as_integer, as_text, date_problem

ERROR = "error"
WARNING = "warning"
ACTIONS = ("CREATION", "SUPPRESSION")

# Name fields where "Nil" or "Null" can be a real name: warning, not error.
NAME_FIELDS = frozenset(
    {
        "nomNaissance",
        "nomUsage",
        "prenom1",
        "prenom2",
        "prenom3",
        "nomTitulaire",
        "prenom1Titulaire",
        "libelleCommuneNaissance",
        "libellePaysNaissance",
    }
)

# Codes of the findings of the schema (check_xml only).
SCHEMA_CODES = frozenset(code for code in MESSAGES if code.startswith("schema_"))
# Codes of the findings about the file itself (check_xml only).
FILE_CODES = frozenset(
    {
        "xml_too_large",
        "xml_doctype",
        "xml_encoding",
        "xml_version",
        "xml_declaration_missing",
        "xml_syntax",
    }
)
_NOT_PROBLEMS = (
    "hint_",
    "reason_",
    "category_",
    "explanation_",
    "passage_context",
    "read_",
)
_NOT_PROBLEM_CODES = {
    "required_in_version",
    "passage_too_large",
    "passage_limit",
    "certification_reopened",
    "writer_closed",
}
# Every code a Problem can have, with its French title (the message of the code
# without its parameters would not read well): the first sentence of the
# French message.
PROBLEM_CODES = {
    code: MESSAGES[code]["fr"].split(" : ")[0].split(" (")[0]
    for code in MESSAGES
    if not code.startswith(_NOT_PROBLEMS)
    and not code.startswith(("report_", "deposited_"))
    and code not in _NOT_PROBLEM_CODES
}


class Problem:
    """One finding of the checker (immutable).

    Attributes:
        technical_id: idTechnique of the passage concerned, None for the envelope.
        holder: display name of the holder ("DUPONT Jean"), None if not a passage.
        field: XML element name ("dateFinValidite").
        label: French label of the element ("Date de fin de validité").
        message: French explanation (rendered from ``code`` and ``params``), says
            how to fix; names the element once.
        severity: "error" (the file must not be sent as is) or "warning".
        code: stable machine key (see :data:`PROBLEM_CODES`).
        line: line in the XML file (check_xml only), else None.
        params: the plain values the message is rendered from.

    :meth:`render` gives the message in French or English, :meth:`label_in`
    the element's label. A Problem built with a ``message`` and a code that is
    not in the catalogue keeps that message in every language.
    """

    __slots__ = (
        "_message",
        "code",
        "field",
        "holder",
        "label",
        "line",
        "params",
        "severity",
        "technical_id",
    )

    def __init__(  # noqa: PLR0917 (positional order of the former dataclass)
        self,
        technical_id: str | None = None,
        holder: str | None = None,
        field: str = "flux",
        label: str | None = None,
        message: str | None = None,
        severity: str = ERROR,
        code: str = "",
        line: int | None = None,
        params: Mapping | None = None,
    ):
        params = dict(params or {})
        set_ = object.__setattr__
        set_(self, "technical_id", technical_id)
        set_(self, "holder", holder)
        set_(self, "field", field)
        set_(self, "label", label or label_for(field, params.get("parent")))
        set_(self, "_message", message)
        set_(self, "severity", severity)
        set_(self, "code", code)
        set_(self, "line", line)
        set_(self, "params", params)

    def __setattr__(self, name, value):
        raise AttributeError(f"Problem is immutable ({name})")

    @property
    def message(self) -> str:
        """The French message."""
        if self._message is None:
            object.__setattr__(self, "_message", self.render("fr"))
        return self._message

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def render(self, lang: str = "fr") -> str:
        """The message in ``lang`` (any code starting with "fr": French, else
        English)."""
        if not has_message(self.code):
            return self._message or ""
        return render(self.code, {"field": self.field, **self.params}, lang)

    def label_in(self, lang: str = "fr") -> str:
        """The label of the element in ``lang``."""
        if lang.lower().startswith("fr") or not find_node(self.field):
            return self.label
        return label_for(self.field, self.params.get("parent"), lang)

    def with_line(self, line: int | None) -> Problem:
        """This problem at ``line`` of the XML file."""
        return Problem(
            self.technical_id,
            self.holder,
            self.field,
            self.label,
            self._message,
            self.severity,
            self.code,
            line,
            self.params,
        )

    def _key(self):
        return (
            self.technical_id,
            self.holder,
            self.field,
            self.label,
            self.severity,
            self.code,
            self.line,
        )

    def __eq__(self, other):
        if not isinstance(other, Problem):
            return NotImplemented
        return (
            self._key() == other._key()
            and self.params == other.params
            and self.message == other.message
        )

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return (
            f"Problem(technical_id={self.technical_id!r}, field={self.field!r}, "
            f"code={self.code!r}, severity={self.severity!r}, line={self.line!r}, "
            f"message={self.message!r})"
        )


_NODES = {node.name: node for _path, node in walk()}
# Elements whose texts have facets (length, list of values) to check.
_FACETED = frozenset(
    name
    for name, node in _NODES.items()
    if node.length is not None or node.max_length is not None or node.enum
)
_NIL_LENGTH = max(len(literal) for literal in NIL_LITERALS)
_ENUM_VALUES = {name: frozenset(node.values) for name, node in _NODES.items()}
_UUID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I
)


def _is_uuid(value: str) -> bool:
    """Canonical UUID text, ASCII hexadecimal digits only."""
    return value.isascii() and _UUID.fullmatch(value) is not None


def _items(values) -> list:
    """``values`` as a list (None or a non-sequence: empty)."""
    if isinstance(values, (list, tuple)):
        return list(values)
    return []


def _small_int(value) -> int | None:
    """``value`` as an int within the XSD's int range, else None."""
    number = as_integer(value) if value is not None else None
    if number.__class__ is int and -(2**31) <= number < 2**31:
        return number
    return None


def _plain_date(value) -> date | None:
    """``value`` when it is a date (not a datetime) the XSD can write, else None."""
    if date_problem(value) is None and 1900 <= value.year <= 2099:
        return value
    return None


def _paris_today() -> date:
    return to_paris().date()


def _since(feature: str) -> str:
    """The oldest schema version with ``feature``."""
    return versions_supporting(feature)[-1]


def _type_name(value) -> str:
    return type(value).__name__


class FluxChecker:
    """The business rules, one piece of a flux at a time.

    ``known_ids``: idTechnique already sent in earlier files (a set is used as
    is); ``today``: reference date for future/late dates (default: today in
    Paris). Call :meth:`check_envelope` once, :meth:`check_certification` for
    each certification, :meth:`check_passage` for each of its passages (after
    its certification), then :meth:`finish`; each returns the problems it found.
    The state across calls (idTechnique seen, certifications met, passages
    counted) is kept, so that the problems are those :func:`check_flux` gives
    on the whole flux.

    Raises ValueError for an unknown ``version`` (:func:`check_flux` reports it
    as a problem instead).
    """

    from_xml = False  # values come from an XML file (see flux.xml_check)

    def __init__(
        self,
        version: str,
        action: str = "CREATION",
        known_ids: Iterable[str] = (),
        today: date | None = None,
    ):
        if version not in SCHEMA_VERSIONS:
            raise ValueError(f"unknown schema version {version!r}")
        self.version = version
        self.action = action
        self.known_ids = (
            known_ids
            if isinstance(known_ids, (set, frozenset))
            else set(known_ids or ())
        )
        if isinstance(today, datetime):
            today = today.date()
        self.today = today or _paris_today()
        self.problems: list[Problem] = []
        self.seen_ids: set[str] = set()  # identity keys (flux.text.identity_key)
        self._known_keys: set[str] | None = None
        self.seen_codes: set[tuple[str, str]] = set()
        self.technical_id: str | None = None
        self.holder = None  # identification of the current passage
        self.line: int | None = None
        self.passage_count = 0
        self._certifications: list[list] = []  # [code, passage count]

    # -- public API ---------------------------------------------------------------

    def check_envelope(
        self,
        sender_id,
        certifier_client_id,
        contract_id,
        flux_id=None,
        timestamp=None,
    ) -> list[Problem]:
        """The envelope: action, idFlux, horodatage (None: now), sender's and
        certifier's client numbers, contract number."""
        self._envelope(sender_id, certifier_client_id, contract_id, flux_id, timestamp)
        return self._take()

    def check_certification(self, certification: Certification) -> list[Problem]:
        """A certification's header (type, code, nature); its passages are checked
        by :meth:`check_passage`."""
        if not isinstance(certification, Certification):
            self._wrong_object("certification", "Certification", certification)
        else:
            self.certification_header(certification)
        return self._take()

    def check_passage(self, passage: Passage) -> list[Problem]:
        """One passage of the current certification."""
        if isinstance(passage, Passage):
            self.passage(passage)
        else:
            self.technical_id = self.holder = None
            self._wrong_object("passageCertification", "Passage", passage)
        self.passage_count += 1
        if self._certifications:
            self._certifications[-1][1] += 1
        return self._take()

    def finish(self) -> list[Problem]:
        """What concerns the whole file: no certification, a certification
        without passages, more passages than a file holds."""
        self.technical_id = self.holder = None
        if not self._certifications:
            self.report("certifications", "no_certification")
        for code, count in self._certifications:
            if not count:
                self.report("passageCertifications", "no_passage", {"code": code})
        if self.passage_count > MAX_PASSAGES_PER_FILE:
            self.report(
                "passageCertifications",
                "too_many_passages",
                {"count": self.passage_count, "max": MAX_PASSAGES_PER_FILE},
                WARNING,
            )
        return self._take()

    def check(self, flux: Flux) -> list[Problem]:
        """Every problem of ``flux`` (see :func:`check_flux`)."""
        found = []
        if not isinstance(flux.certifier, Certifier):
            self.report("certificateur", "wrong_object", _wrong("Certifier", None))
            found += self._take()
            found += self.check_envelope(
                flux.sender_id, None, None, flux.flux_id, flux.timestamp
            )
            return found
        certifier = flux.certifier
        found += self.check_envelope(
            flux.sender_id,
            certifier.client_id,
            certifier.contract_id,
            flux.flux_id,
            flux.timestamp,
        )
        for certification in _items(certifier.certifications):
            found += self.check_certification(certification)
            if isinstance(certification, Certification):
                for passage in _items(certification.passages):
                    found += self.check_passage(passage)
        found += self.finish()
        return found

    def _take(self) -> list[Problem]:
        found = self.problems
        self.problems = []
        return found

    # -- reporting ----------------------------------------------------------------

    def report(
        self,
        field: str,
        code: str,
        params: Mapping | None = None,
        severity: str = ERROR,
    ) -> None:
        self.problems.append(
            Problem(
                technical_id=self.technical_id,
                holder=getattr(self.holder, "display_name", None) or None,
                field=field,
                severity=severity,
                code=code,
                line=self.line,
                params=params,
            )
        )

    def _wrong_object(self, field: str, expected: str, value) -> None:
        self.report(field, "wrong_object", _wrong(expected, value))

    def missing(self, field: str, code: str = "missing_value", **params) -> None:
        self.report(field, code, params)

    def _required_by_schema(self, field: str) -> bool:
        """True when the XSD of this version requires ``field`` (check_xml then
        reports it missing already)."""
        return PASSAGE_FIELDS[field].min_occurs(self.version) >= 1

    # -- generic value checks, driven by the dictionary ---------------------------

    def text(
        self, field: str, value, required: bool = False, parent: str | None = None
    ) -> str | None:
        """Check a string value; return it as it will be written (None when
        missing). ``parent``: the parent element, for names used twice."""
        if value is None:
            if required:
                self.report(
                    field, "missing_value", {"parent": parent} if parent else {}
                )
            return None
        if value.__class__ is str and is_plain(value):  # hot path
            if len(value) <= _NIL_LENGTH or (not self.from_xml and field in _FACETED):
                self._plain_text_rules(field, value, parent)
            return value
        extra = {"parent": parent} if parent else {}
        text = as_text(value)
        if text is None:
            self.report(field, "not_a_text", {"type": _type_name(value), **extra})
            return None
        if is_plain(text):
            cleaned = text
        else:
            cleaned = self._characters(field, text, extra)
            if cleaned is None:
                if required:
                    self.report(field, "missing_value", extra)
                return None
        self._plain_text_rules(field, cleaned, parent)
        return cleaned

    def _plain_text_rules(self, field: str, value: str, parent: str | None) -> None:
        """Rules on a text as it will be written: nil literals, and the facets
        (length, list of values) unless the schema checked them already."""
        extra = {"parent": parent} if parent else {}
        if len(value) <= _NIL_LENGTH and value.lower() in NIL_LITERALS:
            code = "nil_literal_name" if field in NAME_FIELDS else "nil_literal"
            severity = WARNING if field in NAME_FIELDS else ERROR
            self.report(field, code, {"value": quoted(value), **extra}, severity)
        if not self.from_xml and field in _FACETED:
            self._facets(field, value, extra)

    def _characters(  # noqa: PLR0912 (one branch per finding)
        self, field: str, value: str, extra: dict
    ) -> str | None:
        """Report what :func:`flux.text.prepare_text` finds in ``value``."""
        prepared = prepare_text(value, field)
        shown = quoted(prepared.text or "")
        in_file = self.from_xml
        if prepared.refused:
            char = prepared.refused
            if FORBIDDEN_XML_CHAR.match(char):
                code = "forbidden_character"
            elif INVISIBLE_CHAR.match(char):
                code = "invisible_in_identifier"
            else:
                code = "control_character"
            self.report(field, code, {"char": code_point(char), **extra})
            return prepared.text
        if prepared.invisible:
            chars = [code_point(char) for char in prepared.invisible]
            if in_file:
                self.report(
                    field, "invisible_character_in_file", {"chars": chars, **extra}
                )
            else:
                self.report(
                    field,
                    "invisible_character",
                    {"chars": chars, "value": shown, **extra},
                    WARNING,
                )
        if prepared.whitespace:
            if in_file:
                self.report(field, "whitespace_in_file", extra)
            else:
                self.report(field, "whitespace", extra, WARNING)
        if prepared.normalized:
            if in_file:
                self.report(field, "not_nfc_in_file", extra, WARNING)
            else:
                self.report(field, "not_nfc", {"value": shown, **extra}, WARNING)
        return prepared.text

    def _facets(self, field: str, value: str, extra: dict) -> None:
        node = _NODES.get(field)
        if node is None:
            return
        size = len(value)
        if node.length is not None and size != node.length:
            self.report(
                field,
                "wrong_length",
                {"length": node.length, "value": quoted(value), "size": size, **extra},
            )
        elif node.max_length is not None and size > node.max_length:
            self.report(
                field, "too_long", {"size": size, "max": node.max_length, **extra}
            )
        if node.enum and value not in node.values:
            self.report(
                field,
                "not_in_list",
                {"value": quoted(value), "values": list(node.values), **extra},
            )

    def integer(self, field: str, value, required: bool = False) -> int | None:
        if value.__class__ is int and self.from_xml:
            return value  # read from a number the schema accepted (its range)
        node = PASSAGE_FIELDS[field]
        if value is None:
            if required:
                self.report(field, "missing_value")
            return None
        number = as_integer(value)
        if number.__class__ is str:
            self.report(field, "not_an_integer", {"value": quoted(value)})
            return None
        if not node.min_value <= number <= node.max_value:
            self.report(
                field,
                "out_of_range",
                {"value": quoted(number), "min": node.min_value, "max": node.max_value},
            )
            return None
        return number

    def day(self, field: str, value, required: bool = False) -> date | None:
        if value.__class__ is date and self.from_xml:
            return value  # read from a date the schema accepted (its years)
        if value is None:
            if required:
                self.report(field, "missing_value")
            return None
        problem = date_problem(value)
        if problem == DATETIME_FOR_DATE:
            self.report(field, "datetime_for_date", {"value": quoted(value)})
            return None
        if problem:
            self.report(field, "not_a_date", {"value": quoted(value)})
            return None
        if not 1900 <= value.year <= 2099:
            self.report(
                field,
                "date_out_of_range",
                {"value_date": f"{value.year:04d}-{value.month:02d}-{value.day:02d}"},
            )
            return None
        return value

    def enum(self, field: str, value, required: bool = False) -> str | None:
        # Fast path: an allowed value is clean.
        if value.__class__ is str and value in _ENUM_VALUES[field]:
            return value
        return self.text(field, value, required=required)

    def boolean(self, field: str, value, required: bool = False) -> bool | None:
        if value is None:
            if required:
                self.report(field, "missing_value")
            return None
        if not isinstance(value, bool):
            self.report(field, "not_a_boolean", {"value": quoted(value)})
            return None
        return value

    # -- envelope -----------------------------------------------------------------

    def _envelope(self, sender_id, client_id, contract_id, flux_id, timestamp):
        self.technical_id = self.holder = None
        action = self.action
        if action.__class__ is not str or action not in ACTIONS:
            self.report(
                "action",
                "unsupported_action",
                {"action": quoted(action), "choices": list(ACTIONS)},
            )
        elif action == "SUPPRESSION" and not supports(self.version, "withdrawal"):
            self.report(
                "action", "withdrawal_unsupported", {"since": _since("withdrawal")}
            )
        self.flux_id(flux_id)
        self.timestamp(timestamp)
        self.text("idClient", sender_id, required=True, parent="emetteur")
        if client_id is not None or contract_id is not None or not self.from_xml:
            self.text("idClient", client_id, required=True, parent="certificateur")
            self.text("idContrat", contract_id, required=True)

    def flux_id(self, value) -> None:
        flux_id = self.text("idFlux", value)
        if flux_id is not None and not _is_uuid(flux_id):
            code = "flux_id_not_uuid_in_file" if self.from_xml else "flux_id_not_uuid"
            self.report("idFlux", code, {"value": quoted(flux_id)}, WARNING)

    def timestamp(self, moment) -> None:
        problem = timestamp_problem(moment)
        if problem:
            code, params = problem
            self.report("horodatage", code, params)

    def certification_header(self, certification: Certification) -> None:
        self.technical_id = self.holder = None
        kind = self.text("type", certification.type, required=True)
        code = self.text("code", certification.code, required=True)
        self.text("natureDeposant", certification.depositor_nature)
        self._certifications.append([quoted(code or ""), 0])
        if kind is not None and kind not in CERTIFICATION_TYPES:
            self.report(
                "type",
                "certification_type",
                {"value": quoted(kind), "choices": list(CERTIFICATION_TYPES)},
            )
        if code is None:
            return
        match = CERTIFICATION_CODE_PATTERN.fullmatch(code)
        if not match:
            self.report("code", "certification_code", {"value": quoted(code)})
        elif kind in CERTIFICATION_TYPES and match.group(1) != kind:
            self.report(
                "code",
                "certification_type_mismatch",
                {"value": code, "type": kind, "prefix": match.group(1)},
            )
        key = (kind, code)
        if key in self.seen_codes:
            duplicate = (
                "duplicate_certification_in_file"
                if self.from_xml
                else "duplicate_certification"
            )
            self.report("code", duplicate, {"value": quoted(code)}, WARNING)
        self.seen_codes.add(key)

    # -- passage ------------------------------------------------------------------

    def passage(self, passage: Passage) -> None:
        holder = passage.holder
        self.holder = holder
        raw_id = passage.technical_id
        if raw_id.__class__ is str and is_plain(raw_id):
            self.technical_id = raw_id if len(raw_id) <= 255 else raw_id[:255]
        else:
            raw_id = as_text(raw_id)
            self.technical_id = quoted(clean_text(raw_id), 255) if raw_id else None
        technical_id = self.text("idTechnique", passage.technical_id, required=True)
        if technical_id is not None:
            key = technical_id if is_plain(technical_id) else identity_key(technical_id)
            if key in self.seen_ids:
                self.report(
                    "idTechnique",
                    "duplicate_technical_id",
                    {"value": quoted(technical_id)},
                )
            self.seen_ids.add(key)
            if self.action == "CREATION" and self._already_sent(technical_id, key):
                self.report(
                    "idTechnique",
                    "technical_id_already_sent",
                    {"value": quoted(technical_id)},
                )
        self.identification(holder, passage)
        if self.action == "CREATION":
            self.passage_data(passage)

    def _already_sent(self, technical_id: str, key: str) -> bool:
        known = self.known_ids
        if technical_id in known or key in known:
            return True
        if self._known_keys is None:  # built once, only when ids are not plain
            self._known_keys = {
                identity_key(known_id)
                for known_id in known
                if isinstance(known_id, str) and not is_plain(known_id)
            }
        return key in self._known_keys

    def _dictionary_required(self, field: str, value) -> None:
        """DICO keeps ``field`` mandatory for CREATION; under a version whose XSD
        requires it too, check_xml has reported it already."""
        if value is None and not (self.from_xml and self._required_by_schema(field)):
            self.report(field, "missing_in_dictionary")

    def passage_data(self, passage: Passage) -> None:
        text = self.text
        # Optional values are often missing: test before calling (hot path).
        if passage.proof_url is not None:
            text("urlPreuve", passage.proof_url)
        if passage.option_label is not None:
            text("libelleOption", passage.option_label)
        obtention = self.enum("obtentionCertification", passage.obtention)
        self._dictionary_required("obtentionCertification", passage.obtention)
        self.boolean("donneeCertifiee", passage.certified)
        self._dictionary_required("donneeCertifiee", passage.certified)
        exam_start = self.day("dateDebutExamen", passage.exam_start)
        exam_end = self.day("dateFinExamen", passage.exam_end)
        if passage.exam_mode is not None:
            self.enum("modalitePassageExamen", passage.exam_mode)
        if passage.exam_center_postcode is not None:
            text("codePostalCentreExamen", passage.exam_center_postcode)
        start = self.day("dateDebutValidite", passage.validity_start)
        self._dictionary_required("dateDebutValidite", passage.validity_start)
        end = self.day("dateFinValidite", passage.validity_end)
        self.dates(exam_start, exam_end, start, end)
        self.levels(passage)
        scoring = text("scoring", passage.scoring)
        if obtention == "PAR_SCORING" and scoring is None:
            self.report("scoring", "scoring_missing", None, WARNING)
        if passage.honours is not None:
            self.enum("mentionValidee", passage.honours)
        registration = passage.registration
        if registration is None:
            if self._required_by_schema("modalitesInscription") and not self.from_xml:
                self.report(
                    "modalitesInscription",
                    "missing_in_version",
                    {"version": self.version},
                )
        elif isinstance(registration, Registration):
            self.registration(registration, start)
        else:
            self._wrong_object("modalitesInscription", "Registration", registration)
        if passage.verbatim is not None:
            text("verbatim", passage.verbatim)

    def dates(self, exam_start, exam_end, start, end) -> None:
        if exam_start and exam_end and exam_end < exam_start:
            self.report(
                "dateFinExamen",
                "exam_dates_order",
                {
                    "end_date": exam_end.isoformat(),
                    "start_date": exam_start.isoformat(),
                },
            )
        if start and end and end < start:
            self.report(
                "dateFinValidite",
                "validity_dates_order",
                {"end_date": end.isoformat(), "start_date": start.isoformat()},
            )
        # DICO 5.10: the issue date is the date on the parchment, after the exam
        # (5.6, 5.7). The CDC does not refuse an earlier one (its own examples
        # have one), so this is a warning.
        if start and exam_start and start < exam_start:
            self.report(
                "dateDebutValidite",
                "issue_before_exam_start",
                {"issue_date": start.isoformat(), "exam_date": exam_start.isoformat()},
                WARNING,
            )
        elif start and exam_end and start < exam_end:
            self.report(
                "dateDebutValidite",
                "issue_before_exam_end",
                {"issue_date": start.isoformat(), "exam_date": exam_end.isoformat()},
                WARNING,
            )
        if start and start > self.today:
            self.report(
                "dateDebutValidite",
                "issue_date_future",
                {"issue_date": start.isoformat()},
            )
        elif start and reporting_deadline(start) < self.today:
            self.report(
                "dateDebutValidite",
                "late_transmission",
                {"issue_date": start.isoformat(), "months": REPORTING_DEADLINE_MONTHS},
                WARNING,
            )

    def levels(self, passage: Passage) -> None:
        language = self.enum("niveauLangueEuropeen", passage.language_level)
        self.boolean("presenceNiveauLangueEuro", passage.language_level_present)
        if passage.has_language_level and language is None:
            self.report("niveauLangueEuropeen", "language_presence_mismatch")
        elif language is not None and not passage.has_language_level:
            self.report(
                "presenceNiveauLangueEuro",
                "language_level_without_flag",
                {"value": quoted(language)},
            )
        self.boolean("presenceNiveauNumeriqueEuro", passage.digital_level_present)
        digital = passage.digital_level
        if passage.has_digital_level and digital is None:
            self.report("niveauNumeriqueEuropeen", "digital_presence_mismatch")
        elif digital is not None and not passage.has_digital_level:
            self.report("presenceNiveauNumeriqueEuro", "digital_level_without_flag")
        if isinstance(digital, DigitalLevel):
            self.digital(digital)
        elif digital is not None:
            self._wrong_object("niveauNumeriqueEuropeen", "DigitalLevel", digital)

    def digital(self, digital: DigitalLevel) -> None:
        score = self.integer("scoreGeneral", digital.general_score)
        if score is None and digital.general_score is None:
            self.report(
                "scoreGeneral", "digital_score_missing", {"max": DIGITAL_SCORE_MAX}
            )
        seen = set()
        for result in _items(digital.results):
            if not isinstance(result, DigitalResult):
                self._wrong_object("resultat", "DigitalResult", result)
                continue
            self.integer("niveau", result.level)
            area = self.text("domaineCompetenceId", result.area_id)
            competence = self.text("competenceId", result.competence_id)
            if result.level is None or area is None or competence is None:
                self.report(
                    "resultat",
                    "digital_result_incomplete",
                    {"max": DIGITAL_LEVEL_MAX},
                    WARNING,
                )
            if area is None or competence is None:
                continue
            count = DIGCOMP_COMPETENCES.get(area)
            shown = {"area": quoted(area), "competence": quoted(competence)}
            # ASCII digits only: "²".isdigit() is true but int("²") fails.
            if count is None or not (
                len(competence) == 1 and "1" <= competence <= str(count)
            ):
                self.report("competenceId", "digital_competence_unknown", shown)
            elif (area, competence) in seen:
                self.report("competenceId", "digital_competence_twice", shown, WARNING)
            seen.add((area, competence))

    def registration(self, registration: Registration, issue: date | None) -> None:
        access = self.enum("modaliteAcces", registration.access_mode)
        route = registered = None
        if registration.vae_route is not None:
            route = self.enum("voieAccessVAE", registration.vae_route)
        if registration.initiative is not None:
            self.enum("initiativeInscription", registration.initiative)
        if registration.registration_date is not None:
            registered = self.day("dateInscription", registration.registration_date)
        if route is not None and access is not None and access != "VAE":
            self.report(
                "voieAccessVAE",
                "vae_route_without_vae",
                {"route": quoted(route), "access": quoted(access)},
                WARNING,
            )
        if registered and issue and registered > issue:
            self.report(
                "dateInscription",
                "registration_after_issue",
                {
                    "registration_date": registered.isoformat(),
                    "issue_date": issue.isoformat(),
                },
                WARNING,
            )

    # -- holder -------------------------------------------------------------------

    def identification(self, holder, passage: Passage) -> None:
        if isinstance(holder, Holder):
            self.titulaire(holder, passage)
        elif isinstance(holder, TrainingFile):
            self.text("idDossier", holder.file_id, required=True)
            self.text("nomTitulaire", holder.last_name, required=True)
            self.text("prenom1Titulaire", holder.first_name, required=True)
        elif isinstance(holder, NationalId):
            self.national_id(holder)
        elif holder is not None:
            self._wrong_object("identificationTitulaire", "Holder", holder)
        elif not self.from_xml:  # in XML, the schema reports a missing branch
            self.report("identificationTitulaire", "holder_missing")

    def national_id(self, holder: NationalId) -> None:
        if not supports(self.version, "national_id"):
            self.report(
                "identifiantNational",
                "unsupported_identification",
                {"since": _since("national_id")},
            )
        self.text("nomNaissance", holder.birth_name, required=True)
        self.nir(
            holder.nir, holder.sex, holder.birth_year, holder.birth_month, required=True
        )

    def nir(self, value, sex, year, month, required: bool = False) -> None:
        if value is None:
            if required:
                self.report("nir", "missing_value")
            return
        text = as_text(value)
        compact = "".join(text.split()).upper() if text is not None else ""
        if not NIR_PATTERN.fullmatch(compact):
            self.report("nir", "nir_format", {"value": quoted(value)})
            return
        if len(compact) == 15 and not stdnum_nir.is_valid(compact):
            self.report("nir", "nir_key", {"value": compact})
        if sex in ("M", "F") and compact[0] != ("1" if sex == "M" else "2"):
            self.report("nir", "nir_sex", {"digit": compact[0], "sex": sex})
        year = _small_int(year)
        month = _small_int(month)
        if year is not None and compact[1:3] != f"{year % 100:02d}":
            self.report("nir", "nir_birth_year", {"digits": compact[1:3], "year": year})
        nir_month = int(compact[3:5])
        if month is not None and 1 <= nir_month <= 12 and nir_month != month:
            self.report(
                "nir", "nir_birth_month", {"nir_month": nir_month, "month": month}
            )

    def titulaire(self, holder: Holder, passage: Passage) -> None:
        text = self.text
        text("nomNaissance", holder.birth_name, required=True)
        text("prenom1", holder.first_name, required=True)
        if holder.usage_name is not None:
            text("nomUsage", holder.usage_name)
        if holder.first_name_2 is not None:
            text("prenom2", holder.first_name_2)
        if holder.first_name_3 is not None:
            text("prenom3", holder.first_name_3)
        sex = self.enum("sexe", holder.sex, required=True)
        self.birth_date(holder, passage)
        self.birthplace(holder)
        if holder.nir is not None:
            self.nir(holder.nir, sex, holder.birth_year, holder.birth_month)

    def birth_date(self, holder: Holder, passage: Passage) -> None:
        given_year = as_integer(holder.birth_year) if holder.birth_year else None
        if given_year.__class__ is int and given_year < BIRTH_YEAR_MIN:
            self.report(
                "anneeNaissance",
                "birth_date_too_old",
                {"value": quoted(given_year), "min": BIRTH_YEAR_MIN},
            )
            return
        year = self.integer("anneeNaissance", holder.birth_year, required=True)
        month = self.integer("moisNaissance", holder.birth_month)
        day = self.integer("jourNaissance", holder.birth_day)
        if year is None:
            return
        if day is not None and month is None:
            self.report("moisNaissance", "birth_day_without_month", None, WARNING)
        try:
            earliest = date(year, month or 1, day or 1)
        except ValueError:
            self.report(
                "jourNaissance",
                "impossible_date",
                {"day": day, "month": month, "year": year},
            )
            return
        if earliest > self.today:
            self.report(
                "anneeNaissance",
                "birth_date_future",
                {"birth_date": earliest.isoformat()},
            )
        elif (issue := _plain_date(passage.validity_start)) and earliest > issue:
            self.report("anneeNaissance", "birth_after_issue")

    def birthplace(self, holder: Holder) -> None:
        text = self.text
        insee = text("codeInsee", holder.birth_insee_code)
        postcode = text("codePostal", holder.birth_postcode)
        country = None
        if holder.birth_commune_name is not None:
            text("libelleCommuneNaissance", holder.birth_commune_name)
        if holder.birth_country_code is not None:
            country = text("codePaysNaissance", holder.birth_country_code)
        if holder.birth_country_name is not None:
            text("libellePaysNaissance", holder.birth_country_name)
        if insee is not None:
            if not INSEE_CODE_PATTERN.fullmatch(insee):
                self.report("codeInsee", "insee_format", {"value": quoted(insee)})
            if postcode is not None and not self.from_xml:
                self.report("codePostal", "birthplace_both", None, WARNING)
        elif postcode is not None and not POSTCODE_PATTERN.fullmatch(postcode):
            self.report("codePostal", "postcode_format", {"value": quoted(postcode)})
        elif postcode is None:
            self.report("codeCommuneNaissance", "birthplace_unknown", None, WARNING)
        if country is None:
            return
        if insee is None or not insee.startswith("99"):
            self.report(
                "codePaysNaissance",
                "country_for_france_birth",
                {"value": quoted(country)},
            )
        elif not COUNTRY_CODE_PATTERN.fullmatch(country) or insee[2:] != country:
            self.report(
                "codePaysNaissance",
                "country_code_mismatch",
                {
                    "value": quoted(country),
                    "insee": quoted(insee),
                    "expected_code": quoted(insee[2:]),
                },
            )


def _wrong(expected: str, value) -> dict:
    return {"expected_type": expected, "type": _type_name(value)}


def check_flux(
    flux: Flux, known_ids: Iterable[str] = (), today: date | None = None
) -> list[Problem]:
    """Every problem of ``flux`` before building it.

    ``known_ids``: idTechnique already sent in earlier files (a set is used as is);
    ``today``: reference date for future/late dates (default: today in Paris).
    Never raises for bad data: everything is a :class:`Problem`.
    """
    if not isinstance(flux, Flux):
        return [Problem(field="flux", code="wrong_object", params=_wrong("Flux", flux))]
    if flux.version.__class__ is not str or flux.version not in SCHEMA_VERSIONS:
        return [
            Problem(
                field="flux",
                code="unsupported_version",
                params={
                    "version": quoted(flux.version),
                    "choices": list(SCHEMA_VERSIONS),
                },
            )
        ]
    checker = FluxChecker(flux.version, flux.action, known_ids, today)
    return checker.check(flux)


_VALUE_PATTERNS = {
    "codeInsee": ("insee_format", INSEE_CODE_PATTERN),
    "codePostal": ("postcode_format", POSTCODE_PATTERN),
}


def check_value(field: str, value, parent: str | None = None) -> list[Problem]:
    """The problems of one value of element ``field`` on its own (type, characters,
    length, list of values, range, format of NIR, INSEE code and postcode), as
    :func:`check_flux` would report them: for forms that edit such a value."""
    node = find_node(field, parent)
    if node is None or node.kind == "complex":
        raise KeyError(f"unknown flux value element {field!r}")
    checker = FluxChecker(SCHEMA_VERSIONS[0])
    if node.kind == "int":
        checker.integer(field, value)
    elif node.kind == "date":
        checker.day(field, value)
    elif node.kind == "boolean":
        checker.boolean(field, value)
    elif field == "nir":
        checker.nir(value, None, None, None)
    else:
        text = checker.text(field, value, parent=parent)
        code, pattern = _VALUE_PATTERNS.get(field, (None, None))
        if text is not None and pattern is not None and not pattern.fullmatch(text):
            checker.report(field, code, {"value": quoted(text)})
    return checker._take()


# Kept for the Odoo side of today (models/res_partner.py,
# models/accrochage_passage_flux.py): use flux.INSEE_CODE_PATTERN.
INSEE_PATTERN = INSEE_CODE_PATTERN
