"""Build the XML flux from the plain objects of :mod:`.model`.

:class:`FluxWriter` streams one file into a binary file object, passage by
passage, in bounded memory: the envelope (root and its namespace declarations,
flux, sender, certifier) is written when the writer opens, each certification's
header when its first passage comes, each passage when it is added (rendered
once, into an escaped UTF-8 fragment), and the end of the envelope on
:meth:`FluxWriter.close`. It refuses a passage that would take the file past its
limits (passages, bytes), so that the caller starts the next file.
:func:`write_flux` and :func:`build_flux` write a whole :class:`Flux` through it.

The output is well-formed by construction: every tag comes from the dictionary,
``&``, ``<`` and ``>`` are escaped, and every value goes through the same rules
as the checker (:mod:`.values` for types, :mod:`.text` for characters), so that
the builder never writes a value the checker refuses (it raises
:class:`InvalidValueError` with the checker's message instead) and writes
exactly what the checker announced (trimmed, invisible characters removed from
names, NFC). The tests parse and validate the output against the official XSDs.

Every element is on its own line, without indentation (smaller files), so that a
line number of the CDC processing report points at exactly one element (see
:func:`flux.report.locate_line`).

Rules applied (from :mod:`.dictionary`):

* a missing value of an *Obligatoire (sauf nil)* element is written
  ``<cpf:x xsi:nil="true"/>``; a missing *Facultatif* value is omitted; a missing
  value the target XSD requires and cannot be nil raises :class:`MissingValueError`;
* strings are trimmed and collapsed to one line, an empty result counts as missing
  (never an empty tag, never the text ``nill``);
* ``horodatage`` is the Europe/Paris time with its real offset, to the second;
* a version without a feature (``action`` SUPPRESSION, the NIR branch: see
  :func:`flux.rules.supports`) raises :class:`UnsupportedFeatureError`;
* a SUPPRESSION file carries only ``idTechnique`` and the holder identification.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import BinaryIO

from .dictionary import (
    FLUX,
    LATEST_VERSION,
    NAMESPACE,
    OBLIGATOIRE_SAUF_NIL,
    SCHEMA_VERSIONS,
    XSI_NAMESPACE,
    walk,
)
from .errors import (
    FluxError,
    InvalidValueError,
    MissingValueError,
    UnsupportedFeatureError,
)
from .limits import MAX_BYTES_PER_FILE, MAX_PASSAGES_PER_FILE
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
from .rules import NIR_PATTERN, supports, versions_supporting
from .text import (
    FORBIDDEN_XML_CHAR,
    INVISIBLE_CHAR,
    clean_text,
    code_point,
    is_plain,
    prepare_text,
    quoted,
)
from .timezone import paris_timestamp
from .values import as_integer, as_text, date_problem

ACTIONS = ("CREATION", "SUPPRESSION")
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
NSMAP = {"cpf": NAMESPACE, "xsi": XSI_NAMESPACE}

# What to do when a value is missing.
_WRITE_NIL, _OMIT, _REFUSE = "nil", "omit", "refuse"
# Rendered lines of ints, dates and booleans are kept, up to this many per element.
_CACHED_LINES = 4096


def _missing_value_policy(node, version: str) -> str:
    if node.min_occurs(version) >= 1:
        return _WRITE_NIL if node.is_nillable(version) else _REFUSE
    if node.status == OBLIGATOIRE_SAUF_NIL and node.is_nillable(version):
        return _WRITE_NIL
    return _OMIT


@dataclass(slots=True)
class _Element:
    """How to write one element in one version (precomputed for speed)."""

    name: str
    parent: str | None  # the parent's name, for names used twice (idClient)
    start: str  # "\n<cpf:name>"
    end: str  # "</cpf:name>"
    nil: str  # '\n<cpf:name xsi:nil="true"/>'
    missing: str  # _WRITE_NIL, _OMIT or _REFUSE
    label: str
    kind: str
    textual: bool  # a string or enumeration: a plain str is written as it is
    min_value: int | None
    max_value: int | None
    # Class of the values whose whole line is kept in ``lines``, and the lines.
    cached_type: type | None = None
    lines: dict = field(default_factory=dict)


_CACHED_TYPES = {"enum": str, "int": int, "date": date, "boolean": bool}


def _plan(version: str) -> dict[str, _Element]:
    """Per element name (names are unambiguous within the flux), how to write it."""
    plan = {}
    for path, node in walk(FLUX):
        if node.in_version(version) and node.name not in plan:
            parent = path.rsplit("/", 2)[-2] if "/" in path else None
            element = _Element(
                name=node.name,
                parent=parent if node.name == "idClient" else None,
                start=f"\n<cpf:{node.name}>",
                end=f"</cpf:{node.name}>",
                nil=f'\n<cpf:{node.name} xsi:nil="true"/>',
                missing=_missing_value_policy(node, version),
                label=node.label,
                kind=node.kind,
                textual=node.kind in ("string", "enum"),
                min_value=node.min_value,
                max_value=node.max_value,
                cached_type=_CACHED_TYPES.get(node.kind),
            )
            for value in node.values:  # enumerations: every line in advance
                element.lines[value] = element.start + value + element.end
            plan[node.name] = element
    return plan


_PLANS = {version: _plan(version) for version in SCHEMA_VERSIONS}
# Elements the renderer skips when their value is missing: omitted in every
# version (a test checks it against the dictionary).
_OPTIONAL = (
    "urlPreuve",
    "libelleOption",
    "dateDebutExamen",
    "dateFinExamen",
    "modalitePassageExamen",
    "codePostalCentreExamen",
    "niveauLangueEuropeen",
    "verbatim",
    "voieAccessVAE",
    "initiativeInscription",
    "dateInscription",
    "prenom2",
    "prenom3",
    "libelleCommuneNaissance",
    "codePaysNaissance",
    "libellePaysNaissance",
)
assert all(
    plan[name].missing == _OMIT for plan in _PLANS.values() for name in _OPTIONAL
)


def check_target(flux: Flux) -> None:
    """Raise :class:`FluxError` if ``flux`` asks what its target version lacks, or
    is not made of the objects of :mod:`.model`."""
    if not isinstance(flux, Flux):
        raise FluxError("wrong_object", _wrong("Flux", flux), field="flux")
    if not isinstance(flux.certifier, Certifier):
        raise FluxError(
            "wrong_object", _wrong("Certifier", flux.certifier), field="certificateur"
        )
    certifications = flux.certifier.certifications
    if not isinstance(certifications, (list, tuple)):
        raise FluxError(
            "wrong_object",
            _wrong("Certification", certifications),
            field="certification",
        )
    for certification in certifications:
        if not isinstance(certification, Certification):
            raise FluxError(
                "wrong_object",
                _wrong("Certification", certification),
                field="certification",
            )
        if not isinstance(certification.passages, (list, tuple)):
            raise FluxError(
                "wrong_object",
                _wrong("Passage", certification.passages),
                field="passageCertifications",
            )
    check_version(flux.version, flux.action)


def check_version(version: str, action: str) -> None:
    """Raise :class:`FluxError` for an unknown version or action, or an action
    the version lacks."""
    if version.__class__ is not str or version not in SCHEMA_VERSIONS:
        raise FluxError(
            "unsupported_version",
            {"version": quoted(version), "choices": list(SCHEMA_VERSIONS)},
            field="flux",
        )
    if action.__class__ is not str or action not in ACTIONS:
        raise FluxError(
            "unsupported_action",
            {"action": quoted(action), "choices": list(ACTIONS)},
            field="action",
        )
    if action == "SUPPRESSION" and not supports(version, "withdrawal"):
        raise UnsupportedFeatureError(
            "withdrawal_unsupported",
            {"since": versions_supporting("withdrawal")[-1]},
            field="action",
        )


def _wrong(expected: str, value) -> dict:
    return {"expected_type": expected, "type": type(value).__name__}


def format_value(value) -> str | None:
    """XSD lexical form of a Python value; None when missing or empty. Checks
    nothing: the renderer uses :func:`_format` (which refuses what the checker
    refuses)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        raise InvalidValueError("datetime_for_date", {"value": quoted(value)})
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(value) or None


def _invalid(element: _Element, technical_id, code: str, params: dict | None = None):
    params = dict(params or {})
    if element.parent:
        params["parent"] = element.parent
    return InvalidValueError(
        code, params, technical_id=technical_id, field=element.name
    )


def _format(  # noqa: PLR0912 (one branch per kind and finding)
    element: _Element, value, technical_id: str | None
) -> str | None:
    """Text of ``value`` for ``element``; raises :class:`InvalidValueError` on the
    values :mod:`.checker` refuses (same rules: :mod:`.values`, :mod:`.text`),
    with the same message."""
    kind = element.kind
    if kind == "int":
        number = as_integer(value)
        if number.__class__ is str:
            raise _invalid(
                element, technical_id, "not_an_integer", {"value": quoted(value)}
            )
        if not element.min_value <= number <= element.max_value:
            raise _invalid(
                element,
                technical_id,
                "out_of_range",
                {
                    "value": quoted(number),
                    "min": element.min_value,
                    "max": element.max_value,
                },
            )
        return str(number)
    if kind == "date":
        problem = date_problem(value)
        if problem:
            raise _invalid(element, technical_id, problem, {"value": quoted(value)})
        if not 1900 <= value.year <= 2099:
            raise _invalid(
                element,
                technical_id,
                "date_out_of_range",
                {"value_date": f"{value.year:04d}-{value.month:02d}-{value.day:02d}"},
            )
        return value.isoformat()
    if kind == "boolean":
        if value.__class__ is not bool:
            raise _invalid(
                element, technical_id, "not_a_boolean", {"value": quoted(value)}
            )
        return "true" if value else "false"
    text = as_text(value)
    if text is None:
        raise _invalid(
            element, technical_id, "not_a_text", {"type": type(value).__name__}
        )
    prepared = prepare_text(text, element.name)
    if prepared.refused:
        char = prepared.refused
        if FORBIDDEN_XML_CHAR.match(char):
            code = "forbidden_character"
        elif INVISIBLE_CHAR.match(char):
            code = "invisible_in_identifier"
        else:
            code = "control_character"
        raise _invalid(element, technical_id, code, {"char": code_point(char)})
    return prepared.text


def normalize_nir(nir: str) -> str:
    """NIR as sent in the flux: spaces removed, upper case, key (2 last digits)
    dropped when the 15-character form is given."""
    compact = "".join(str(nir).split()).upper()
    return compact[:13] if len(compact) == 15 else compact


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _missing(element: _Element, version: str, technical_id: str | None):
    params = {"version": version}
    if element.parent:
        params["parent"] = element.parent
    return MissingValueError(
        "required_in_version", params, technical_id=technical_id, field=element.name
    )


class _PassageRenderer:
    """Renders one passage into an XML fragment (see the module docstring)."""

    def __init__(self, version: str, action: str):
        self.version = version
        self.action = action
        self.plan = _PLANS[version]
        self.technical_id: str | None = None

    def render(self, passage: Passage) -> str:
        if passage.__class__ is not Passage and not isinstance(passage, Passage):
            raise FluxError(
                "wrong_object", _wrong("Passage", passage), field="passageCertification"
            )
        technical_id = passage.technical_id
        if technical_id.__class__ is str and is_plain(technical_id):
            self.technical_id = technical_id[:255]
        else:
            raw_id = as_text(technical_id)
            self.technical_id = quoted(clean_text(raw_id), 255) if raw_id else None
        out: list[str] = []
        self.passage(out, passage)
        return "".join(out)

    # -- primitives ---------------------------------------------------------------

    def leaf(self, out: list[str], name: str, value) -> None:
        # Hot path (about 30 calls per passage): a value already rendered (an
        # enumeration, a small int, a date, a boolean) is one lookup; a plain
        # string is written as it is; format_value() handles the rest.
        element = self.plan[name]
        if value.__class__ is element.cached_type:
            line = element.lines.get(value)
            if line is not None:
                out.append(line)
                return
        if value is None:
            text = None
        elif value.__class__ is str and element.textual and is_plain(value):
            text = value
            if "&" in text or "<" in text or ">" in text:
                text = _escape(text)
        else:
            text = _format(element, value, self.technical_id)
            if text is not None:
                text = _escape(text)
                if (
                    value.__class__ is element.cached_type
                    and len(element.lines) < _CACHED_LINES
                ):
                    element.lines[value] = element.start + text + element.end
        if not text:
            if element.missing == _WRITE_NIL:
                out.append(element.nil)
            elif element.missing == _REFUSE:
                raise _missing(element, self.version, self.technical_id)
            return
        out.append(element.start + text + element.end)

    # -- blocks -------------------------------------------------------------------

    def passage(self, out: list[str], passage: Passage) -> None:
        plan, leaf = self.plan, self.leaf
        out.append(plan["passageCertification"].start)
        leaf(out, "idTechnique", passage.technical_id)
        # An optional element is omitted when missing in every version
        # (_OPTIONAL): the call is skipped (hot path).
        if self.action != "SUPPRESSION":
            if passage.proof_url is not None:
                leaf(out, "urlPreuve", passage.proof_url)
            if passage.option_label is not None:
                leaf(out, "libelleOption", passage.option_label)
            leaf(out, "obtentionCertification", passage.obtention)
            leaf(out, "donneeCertifiee", passage.certified)
            if passage.exam_start is not None:
                leaf(out, "dateDebutExamen", passage.exam_start)
            if passage.exam_end is not None:
                leaf(out, "dateFinExamen", passage.exam_end)
            if passage.exam_mode is not None:
                leaf(out, "modalitePassageExamen", passage.exam_mode)
            if passage.exam_center_postcode is not None:
                leaf(out, "codePostalCentreExamen", passage.exam_center_postcode)
            leaf(out, "dateDebutValidite", passage.validity_start)
            leaf(out, "dateFinValidite", passage.validity_end)
            leaf(out, "presenceNiveauLangueEuro", passage.has_language_level)
            if passage.language_level is not None:
                leaf(out, "niveauLangueEuropeen", passage.language_level)
            leaf(out, "presenceNiveauNumeriqueEuro", passage.has_digital_level)
            if passage.digital_level is not None:
                self.digital_level(out, passage.digital_level)
            leaf(out, "scoring", passage.scoring)
            leaf(out, "mentionValidee", passage.honours)
            self.registration(out, passage.registration)
        self.identification(out, passage.holder)
        if self.action != "SUPPRESSION" and passage.verbatim is not None:
            leaf(out, "verbatim", passage.verbatim)
        out.append("\n" + plan["passageCertification"].end)

    def digital_level(self, out: list[str], level: DigitalLevel) -> None:
        plan, leaf = self.plan, self.leaf
        if not isinstance(level, DigitalLevel) or not isinstance(
            level.results, (list, tuple)
        ):
            raise FluxError(
                "wrong_object",
                _wrong("DigitalLevel", level),
                technical_id=self.technical_id,
                field="niveauNumeriqueEuropeen",
            )
        out.append(plan["niveauNumeriqueEuropeen"].start)
        leaf(out, "scoreGeneral", level.general_score)
        if level.results:
            out.append(plan["resultats"].start)
            for result in level.results:
                if not isinstance(result, DigitalResult):
                    raise FluxError(
                        "wrong_object",
                        _wrong("DigitalResult", result),
                        technical_id=self.technical_id,
                        field="resultat",
                    )
                out.append(plan["resultat"].start)
                leaf(out, "niveau", result.level)
                leaf(out, "domaineCompetenceId", result.area_id)
                leaf(out, "competenceId", result.competence_id)
                out.append("\n" + plan["resultat"].end)
            out.append("\n" + plan["resultats"].end)
        out.append("\n" + plan["niveauNumeriqueEuropeen"].end)

    def registration(self, out: list[str], registration: Registration | None) -> None:
        element = self.plan["modalitesInscription"]
        if registration is None:
            if element.missing == _REFUSE:
                raise _missing(element, self.version, self.technical_id)
            if element.missing == _WRITE_NIL:
                out.append(element.nil)
            return
        if not isinstance(registration, Registration):
            raise FluxError(
                "wrong_object",
                _wrong("Registration", registration),
                technical_id=self.technical_id,
                field="modalitesInscription",
            )
        leaf = self.leaf
        out.append(element.start)
        leaf(out, "modaliteAcces", registration.access_mode)
        if registration.vae_route is not None:
            leaf(out, "voieAccessVAE", registration.vae_route)
        if registration.initiative is not None:
            leaf(out, "initiativeInscription", registration.initiative)
        if registration.registration_date is not None:
            leaf(out, "dateInscription", registration.registration_date)
        out.append("\n" + element.end)

    def identification(self, out: list[str], holder) -> None:
        plan, leaf = self.plan, self.leaf
        out.append(plan["identificationTitulaire"].start)
        if isinstance(holder, Holder):
            self.titulaire(out, holder)
        elif isinstance(holder, TrainingFile):
            out.append(plan["dossierFormation"].start)
            leaf(out, "idDossier", holder.file_id)
            leaf(out, "nomTitulaire", holder.last_name)
            leaf(out, "prenom1Titulaire", holder.first_name)
            out.append("\n" + plan["dossierFormation"].end)
        elif isinstance(holder, NationalId):
            if "identifiantNational" not in plan:
                raise UnsupportedFeatureError(
                    "unsupported_identification",
                    {"since": versions_supporting("national_id")[-1]},
                    technical_id=self.technical_id,
                    field="identifiantNational",
                )
            out.append(plan["identifiantNational"].start)
            leaf(out, "nir", self.nir(holder.nir))
            leaf(out, "nomNaissance", holder.birth_name)
            out.append("\n" + plan["identifiantNational"].end)
        else:
            raise FluxError(
                "holder_missing" if holder is None else "wrong_object",
                None if holder is None else _wrong("Holder", holder),
                technical_id=self.technical_id,
                field="identificationTitulaire",
            )
        out.append("\n" + plan["identificationTitulaire"].end)

    def nir(self, nir) -> str | None:
        """The 13-character NIR; refused unless well formed (as the checker)."""
        text = as_text(nir)
        if not text:
            return None
        compact = normalize_nir(text)
        if not NIR_PATTERN.fullmatch(compact):
            raise InvalidValueError(
                "nir_format",
                {"value": quoted(text)},
                technical_id=self.technical_id,
                field="nir",
            )
        return compact

    def titulaire(self, out: list[str], holder: Holder) -> None:
        plan, leaf = self.plan, self.leaf
        out.append(plan["titulaire"].start)
        leaf(out, "nomNaissance", holder.birth_name)
        leaf(out, "nomUsage", holder.usage_name)
        leaf(out, "prenom1", holder.first_name)
        if holder.first_name_2 is not None:
            leaf(out, "prenom2", holder.first_name_2)
        if holder.first_name_3 is not None:
            leaf(out, "prenom3", holder.first_name_3)
        leaf(out, "anneeNaissance", holder.birth_year)
        leaf(out, "moisNaissance", holder.birth_month)
        leaf(out, "jourNaissance", holder.birth_day)
        leaf(out, "sexe", holder.sex)
        insee_code = holder.birth_insee_code
        if insee_code is not None and not (
            insee_code.__class__ is str and is_plain(insee_code)
        ):
            insee_code = _format(plan["codeInsee"], insee_code, self.technical_id)
        if insee_code is not None:
            out.append(_INSEE_BRANCH_START)
            leaf(out, "codeInsee", insee_code)
            out.append(_INSEE_BRANCH_END)
        else:
            out.append(_POSTCODE_BRANCH_START)
            leaf(out, "codePostal", holder.birth_postcode)
            out.append(_POSTCODE_BRANCH_END)
        if holder.birth_commune_name is not None:
            leaf(out, "libelleCommuneNaissance", holder.birth_commune_name)
        country_code = holder.birth_country_code
        if country_code is None and insee_code and insee_code.startswith("99"):
            country_code = insee_code[2:]  # 99109 -> 109
        if country_code is not None:
            leaf(out, "codePaysNaissance", country_code)
        if holder.birth_country_name is not None:
            leaf(out, "libellePaysNaissance", holder.birth_country_name)
        out.append("\n</cpf:titulaire>")


_INSEE_BRANCH_START = "\n<cpf:codeCommuneNaissance>\n<cpf:codeInseeNaissance>"
_INSEE_BRANCH_END = "\n</cpf:codeInseeNaissance>\n</cpf:codeCommuneNaissance>"
_POSTCODE_BRANCH_START = "\n<cpf:codeCommuneNaissance>\n<cpf:codePostalNaissance>"
_POSTCODE_BRANCH_END = "\n</cpf:codePostalNaissance>\n</cpf:codeCommuneNaissance>"
_ROOT_START = f'<cpf:flux xmlns:cpf="{NAMESPACE}" xmlns:xsi="{XSI_NAMESPACE}">'
_CERTIFICATION_END = "\n</cpf:passageCertifications>\n</cpf:certification>"
_FOOTER = (
    b"\n</cpf:certifications>\n</cpf:certificateur>\n</cpf:certificateurs>"
    b"\n</cpf:emetteur>\n</cpf:flux>"
)
_CLOSING_BYTES = len(_CERTIFICATION_END) + len(_FOOTER)


class FluxWriter:
    """Writes one XML flux file into the binary file object ``fileobj``, passage by
    passage, in bounded memory.

    ``sender_id`` (emetteur/idClient), ``certifier_client_id``,
    ``contract_id``: the envelope; ``version``, ``action`` as for :class:`Flux`;
    ``flux_id`` (None: a fresh UUID4, see :attr:`flux_id`), ``timestamp``
    (None: now). The envelope's start is written at once (raises
    :class:`FluxError` for a value that cannot be written).

    :meth:`add` writes one passage of a certification and returns True, or
    returns False and writes nothing when the passage would take the file past
    ``max_passages`` passages or ``max_bytes`` bytes (None: no limit), the end
    of the envelope counted: close this writer and start another one for the
    rest. Certifications are written in the order their passages come: a
    passage of another certification than the previous one closes the previous
    certification; a certification met again after another one raises
    :class:`FluxError` (give each certification's passages one after the other;
    a certification is identified by its type, code and depositor nature).

    :meth:`close` writes the end of the envelope (raises :class:`FluxError` when
    no passage was added: such a file would be refused). As a context manager,
    the writer closes on success and writes nothing more when the block raises
    (the output is then incomplete: discard it).

    For the same content, the bytes are those of :func:`build_flux`.
    """

    def __init__(  # noqa: PLR0917 (the envelope's values, in the file's order)
        self,
        fileobj: BinaryIO,
        sender_id,
        certifier_client_id,
        contract_id,
        version: str = LATEST_VERSION,
        action: str = "CREATION",
        *,
        flux_id=None,
        timestamp: datetime | None = None,
        max_passages: int | None = MAX_PASSAGES_PER_FILE,
        max_bytes: int | None = MAX_BYTES_PER_FILE,
    ):
        check_version(version, action)
        if max_passages is not None and max_passages < 1:
            raise FluxError("passage_limit", {"max": max_passages})
        self.fileobj = fileobj
        self.version = version
        self.action = action
        self.max_passages = max_passages
        self.max_bytes = max_bytes
        self.plan = _PLANS[version]
        self.renderer = _PassageRenderer(version, action)
        self.flux_id = self._text("idFlux", flux_id) if flux_id is not None else None
        self.flux_id = self.flux_id or str(uuid.uuid4())
        self.timestamp = paris_timestamp(timestamp)
        header = self._header(sender_id, certifier_client_id, contract_id)
        self.passage_count = 0
        self.size = 0  # bytes written so far (what is pending included)
        self.closed = False
        self._certification_key = None
        self._certification = None  # the last certification added
        self._seen_certifications: set = set()
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._write(header)

    # -- public API ---------------------------------------------------------------

    def add(self, certification: Certification, passage: Passage) -> bool:
        """Write ``passage`` of ``certification``; False (nothing written) when the
        file is full (see the class docstring)."""
        if self.closed:
            raise FluxError("writer_closed")
        if not isinstance(certification, Certification):
            raise FluxError(
                "wrong_object",
                _wrong("Certification", certification),
                field="certification",
            )
        if certification is self._certification:
            key = self._certification_key  # the same object: the same key
        else:
            key = _certification_key(certification)
        opening = key != self._certification_key
        header = self._certification_open(certification, key) if opening else b""
        fragment = self.renderer.render(passage).encode("utf-8")
        if self.max_passages is not None and self.passage_count >= self.max_passages:
            return False
        if self.max_bytes is not None:
            closing = len(_CERTIFICATION_END) if opening and self.passage_count else 0
            total = self.size + closing + len(header) + len(fragment) + _CLOSING_BYTES
            if total > self.max_bytes:
                if not self.passage_count:
                    raise FluxError(
                        "passage_too_large",
                        {
                            "technical_id": quoted(passage.technical_id),
                            "max": self.max_bytes,
                        },
                        field="passageCertification",
                    )
                return False
        if opening:
            if self._certification_key is not None:
                self._write(_CERTIFICATION_END.encode())
            self._certification_key = key
            self._seen_certifications.add(key)
            self._write(header)
        self._certification = certification
        self._write(fragment)
        self.passage_count += 1
        return True

    def close(self) -> None:
        """Write the end of the envelope and flush (see the class docstring)."""
        if self.closed:
            return
        if not self.passage_count:
            raise FluxError("no_certification", field="certifications")
        self._write(_CERTIFICATION_END.encode() + _FOOTER)
        self._flush()
        self.closed = True

    def __enter__(self) -> FluxWriter:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is None:
            self.close()
        else:
            self.closed = True  # incomplete: nothing more is written

    # -- rendering ----------------------------------------------------------------

    def _text(self, name: str, value, parent: str | None = None) -> str | None:
        element = self.plan[name]
        if parent and element.parent != parent:
            element = _Element(**{**_as_dict(element), "parent": parent})
        if value is None:
            return None
        if value.__class__ is str and is_plain(value):
            return value
        return _format(element, value, None)

    def _line(self, name: str, value, parent: str | None = None) -> str:
        element = self.plan[name]
        text = self._text(name, value, parent)
        if not text:
            if element.missing == _REFUSE:
                if parent:
                    element = _Element(**{**_as_dict(element), "parent": parent})
                raise _missing(element, self.version, None)
            return ""
        return element.start + _escape(text) + element.end

    def _header(self, sender_id, client_id, contract_id) -> bytes:
        parts = [
            XML_DECLARATION.decode(),
            _ROOT_START,
            self._line("idFlux", self.flux_id),
            self._line("horodatage", self.timestamp),
        ]
        if "action" in self.plan:
            parts.append(self._line("action", self.action))
        parts += [
            "\n<cpf:emetteur>",
            self._line("idClient", sender_id, "emetteur"),
            "\n<cpf:certificateurs>\n<cpf:certificateur>",
            self._line("idClient", client_id, "certificateur"),
            self._line("idContrat", contract_id),
            "\n<cpf:certifications>",
        ]
        return "".join(parts).encode("utf-8")

    def _certification_open(self, certification: Certification, key) -> bytes:
        if key in self._seen_certifications:
            raise FluxError(
                "certification_reopened",
                {"code": quoted(certification.code)},
                field="certification",
            )
        return "".join(
            (
                "\n<cpf:certification>",
                self._line("type", certification.type),
                self._line("code", certification.code),
                self._line("natureDeposant", certification.depositor_nature),
                "\n<cpf:passageCertifications>",
            )
        ).encode("utf-8")

    # -- output ---------------------------------------------------------------------

    # Rendered bytes go to the file by chunks of about this size.
    CHUNK_BYTES = 1 << 20

    def _write(self, data: bytes) -> None:
        self._pending.append(data)
        self._pending_size += len(data)
        self.size += len(data)
        if self._pending_size >= self.CHUNK_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self.fileobj.write(b"".join(self._pending))
            self._pending = []
            self._pending_size = 0


def _certification_key(certification: Certification) -> tuple:
    """What identifies a certification: its type, code and depositor nature (a
    value that is not a text stands for itself)."""
    return tuple(
        value if value is None or value.__class__ is str else ("", id(value))
        for value in (
            certification.type,
            certification.code,
            certification.depositor_nature,
        )
    )


def _as_dict(element: _Element) -> dict:
    return {name: getattr(element, name) for name in _Element.__slots__}


def write_flux(flux: Flux, fileobj: BinaryIO) -> str:
    """Stream the XML of ``flux`` into the binary file object ``fileobj``.

    Returns the idFlux written (``flux.flux_id`` or a fresh UUID4). Raises
    :class:`FluxError` (or a subclass) when the flux cannot be written; the output
    is then incomplete: run :func:`flux.check_flux` first to list every problem.
    No limit of size or number of passages applies (see :func:`flux.split_flux`).
    """
    check_target(flux)
    certifier = flux.certifier
    writer = FluxWriter(
        fileobj,
        flux.sender_id,
        certifier.client_id,
        certifier.contract_id,
        flux.version,
        flux.action,
        flux_id=flux.flux_id,
        timestamp=flux.timestamp,
        max_passages=None,
        max_bytes=None,
    )
    with writer:
        for certification, passages in _grouped(certifier.certifications):
            for passage in passages:
                writer.add(certification, passage)
    return writer.flux_id


def _grouped(certifications):
    """``[(certification, passages)]``, the passages of equal certifications (same
    type, code and depositor nature: the checker warns) together, in the order
    the certifications first come."""
    groups: dict[tuple, tuple[Certification, list[Passage]]] = {}
    for certification in certifications:
        if not certification.passages:
            raise FluxError(
                "no_passage",
                {"code": quoted(certification.code)},
                field="passageCertifications",
            )
        key = _certification_key(certification)
        if key not in groups:
            groups[key] = (certification, [])
        groups[key][1].extend(certification.passages)
    return list(groups.values())


def build_flux(flux: Flux) -> bytes:
    """The XML of ``flux`` as bytes (UTF-8, XML 1.0 declaration)."""
    buffer = io.BytesIO()
    write_flux(flux, buffer)
    return buffer.getvalue()


def passage_sizes(flux: Flux):
    """Yield ``(certification, passage, size)`` for every passage of ``flux``,
    ``size`` being the bytes the passage takes in the file."""
    check_target(flux)
    render = _PassageRenderer(flux.version, flux.action).render
    for certification, passage in flux.iter_passages():
        yield certification, passage, len(render(passage).encode("utf-8"))


def envelope_size(flux: Flux) -> int:
    """Bytes of the file of ``flux`` without its passages (certification headers
    included)."""
    check_target(flux)
    certifier = flux.certifier
    writer = FluxWriter(
        io.BytesIO(),
        flux.sender_id,
        certifier.client_id,
        certifier.contract_id,
        flux.version,
        flux.action,
        flux_id=flux.flux_id,
        timestamp=flux.timestamp,
        max_passages=None,
        max_bytes=None,
    )
    size = writer.size + len(_FOOTER)
    for certification, _passages in _grouped(certifier.certifications):
        key = _certification_key(certification)
        size += len(writer._certification_open(certification, key))
        size += len(_CERTIFICATION_END)
    return size
