"""Build the XML flux from the plain objects of :mod:`.model`.

The file is streamed into a binary file object, so memory stays flat whatever the
number of passages: :class:`lxml.etree.xmlfile` writes the envelope (root and its
namespace declarations, flux, sender, certifier and certification headers) and each
passage is rendered by :class:`_PassageRenderer` into an escaped UTF-8 fragment that
is written into the same stream. Rendering a passage as one string is several times
faster than one ``xmlfile`` call per element, and keeps the passage's namespace
prefixes (``xf.write(element)`` would re-declare them on every passage). The
renderer escapes ``&``, ``<`` and ``>``, refuses characters forbidden by XML 1.0 and
takes every tag name from the dictionary, so the output is well-formed by
construction (the tests parse and validate it against the official XSDs).

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
* under 1.1.2, ``action`` is not written and SUPPRESSION or the NIR branch raise
  :class:`UnsupportedFeatureError`;
* a SUPPRESSION file carries only ``idTechnique`` and the holder identification.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import BinaryIO

from lxml import etree

from .dictionary import (
    FLUX,
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


def _missing_value_policy(node, version: str) -> str:
    if node.min_occurs(version) >= 1:
        return _WRITE_NIL if node.is_nillable(version) else _REFUSE
    if node.status == OBLIGATOIRE_SAUF_NIL and node.is_nillable(version):
        return _WRITE_NIL
    return _OMIT


@dataclass(frozen=True, slots=True)
class _Element:
    """How to write one element in one version (precomputed for speed)."""

    name: str
    parent: str | None  # the parent's name, for names used twice (idClient)
    qualified_tag: str  # "{urn:...}name", for xmlfile
    start: str  # "\n<cpf:name>"
    end: str  # "</cpf:name>"
    nil: str  # '\n<cpf:name xsi:nil="true"/>'
    missing: str  # _WRITE_NIL, _OMIT or _REFUSE
    label: str
    kind: str
    textual: bool  # a string or enumeration: a plain str is written as it is
    min_value: int | None
    max_value: int | None


def _plan(version: str) -> dict[str, _Element]:
    """Per element name (names are unambiguous within the flux), how to write it."""
    plan = {}
    for path, node in walk(FLUX):
        if node.in_version(version) and node.name not in plan:
            parent = path.rsplit("/", 2)[-2] if "/" in path else None
            plan[node.name] = _Element(
                name=node.name,
                parent=parent if node.name == "idClient" else None,
                qualified_tag=f"{{{NAMESPACE}}}{node.name}",
                start=f"\n<cpf:{node.name}>",
                end=f"</cpf:{node.name}>",
                nil=f'\n<cpf:{node.name} xsi:nil="true"/>',
                missing=_missing_value_policy(node, version),
                label=node.label,
                kind=node.kind,
                textual=node.kind in ("string", "enum"),
                min_value=node.min_value,
                max_value=node.max_value,
            )
    return plan


_PLANS = {version: _plan(version) for version in SCHEMA_VERSIONS}


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
    return MissingValueError(
        "required_in_version",
        {"version": version, **({"parent": element.parent} if element.parent else {})},
        technical_id=technical_id,
        field=element.name,
    )


class _PassageRenderer:
    """Renders one passage into an XML fragment (see the module docstring)."""

    def __init__(self, version: str, action: str):
        self.version = version
        self.action = action
        self.plan = _PLANS[version]
        self.labels: dict[str, str] = {}  # element name -> its text, for messages
        self.technical_id: str | None = None

    def render(self, passage: Passage) -> str:
        if not isinstance(passage, Passage):
            raise FluxError(
                "wrong_object", _wrong("Passage", passage), field="passageCertification"
            )
        raw_id = as_text(passage.technical_id)
        self.technical_id = quoted(clean_text(raw_id), 255) if raw_id else None
        out: list[str] = []
        self.passage(out, passage)
        return "".join(out)

    # -- primitives ---------------------------------------------------------------

    def leaf(self, out: list[str], name: str, value) -> None:
        # Hot path (about 30 calls per passage): the common types are tested
        # first and inline; format_value() handles the rest.
        element = self.plan[name]
        if value.__class__ is str and element.textual and is_plain(value):
            text = value
            if "&" in text or "<" in text or ">" in text:
                text = _escape(text)
        elif value is None:
            text = None
        else:
            text = _format(element, value, self.technical_id)
            if text is not None:
                text = _escape(text)
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
        if self.action != "SUPPRESSION":
            leaf(out, "urlPreuve", passage.proof_url)
            leaf(out, "libelleOption", passage.option_label)
            leaf(out, "obtentionCertification", passage.obtention)
            leaf(out, "donneeCertifiee", passage.certified)
            leaf(out, "dateDebutExamen", passage.exam_start)
            leaf(out, "dateFinExamen", passage.exam_end)
            leaf(out, "modalitePassageExamen", passage.exam_mode)
            leaf(out, "codePostalCentreExamen", passage.exam_center_postcode)
            leaf(out, "dateDebutValidite", passage.validity_start)
            leaf(out, "dateFinValidite", passage.validity_end)
            leaf(out, "presenceNiveauLangueEuro", passage.has_language_level)
            leaf(out, "niveauLangueEuropeen", passage.language_level)
            leaf(out, "presenceNiveauNumeriqueEuro", passage.has_digital_level)
            if passage.digital_level is not None:
                self.digital_level(out, passage.digital_level)
            leaf(out, "scoring", passage.scoring)
            leaf(out, "mentionValidee", passage.honours)
            self.registration(out, passage.registration)
        self.identification(out, passage.holder)
        if self.action != "SUPPRESSION":
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
        out.append(element.start)
        self.leaf(out, "modaliteAcces", registration.access_mode)
        self.leaf(out, "voieAccessVAE", registration.vae_route)
        self.leaf(out, "initiativeInscription", registration.initiative)
        self.leaf(out, "dateInscription", registration.registration_date)
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
        leaf(out, "prenom2", holder.first_name_2)
        leaf(out, "prenom3", holder.first_name_3)
        leaf(out, "anneeNaissance", holder.birth_year)
        leaf(out, "moisNaissance", holder.birth_month)
        leaf(out, "jourNaissance", holder.birth_day)
        leaf(out, "sexe", holder.sex)
        insee_code = holder.birth_insee_code
        if insee_code is not None:
            insee_code = _format(self.plan["codeInsee"], insee_code, self.technical_id)
        out.append(plan["codeCommuneNaissance"].start)
        if insee_code is not None:
            out.append(plan["codeInseeNaissance"].start)
            leaf(out, "codeInsee", insee_code)
            out.append("\n" + plan["codeInseeNaissance"].end)
        else:
            out.append(plan["codePostalNaissance"].start)
            leaf(out, "codePostal", holder.birth_postcode)
            out.append("\n" + plan["codePostalNaissance"].end)
        out.append("\n" + plan["codeCommuneNaissance"].end)
        leaf(out, "libelleCommuneNaissance", holder.birth_commune_name)
        country_code = holder.birth_country_code
        if country_code is None and insee_code and insee_code.startswith("99"):
            country_code = insee_code[2:]  # 99109 -> 109
        leaf(out, "codePaysNaissance", country_code)
        leaf(out, "libellePaysNaissance", holder.birth_country_name)
        out.append("\n" + plan["titulaire"].end)


class _EnvelopeWriter:
    """Writes the envelope with :class:`lxml.etree.xmlfile` and inserts the
    rendered passages into the same stream."""

    # Rendered passages are written to the file by chunks of this many characters.
    CHUNK_CHARS = 1 << 20

    def __init__(self, xf, fileobj: BinaryIO, version: str, action: str):
        self.xf = xf
        self.fileobj = fileobj
        self.version = version
        self.plan = _PLANS[version]
        self.renderer = _PassageRenderer(version, action)

    def leaf(self, name: str, value, parent: str | None = None) -> None:
        element = self.plan[name]
        if parent:
            element = replace(element, parent=parent)
        text = None if value is None else _format(element, value, None)
        xf = self.xf
        if text is None:
            if element.missing == _REFUSE:
                raise _missing(element, self.version, None)
            return  # no nillable nor optional-with-nil element in the envelope
        xf.write("\n")
        with xf.element(element.qualified_tag):
            xf.write(text)

    def open(self, name: str) -> _Open:
        return _Open(self.xf, self.plan[name].qualified_tag)

    def flux(self, flux: Flux, flux_id: str, timestamp: str) -> None:
        certifier = flux.certifier
        with self.xf.element(self.plan["flux"].qualified_tag, nsmap=NSMAP):
            self.leaf("idFlux", flux_id)
            self.leaf("horodatage", timestamp)
            if "action" in self.plan:
                self.leaf("action", flux.action)
            with self.open("emetteur"):
                self.leaf("idClient", flux.sender_id)
                with self.open("certificateurs"), self.open("certificateur"):
                    self.leaf("idClient", certifier.client_id, "certificateur")
                    self.leaf("idContrat", certifier.contract_id)
                    with self.open("certifications"):
                        for certification in certifier.certifications:
                            self.certification(certification)
            self.xf.write("\n")

    def certification(self, certification: Certification) -> None:
        with self.open("certification"):
            self.leaf("type", certification.type)
            self.leaf("code", certification.code)
            self.leaf("natureDeposant", certification.depositor_nature)
            with self.open("passageCertifications"):
                self.passages(certification.passages)

    def passages(self, passages: list[Passage]) -> None:
        render = self.renderer.render
        pending: list[str] = []
        pending_chars = 0
        for passage in passages:
            fragment = render(passage)
            pending.append(fragment)
            pending_chars += len(fragment)
            if pending_chars >= self.CHUNK_CHARS:
                self._write_raw(pending)
                pending, pending_chars = [], 0
        if pending:
            self._write_raw(pending)

    def _write_raw(self, fragments: list[str]) -> None:
        self.xf.flush()  # what xmlfile holds goes first, keeping the order
        self.fileobj.write("".join(fragments).encode("utf-8"))


class _Open:
    """``with writer.open(name):`` writes a start tag and an end tag, each on its
    own line."""

    __slots__ = ("context", "tag", "xf")

    def __init__(self, xf, tag: str):
        self.xf = xf
        self.tag = tag

    def __enter__(self):
        self.xf.write("\n")
        self.context = self.xf.element(self.tag)
        self.context.__enter__()

    def __exit__(self, *exc_info):
        if exc_info[0] is None:
            self.xf.write("\n")
        return self.context.__exit__(*exc_info)


def write_flux(flux: Flux, fileobj: BinaryIO) -> str:
    """Stream the XML of ``flux`` into the binary file object ``fileobj``.

    Returns the idFlux written (``flux.flux_id`` or a fresh UUID4). Raises
    :class:`FluxError` (or a subclass) when the flux cannot be written; the output
    is then incomplete: run :func:`flux.check_flux` first to list every problem.
    """
    check_target(flux)
    flux_id = (
        _format(_PLANS[flux.version]["idFlux"], flux.flux_id, None)
        if flux.flux_id is not None
        else None
    ) or str(uuid.uuid4())
    timestamp = paris_timestamp(flux.timestamp)
    fileobj.write(XML_DECLARATION)
    with etree.xmlfile(fileobj, encoding="utf-8") as xf:
        _EnvelopeWriter(xf, fileobj, flux.version, flux.action).flux(
            flux, flux_id, timestamp
        )
    return flux_id


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
    empty = [
        Certification(c.type, c.code, [], c.depositor_nature)
        for c in flux.certifier.certifications
    ]
    shell = Flux(
        flux.sender_id,
        type(flux.certifier)(
            flux.certifier.client_id, flux.certifier.contract_id, empty
        ),
        flux.version,
        flux.action,
        flux.flux_id or str(uuid.uuid4()),
        flux.timestamp,
    )
    return len(build_flux(shell))
