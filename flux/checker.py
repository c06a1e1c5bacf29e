"""Check a flux before sending it: the schema, and the business rules the XSD
cannot express (DATA-DICTIONARY sections 4 and 5).

* :func:`check_flux` checks the plain objects of :mod:`.model` (before building);
* :func:`flux.xml_check.check_xml` checks XML bytes with the project's own XSD,
  then applies the same rules (class :class:`_Checker`) to each passage read back
  from the XML.

Each finding is a :class:`Problem`; its ``code`` is a stable machine key (listed in
:data:`PROBLEM_CODES`), its ``message`` is French and says how to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from stdnum.fr import nir as stdnum_nir

from .dictionary import (
    PASSAGE_FIELDS,
    SCHEMA_VERSIONS,
    find_node,
    label_for,
    node_at,
    walk,
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
from .rules import (
    BIRTH_YEAR_MIN,
    CERTIFICATION_CODE_PATTERN,
    CERTIFICATION_TYPES,
    COUNTRY_CODE_PATTERN,
    DIGCOMP_COMPETENCES,
    INSEE_CODE_PATTERN,
    NIR_PATTERN,
    POSTCODE_PATTERN,
    reporting_deadline,
    supports,
)
from .split import MAX_PASSAGES_PER_FILE
from .text import (
    FORBIDDEN_XML_CHAR,
    INVISIBLE_CHAR,
    NIL_LITERALS,
    clean_text,
    describe_char,
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

PROBLEM_CODES = {
    "element_order": "éléments d'un passage hors de l'ordre du dictionnaire",
    "xml_syntax": "le fichier n'est pas un XML bien formé",
    "xml_doctype": "le fichier contient une déclaration DOCTYPE ou ENTITY",
    "xml_too_large": "fichier plus gros que la limite de la CDC",
    "xml_declaration": "déclaration XML absente ou autre que version 1.0 en UTF-8",
    "schema_more": "autres erreurs de schéma non listées",
    "schema": "refusé par le schéma XSD",
    "unsupported_version": "version de schéma inconnue",
    "unsupported_action": "action inconnue ou absente de la version visée",
    "unsupported_identification": "identification par NIR sous le schéma 1.1.2",
    "missing_value": "donnée obligatoire absente",
    "no_certification": "aucune certification",
    "no_passage": "certification sans passage",
    "too_many_passages": "plus de passages qu'un fichier n'en accepte",
    "duplicate_certification": "même certification deux fois",
    "flux_id_not_uuid": "identifiant du flux qui n'est pas un UUID",
    "duplicate_technical_id": "idTechnique en double dans le fichier",
    "technical_id_already_sent": "idTechnique déjà utilisé",
    "certification_type": "type de certification autre que RNCP ou RS",
    "certification_code": "code de certification mal formé",
    "certification_type_mismatch": "type et préfixe du code différents",
    "exam_dates_order": "fin d'examen avant le début",
    "validity_dates_order": "fin de validité avant le début",
    "issue_date_future": "date de délivrance dans le futur",
    "late_transmission": "délai de transmission de 3 mois dépassé",
    "registration_after_issue": "inscription après la délivrance",
    "date_out_of_range": "date hors des années 1900 à 2099",
    "language_presence_mismatch": "présence du niveau de langue incohérente",
    "digital_presence_mismatch": "présence du niveau numérique incohérente",
    "digital_score_missing": "score général DigComp absent",
    "digital_competence_unknown": "compétence DigComp inconnue",
    "digital_result_incomplete": "résultat DigComp incomplet",
    "scoring_missing": "scoring absent pour une obtention par scoring",
    "vae_route_without_vae": "voie d'accès VAE sans modalité VAE",
    "nil_literal": "texte « nil », « nill » ou « null » envoyé comme donnée",
    "whitespace": "espaces ou retours à la ligne en trop",
    "forbidden_character": "caractère interdit (XML 1.0, commande, non-caractère)",
    "too_long": "valeur trop longue",
    "wrong_length": "valeur de mauvaise longueur",
    "bad_format": "valeur mal formée",
    "not_in_list": "valeur hors de la liste autorisée",
    "out_of_range": "nombre hors des bornes",
    "wrong_type": "valeur du mauvais type",
    "wrong_structure": "objet du mauvais type dans la structure du flux",
    "not_a_text": "valeur qui n'est pas un texte",
    "datetime_for_date": "date avec heure là où une date est attendue",
    "timestamp_invalid": "horodatage impossible à écrire",
    "invisible_character": "caractère invisible (espace sans chasse, marque "
    "bidirectionnelle...)",
    "not_nfc": "texte qui n'est pas en forme Unicode composée (NFC)",
    "issue_before_exam_start": "délivrance avant le début de l'examen",
    "issue_before_exam_end": "délivrance avant la fin de l'examen",
    "impossible_date": "date impossible (31/02...)",
    "birth_date_future": "date de naissance dans le futur",
    "birth_date_too_old": "date de naissance avant 1900",
    "birth_after_issue": "naissance après la délivrance",
    "birth_day_without_month": "jour de naissance sans mois",
    "insee_format": "code INSEE mal formé",
    "postcode_format": "code postal mal formé",
    "birthplace_unknown": "commune de naissance inconnue",
    "birthplace_both": "code INSEE et code postal de naissance tous deux fournis",
    "country_for_france_birth": "pays de naissance pour une naissance en France",
    "country_code_mismatch": "pays de naissance différent du code INSEE 99xxx",
    "nir_format": "NIR mal formé",
    "nir_key": "clé du NIR fausse",
    "nir_sex": "NIR incohérent avec le sexe",
    "nir_birth_year": "NIR incohérent avec l'année de naissance",
    "nir_birth_month": "NIR incohérent avec le mois de naissance",
}


def _all_names() -> list[str]:
    return [node.name for _path, node in walk()]


@dataclass(frozen=True)
class Problem:
    """One finding of the checker.

    Attributes:
        technical_id: idTechnique of the passage concerned, None for the envelope.
        holder: display name of the holder ("DUPONT Jean"), None if not a passage.
        field: XML element name ("dateFinValidite").
        label: French label of the element ("Date de fin de validité").
        message: French explanation, says how to fix.
        severity: "error" (the file must not be sent as is) or "warning".
        code: stable machine key (see :data:`PROBLEM_CODES`).
        line: line in the XML file (check_xml only), else None.
    """

    technical_id: str | None
    holder: str | None
    field: str
    label: str
    message: str
    severity: str
    code: str
    line: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def with_line(self, line: int | None) -> Problem:
        """This problem at ``line`` of the XML file."""
        return replace(self, line=line)


_NODES = {name: find_node(name) for name in _all_names()}
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


def _fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class _Checker:
    """Business rules shared by :func:`check_flux` and :func:`check_xml`.

    ``from_xml``: values come from an XML file already validated by the XSD, so the
    rules the schema enforces (lengths, enumerations, patterns, ranges) are not
    repeated, and surrounding spaces are errors (they are in the data) instead of
    warnings (the builder trims them).
    """

    def __init__(
        self,
        version: str,
        action: str,
        known_ids: Iterable[str] = (),
        today: date | None = None,
        from_xml: bool = False,
    ):
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
        self.from_xml = from_xml
        self.problems: list[Problem] = []
        self.seen_ids: set[str] = set()  # identity keys (flux.text.identity_key)
        self._known_keys: set[str] | None = None
        self.seen_codes: set[tuple[str, str]] = set()
        self.technical_id: str | None = None
        self.holder = None  # identification of the current passage
        self.line: int | None = None

    # -- reporting ----------------------------------------------------------------

    def report(
        self,
        field: str,
        code: str,
        message: str,
        severity: str = ERROR,
        label: str | None = None,
    ) -> None:
        self.problems.append(
            Problem(
                technical_id=self.technical_id,
                holder=getattr(self.holder, "display_name", None) or None,
                field=field,
                label=label or label_for(field),
                message=message,
                severity=severity,
                code=code,
                line=self.line,
            )
        )

    def missing(self, field: str, label: str | None = None, why: str = "") -> None:
        label = label or label_for(field)
        self.report(
            field,
            "missing_value",
            f"« {label} » est obligatoire{why} : renseignez-le.",
            label=label,
        )

    # -- generic value checks, driven by the dictionary ---------------------------

    def text(
        self, field: str, value, label: str | None = None, required: bool = False
    ) -> str | None:
        """Check a string value; return it as it will be written (None when
        missing)."""
        if value is None:
            if required:
                self.missing(field, label)
            return None
        text = as_text(value)
        if text is None:
            self.report(
                field,
                "not_a_text",
                f"« {label or label_for(field)} » doit être un texte (reçu une "
                f"valeur de type {type(value).__name__}).",
                label=label,
            )
            return None
        if is_plain(text):
            cleaned = text
        else:
            cleaned = self._characters(field, text, label)
            if cleaned is None:
                if required:
                    self.missing(field, label)
                return None
        if cleaned.lower() in NIL_LITERALS:
            self._nil_literal(field, cleaned, label)
        if not self.from_xml:
            self._facets(field, cleaned, label)
        return cleaned

    def _characters(self, field: str, value: str, label: str | None) -> str | None:
        """Report what :func:`flux.text.prepare_text` finds in ``value``."""
        prepared = prepare_text(value, field)
        label = label or label_for(field)
        shown = quoted(prepared.text or "")
        if prepared.refused:
            char = prepared.refused
            if FORBIDDEN_XML_CHAR.match(char):
                why = "interdit en XML 1.0"
            elif INVISIBLE_CHAR.match(char):
                why = "invisible, refusé dans un identifiant ou un code"
            else:
                why = "de commande ou non-caractère, jamais valide dans un texte"
            self.report(
                field,
                "forbidden_character",
                f"« {label} » contient le caractère {describe_char(char)}, {why} : "
                "retirez-le de la saisie.",
                label=label,
            )
        elif prepared.invisible:
            names = ", ".join(describe_char(char) for char in prepared.invisible)
            if self.from_xml:
                self.report(
                    field,
                    "invisible_character",
                    f"« {label} » contient {names}, invisible : la CDC ne "
                    "reconnaîtrait pas la valeur. Retirez-le du fichier.",
                    label=label,
                )
            else:
                self.report(
                    field,
                    "invisible_character",
                    f"« {label} » contient {names}, invisible : il sera retiré du "
                    f"fichier, qui portera « {shown} ». Corrigez la saisie pour que "
                    "la fiche corresponde au fichier envoyé.",
                    WARNING,
                    label=label,
                )
        if prepared.whitespace and not prepared.refused:
            self._whitespace(field, label)
        if prepared.normalized and not prepared.refused:
            self.report(
                field,
                "not_nfc",
                f"« {label} » n'est pas en forme Unicode composée (NFC) : des "
                "lettres accentuées y sont écrites en deux caractères. "
                + (
                    "La CDC peut ne pas la reconnaître : régénérez le fichier."
                    if self.from_xml
                    else f"Elle sera envoyée composée (« {shown} »)."
                ),
                WARNING,
                label=label,
            )
        if prepared.refused:
            return None if prepared.text is None else prepared.text
        return prepared.text

    def _whitespace(self, field: str, label: str | None) -> None:
        label = label or label_for(field)
        if self.from_xml:
            self.report(
                field,
                "whitespace",
                f"« {label} » commence ou finit par un espace, ou contient un retour "
                "à la ligne : ces caractères font partie de la donnée. Écrivez la "
                "valeur sur une ligne, sans espace autour.",
                label=label,
            )
        else:
            self.report(
                field,
                "whitespace",
                f"« {label} » contient des espaces en trop ou un retour à la ligne ; "
                "ils seront retirés dans le fichier. Corrigez la saisie pour que la "
                "fiche corresponde au fichier envoyé.",
                WARNING,
                label=label,
            )

    def _nil_literal(self, field: str, value: str, label: str | None) -> None:
        label = label or label_for(field)
        severity = WARNING if field in NAME_FIELDS else ERROR
        self.report(
            field,
            "nil_literal",
            f"« {label} » vaut « {value} » : ce texte serait enregistré comme donnée. "
            "Pour une donnée inconnue, laissez le champ vide (le fichier portera "
            'xsi:nil="true" ou omettra la balise).'
            + (
                " Ignorez cet avertissement si c'est vraiment le nom."
                if severity == WARNING
                else ""
            ),
            severity,
            label=label,
        )

    def _facets(self, field: str, value: str, label: str | None) -> None:
        node = _NODES.get(field)
        if node is None:
            return
        label = label or node.label
        size = len(value)
        if node.length is not None and size != node.length:
            self.report(
                field,
                "wrong_length",
                f"« {label} » doit faire exactement {node.length} caractère"
                f"{'s' if node.length > 1 else ''} ; « {value} » en fait {size}.",
                label=label,
            )
        elif node.max_length is not None and size > node.max_length:
            self.report(
                field,
                "too_long",
                f"« {label} » fait {size} caractères pour {node.max_length} au "
                "maximum : raccourcissez-le (il ne sera pas tronqué automatiquement).",
                label=label,
            )
        if node.enum and value not in node.values:
            self.report(
                field,
                "not_in_list",
                f"« {label} » vaut « {value} », qui n'est pas une valeur autorisée "
                f"({', '.join(node.values)}).",
                label=label,
            )

    def integer(self, field: str, value, required: bool = False) -> int | None:
        node = PASSAGE_FIELDS[field]
        if value is None:
            if required:
                self.missing(field)
            return None
        number = as_integer(value)
        if number.__class__ is str:
            self.report(
                field,
                "wrong_type",
                f"« {node.label} » doit être un nombre entier écrit en chiffres "
                f"0 à 9 (reçu « {quoted(value)} »).",
            )
            return None
        if not node.min_value <= number <= node.max_value:
            self.report(
                field,
                "out_of_range",
                f"« {node.label} » vaut {quoted(number)} : il doit être compris entre "
                f"{node.min_value} et {node.max_value}.",
            )
            return None
        return number

    def day(self, field: str, value, required: bool = False) -> date | None:
        if value is None:
            if required:
                self.missing(field)
            return None
        problem = date_problem(value)
        if problem == DATETIME_FOR_DATE:
            self.report(
                field,
                "datetime_for_date",
                f"« {label_for(field)} » doit être une date sans heure (reçu "
                f"« {quoted(value)} ») : donnez le jour seulement.",
            )
            return None
        if problem:
            self.report(
                field,
                "wrong_type",
                f"« {label_for(field)} » doit être une date (reçu "
                f"« {quoted(value)} »).",
            )
            return None
        if not 1900 <= value.year <= 2099:
            self.report(
                field,
                "date_out_of_range",
                f"« {label_for(field)} » ({_fr(value)}) doit être comprise entre 1900 "
                "et 2099 : vérifiez l'année.",
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
                self.missing(field)
            return None
        if not isinstance(value, bool):
            self.report(
                field,
                "wrong_type",
                f"« {label_for(field)} » doit valoir vrai ou faux (reçu "
                f"« {quoted(value)} »).",
            )
            return None
        return value

    # -- envelope -----------------------------------------------------------------

    def flux(self, flux: Flux) -> None:
        if not isinstance(flux, Flux):
            self.report(
                "flux",
                "wrong_structure",
                f"Le flux doit être un objet Flux (reçu {type(flux).__name__}).",
            )
            return
        if flux.version not in SCHEMA_VERSIONS:
            self.report(
                "flux",
                "unsupported_version",
                f"Version de schéma « {quoted(flux.version)} » inconnue : choisissez "
                f"{' ou '.join(SCHEMA_VERSIONS)}.",
            )
            return
        if flux.action not in ACTIONS:
            self.report(
                "action",
                "unsupported_action",
                f"Action « {quoted(flux.action)} » inconnue : choisissez CREATION ou "
                "SUPPRESSION.",
            )
        elif flux.action == "SUPPRESSION" and not supports(flux.version, "withdrawal"):
            self.report(
                "action",
                "unsupported_action",
                "La suppression de passages (SUPPRESSION) n'existe qu'à partir du "
                "schéma XSD 1.1.5 : générez le fichier au format 1.1.5.",
            )
        self.flux_id(flux.flux_id)
        self.timestamp(flux.timestamp)
        self.envelope_text("flux/emetteur/idClient", flux.sender_id, required=True)
        certifier = flux.certifier
        if not isinstance(certifier, Certifier):
            self.report(
                "certificateur",
                "wrong_structure",
                "Le certificateur n'est pas renseigné : indiquez son numéro de fiche "
                "client et son numéro de contrat.",
            )
            return
        self.certifier(certifier)
        count = sum(
            len(c.passages)
            for c in _items(certifier.certifications)
            if isinstance(c, Certification) and isinstance(c.passages, list)
        )
        if count > MAX_PASSAGES_PER_FILE:
            self.report(
                "passageCertifications",
                "too_many_passages",
                f"Le fichier compte {count} passages pour {MAX_PASSAGES_PER_FILE} au "
                "plus par fichier : il sera découpé en plusieurs fichiers "
                "(split_flux).",
                WARNING,
            )

    def flux_id(self, value) -> None:
        flux_id = self.text("idFlux", value)
        if flux_id is not None and not _is_uuid(flux_id):
            self.report(
                "idFlux",
                "flux_id_not_uuid",
                f"L'identifiant du flux « {quoted(flux_id)} » n'est pas un UUID, comme "
                "le demande le dictionnaire CDC : "
                + (
                    "laissez-le vide pour qu'un UUID soit généré."
                    if not self.from_xml
                    else "régénérez le fichier."
                ),
                WARNING,
            )

    def timestamp(self, moment) -> None:
        problem = timestamp_problem(moment)
        if problem:
            self.report("horodatage", "timestamp_invalid", problem)

    def envelope_text(self, path: str, value, required: bool = True) -> None:
        node = node_at(path)
        self.text(node.name, value, node.label, required)

    def certifier(self, certifier: Certifier) -> None:
        base = "flux/emetteur/certificateurs/certificateur"
        self.envelope_text(f"{base}/idClient", certifier.client_id)
        self.envelope_text(f"{base}/idContrat", certifier.contract_id)
        certifications = _items(certifier.certifications)
        if not certifications:
            self.report(
                "certifications",
                "no_certification",
                "Le fichier ne contient aucune certification : ajoutez au moins un "
                "passage de certification.",
            )
        for certification in certifications:
            if not isinstance(certification, Certification):
                self.report(
                    "certification",
                    "wrong_structure",
                    "Une certification du fichier n'est pas un objet Certification "
                    f"(reçu {type(certification).__name__}).",
                )
                continue
            self.certification_header(certification)
            passages = _items(certification.passages)
            if not passages:
                self.report(
                    "passageCertifications",
                    "no_passage",
                    f"La certification {quoted(certification.code)} n'a aucun "
                    "passage : retirez-la ou ajoutez ses passages.",
                )
            for passage in passages:
                if isinstance(passage, Passage):
                    self.passage(passage)
                else:
                    self.technical_id = self.holder = None
                    self.report(
                        "passageCertification",
                        "wrong_structure",
                        f"Un passage de la certification {quoted(certification.code)} "
                        f"n'est pas un objet Passage (reçu {type(passage).__name__}).",
                    )

    def certification_header(self, certification: Certification) -> None:
        self.technical_id = self.holder = None
        kind = self.text("type", certification.type, required=True)
        code = self.text("code", certification.code, required=True)
        self.text("natureDeposant", certification.depositor_nature)
        if kind is not None and kind not in CERTIFICATION_TYPES:
            self.report(
                "type",
                "certification_type",
                f"Le type de certification « {kind} » n'est pas accepté : indiquez "
                "RNCP ou RS.",
            )
        if code is None:
            return
        match = CERTIFICATION_CODE_PATTERN.fullmatch(code)
        if not match:
            self.report(
                "code",
                "certification_code",
                f"Le code « {code} » doit s'écrire avec son préfixe et sans espace, "
                "par exemple RNCP12345 ou RS1234 (tel qu'il figure sur France "
                "compétences).",
            )
        elif kind in CERTIFICATION_TYPES and match.group(1) != kind:
            self.report(
                "code",
                "certification_type_mismatch",
                f"Le code « {code} » ne correspond pas au type « {kind} » : un code "
                f"{match.group(1)} va avec le type {match.group(1)}.",
            )
        if (kind, code) in self.seen_codes:
            self.report(
                "code",
                "duplicate_certification",
                f"La certification {code} apparaît deux fois dans le fichier : "
                "regroupez ses passages sous une seule certification.",
                WARNING,
            )
        self.seen_codes.add((kind, code))

    # -- passage ------------------------------------------------------------------

    def passage(self, passage: Passage) -> None:
        holder = passage.holder
        self.holder = holder
        raw_id = as_text(passage.technical_id)
        self.technical_id = quoted(clean_text(raw_id), 255) if raw_id else None
        technical_id = self.text("idTechnique", passage.technical_id, required=True)
        if technical_id is not None:
            key = identity_key(technical_id)
            if key in self.seen_ids:
                self.report(
                    "idTechnique",
                    "duplicate_technical_id",
                    f"L'ID technique « {quoted(technical_id)} » est utilisé par "
                    "plusieurs passages du fichier (à des caractères invisibles ou "
                    "des espaces près) : chaque passage doit avoir le sien.",
                )
            self.seen_ids.add(key)
            if self.action == "CREATION" and self._already_sent(technical_id, key):
                self.report(
                    "idTechnique",
                    "technical_id_already_sent",
                    f"L'ID technique « {quoted(technical_id)} » a déjà été envoyé à la "
                    "CDC : un passage accepté ne se renvoie pas ; pour le corriger, "
                    "supprimez-le (SUPPRESSION) puis recréez-le.",
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

    def passage_data(self, passage: Passage) -> None:
        strict_112 = self.version == "1.1.2"
        # Under 1.1.2 the XSD itself requires these: check_xml reports them already.
        dico_required = not (self.from_xml and strict_112)
        why = " (dictionnaire CDC)"
        text = self.text
        text("urlPreuve", passage.proof_url)
        text("libelleOption", passage.option_label)
        obtention = self.enum("obtentionCertification", passage.obtention)
        if passage.obtention is None and dico_required:
            self.missing("obtentionCertification", why=why)
        self.boolean("donneeCertifiee", passage.certified)
        if passage.certified is None and dico_required:
            self.missing("donneeCertifiee", why=why)
        exam_start = self.day("dateDebutExamen", passage.exam_start)
        exam_end = self.day("dateFinExamen", passage.exam_end)
        self.enum("modalitePassageExamen", passage.exam_mode)
        text("codePostalCentreExamen", passage.exam_center_postcode)
        start = self.day("dateDebutValidite", passage.validity_start)
        if passage.validity_start is None and dico_required:
            self.missing("dateDebutValidite", why=why)
        end = self.day("dateFinValidite", passage.validity_end)
        self.dates(exam_start, exam_end, start, end)
        self.levels(passage)
        scoring = text("scoring", passage.scoring)
        if obtention == "PAR_SCORING" and scoring is None:
            self.report(
                "scoring",
                "scoring_missing",
                "La certification est obtenue par scoring mais le score n'est pas "
                "renseigné : indiquez le score obtenu.",
                WARNING,
            )
        self.enum("mentionValidee", passage.honours)
        if passage.registration is None:
            if strict_112 and dico_required:
                self.missing("modalitesInscription", why=" dans le schéma 1.1.2")
        elif isinstance(passage.registration, Registration):
            self.registration(passage.registration, start)
        else:
            self.report(
                "modalitesInscription",
                "wrong_structure",
                "Les modalités d'inscription ne sont pas un objet Registration (reçu "
                f"{type(passage.registration).__name__}).",
            )
        text("verbatim", passage.verbatim)

    def dates(self, exam_start, exam_end, start, end) -> None:
        if exam_start and exam_end and exam_end < exam_start:
            self.report(
                "dateFinExamen",
                "exam_dates_order",
                f"La date de fin de l'examen ({_fr(exam_end)}) est antérieure à sa "
                f"date de début ({_fr(exam_start)}) : corrigez l'une des deux.",
            )
        if start and end and end < start:
            self.report(
                "dateFinValidite",
                "validity_dates_order",
                f"La date de fin de validité ({_fr(end)}) est antérieure à la date de "
                f"début de validité ({_fr(start)}) : la CDC refuserait le passage. "
                "Corrigez-la, ou laissez-la vide si la certification n'expire pas.",
            )
        # DICO 5.10: the issue date is the date on the parchment, after the exam
        # (5.6, 5.7). The CDC does not refuse an earlier one (its own examples
        # have one), so this is a warning.
        if start and exam_start and start < exam_start:
            self.report(
                "dateDebutValidite",
                "issue_before_exam_start",
                f"La date de délivrance (début de validité, {_fr(start)}) est "
                f"antérieure au début de l'examen ({_fr(exam_start)}) : une "
                "certification se délivre après l'examen. Vérifiez l'une des deux.",
                WARNING,
            )
        elif start and exam_end and start < exam_end:
            self.report(
                "dateDebutValidite",
                "issue_before_exam_end",
                f"La date de délivrance (début de validité, {_fr(start)}) est "
                f"antérieure à la fin de l'examen ({_fr(exam_end)}) : vérifiez les "
                "dates (la délivrance suit d'ordinaire la fin des épreuves).",
                WARNING,
            )
        if start and start > self.today:
            self.report(
                "dateDebutValidite",
                "issue_date_future",
                f"La date de début de validité ({_fr(start)}) est dans le futur : "
                "n'envoyez le passage qu'une fois la certification délivrée.",
            )
        elif start and reporting_deadline(start) < self.today:
            self.report(
                "dateDebutValidite",
                "late_transmission",
                f"La certification a été délivrée le {_fr(start)}, il y a plus de "
                "3 mois (délai de l'article R.6113-17-2 du code du travail) : "
                "envoyez-la sans attendre.",
                WARNING,
            )

    def levels(self, passage: Passage) -> None:
        language = self.enum("niveauLangueEuropeen", passage.language_level)
        self.boolean("presenceNiveauLangueEuro", passage.language_level_present)
        if passage.has_language_level and language is None:
            self.report(
                "niveauLangueEuropeen",
                "language_presence_mismatch",
                "La présence d'un niveau de langue européen est indiquée mais le "
                "niveau (A1 à C2 ou INSUFFISANT) manque : renseignez-le ou indiquez "
                "l'absence de niveau.",
            )
        elif language is not None and not passage.has_language_level:
            self.report(
                "presenceNiveauLangueEuro",
                "language_presence_mismatch",
                f"Un niveau de langue ({language}) est donné alors que la présence "
                "d'un niveau de langue européen vaut « faux » : mettez-la à « vrai » "
                "ou retirez le niveau.",
            )
        self.boolean("presenceNiveauNumeriqueEuro", passage.digital_level_present)
        digital = passage.digital_level
        if passage.has_digital_level and digital is None:
            self.report(
                "niveauNumeriqueEuropeen",
                "digital_presence_mismatch",
                "La présence d'un niveau numérique européen est indiquée mais le bloc "
                "DigComp (score général et résultats) manque : renseignez-le ou "
                "indiquez l'absence de niveau.",
            )
        elif digital is not None and not passage.has_digital_level:
            self.report(
                "presenceNiveauNumeriqueEuro",
                "digital_presence_mismatch",
                "Un niveau numérique DigComp est donné alors que la présence d'un "
                "niveau numérique européen vaut « faux » : mettez-la à « vrai » ou "
                "retirez le niveau.",
            )
        if isinstance(digital, DigitalLevel):
            self.digital(digital)
        elif digital is not None:
            self.report(
                "niveauNumeriqueEuropeen",
                "wrong_structure",
                "Le niveau numérique européen n'est pas un objet DigitalLevel (reçu "
                f"{type(digital).__name__}).",
            )

    def digital(self, digital: DigitalLevel) -> None:
        score = self.integer("scoreGeneral", digital.general_score)
        if score is None and digital.general_score is None:
            self.report(
                "scoreGeneral",
                "digital_score_missing",
                "Le score général DigComp (1 à 1000) doit être renseigné quand le "
                "niveau numérique européen est présent.",
            )
        seen = set()
        for result in _items(digital.results):
            if not isinstance(result, DigitalResult):
                self.report(
                    "resultat",
                    "wrong_structure",
                    "Un résultat DigComp n'est pas un objet DigitalResult (reçu "
                    f"{type(result).__name__}).",
                )
                continue
            self.integer("niveau", result.level)
            area = self.text("domaineCompetenceId", result.area_id)
            competence = self.text("competenceId", result.competence_id)
            if result.level is None or area is None or competence is None:
                self.report(
                    "resultat",
                    "digital_result_incomplete",
                    "Un résultat DigComp doit indiquer le domaine, la compétence et le "
                    "niveau obtenu (1 à 8) : complétez-le ou retirez-le.",
                    WARNING,
                )
            if area is None or competence is None:
                continue
            count = DIGCOMP_COMPETENCES.get(area)
            # ASCII digits only: "²".isdigit() is true but int("²") fails.
            if count is None or not (
                len(competence) == 1 and "1" <= competence <= str(count)
            ):
                self.report(
                    "competenceId",
                    "digital_competence_unknown",
                    f"La compétence DigComp {area}.{competence} n'existe pas : les "
                    "domaines vont de 1 à 5 (1 : 3 compétences, 2 : 6, 3 à 5 : 4).",
                )
            elif (area, competence) in seen:
                self.report(
                    "competenceId",
                    "digital_competence_unknown",
                    f"La compétence DigComp {area}.{competence} est donnée deux fois : "
                    "gardez un seul résultat par compétence.",
                    WARNING,
                )
            seen.add((area, competence))

    def registration(self, registration: Registration, issue: date | None) -> None:
        access = self.enum("modaliteAcces", registration.access_mode)
        route = self.enum("voieAccessVAE", registration.vae_route)
        self.enum("initiativeInscription", registration.initiative)
        registered = self.day("dateInscription", registration.registration_date)
        if route is not None and access is not None and access != "VAE":
            self.report(
                "voieAccessVAE",
                "vae_route_without_vae",
                f"Une voie d'accès VAE ({route}) est indiquée alors que la modalité "
                f"d'accès est {access} : retirez-la ou choisissez la modalité VAE.",
                WARNING,
            )
        if registered and issue and registered > issue:
            self.report(
                "dateInscription",
                "registration_after_issue",
                f"La date d'inscription ({_fr(registered)}) est postérieure à la date "
                f"de délivrance ({_fr(issue)}) : vérifiez-la.",
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
        elif not self.from_xml:  # in XML, the schema reports a missing branch
            self.report(
                "identificationTitulaire",
                "missing_value",
                "Le titulaire n'est pas identifié : indiquez son état civil, son "
                "dossier CPF ou son NIR.",
            )

    def national_id(self, holder: NationalId) -> None:
        if not supports(self.version, "national_id"):
            self.report(
                "identifiantNational",
                "unsupported_identification",
                "L'identification par NIR n'existe qu'à partir du schéma XSD 1.1.5 : "
                "générez le fichier au format 1.1.5 ou identifiez le titulaire par son "
                "état civil.",
            )
        self.text("nomNaissance", holder.birth_name, required=True)
        self.nir(
            holder.nir, holder.sex, holder.birth_year, holder.birth_month, required=True
        )

    def nir(self, value, sex, year, month, required: bool = False) -> None:
        if value is None:
            if required:
                self.missing("nir")
            return
        text = as_text(value)
        compact = "".join(text.split()).upper() if text is not None else ""
        label = label_for("nir")
        if not NIR_PATTERN.fullmatch(compact):
            self.report(
                "nir",
                "nir_format",
                f"Le NIR « {quoted(value)} » est mal formé : 13 caractères (ou 15 avec "
                "la clé), commençant par 1 ou 2 ; les numéros provisoires (NIA, "
                "commençant par 3, 4, 7 ou 8) ne sont pas acceptés.",
                label=label,
            )
            return
        if len(compact) == 15 and not stdnum_nir.is_valid(compact):
            self.report(
                "nir",
                "nir_key",
                f"La clé du NIR « {compact} » est fausse : vérifiez le numéro sur la "
                "carte Vitale ou une attestation de sécurité sociale.",
                label=label,
            )
        if sex in ("M", "F") and compact[0] != ("1" if sex == "M" else "2"):
            self.report(
                "nir",
                "nir_sex",
                f"Le NIR commence par {compact[0]} alors que le sexe est {sex} "
                "(1 = homme, 2 = femme) : vérifiez le NIR ou le sexe.",
                label=label,
            )
        year = _small_int(year)
        month = _small_int(month)
        if year is not None and compact[1:3] != f"{year % 100:02d}":
            self.report(
                "nir",
                "nir_birth_year",
                f"Le NIR indique une naissance en « {compact[1:3]} » alors que l'année "
                f"de naissance est {year} : vérifiez l'un des deux.",
                label=label,
            )
        nir_month = int(compact[3:5])
        if month is not None and 1 <= nir_month <= 12 and nir_month != month:
            self.report(
                "nir",
                "nir_birth_month",
                f"Le NIR indique le mois de naissance {nir_month:02d} alors que le "
                f"mois de naissance est {month:02d} : vérifiez l'un des deux.",
                label=label,
            )

    def titulaire(self, holder: Holder, passage: Passage) -> None:
        text = self.text
        text("nomNaissance", holder.birth_name, required=True)
        text("prenom1", holder.first_name, required=True)
        text("nomUsage", holder.usage_name)
        text("prenom2", holder.first_name_2)
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
                f"L'année de naissance {quoted(given_year)} est antérieure à "
                f"{BIRTH_YEAR_MIN} : "
                "vérifiez-la sur une pièce d'état civil.",
            )
            return
        year = self.integer("anneeNaissance", holder.birth_year, required=True)
        month = self.integer("moisNaissance", holder.birth_month)
        day = self.integer("jourNaissance", holder.birth_day)
        if year is None:
            return
        if day is not None and month is None:
            self.report(
                "moisNaissance",
                "birth_day_without_month",
                "Le jour de naissance est donné sans le mois : renseignez le mois, ou "
                "laissez les deux vides.",
                WARNING,
            )
        try:
            earliest = date(year, month or 1, day or 1)
        except ValueError:
            self.report(
                "jourNaissance",
                "impossible_date",
                f"La date de naissance {day:02d}/{month:02d}/{year} n'existe pas : "
                "vérifiez le jour et le mois sur une pièce d'état civil.",
            )
            return
        if earliest > self.today:
            self.report(
                "anneeNaissance",
                "birth_date_future",
                f"La date de naissance ({_fr(earliest)}) est dans le futur : "
                "vérifiez-la.",
            )
        elif (issue := _plain_date(passage.validity_start)) and earliest > issue:
            self.report(
                "anneeNaissance",
                "birth_after_issue",
                "La date de naissance est postérieure à la date de délivrance de la "
                "certification : vérifiez l'une des deux.",
            )

    def birthplace(self, holder: Holder) -> None:
        insee = self.text("codeInsee", holder.birth_insee_code)
        postcode = self.text("codePostal", holder.birth_postcode)
        self.text("libelleCommuneNaissance", holder.birth_commune_name)
        country = self.text("codePaysNaissance", holder.birth_country_code)
        self.text("libellePaysNaissance", holder.birth_country_name)
        if insee is not None:
            if not INSEE_CODE_PATTERN.fullmatch(insee):
                self.report(
                    "codeInsee",
                    "insee_format",
                    f"Le code INSEE de naissance « {insee} » est mal formé : 5 "
                    "chiffres (2A ou 2B suivis de 3 chiffres pour la Corse, 99 suivi "
                    "de 3 chiffres pour un pays étranger). Attention : ce n'est pas le "
                    "code postal.",
                )
            if postcode is not None and not self.from_xml:
                self.report(
                    "codePostal",
                    "birthplace_both",
                    "Le code INSEE et le code postal de naissance sont tous deux "
                    "renseignés : seul le code INSEE sera envoyé.",
                    WARNING,
                )
        elif postcode is not None and not POSTCODE_PATTERN.fullmatch(postcode):
            self.report(
                "codePostal",
                "postcode_format",
                f"Le code postal de naissance « {postcode} » n'est pas un code postal "
                "français à 5 chiffres : pour une naissance à l'étranger, indiquez le "
                "code INSEE du pays (99xxx).",
            )
        elif postcode is None:
            self.report(
                "codeCommuneNaissance",
                "birthplace_unknown",
                "La commune de naissance n'est pas renseignée (code postal envoyé "
                "vide) : indiquez le code INSEE de la commune, ou du pays (99xxx) pour "
                "une naissance à l'étranger, pour faciliter l'identification.",
                WARNING,
            )
        if country is None:
            return
        if insee is None or not insee.startswith("99"):
            code = "country_for_france_birth"
            message = (
                f"Un pays de naissance ({country}) est indiqué pour une personne née "
                "en France : laissez-le vide ; pour une naissance à l'étranger, "
                "indiquez le code INSEE du pays (99xxx) comme code INSEE de naissance."
            )
            self.report("codePaysNaissance", code, message)
        elif not COUNTRY_CODE_PATTERN.fullmatch(country) or insee[2:] != country:
            self.report(
                "codePaysNaissance",
                "country_code_mismatch",
                f"Le code pays de naissance « {country} » doit reprendre les 3 "
                f"derniers chiffres du code INSEE {insee} (soit {insee[2:]}).",
            )


def check_flux(
    flux: Flux, known_ids: Iterable[str] = (), today: date | None = None
) -> list[Problem]:
    """Every problem of ``flux`` before building it.

    ``known_ids``: idTechnique already sent in earlier files (a set is used as is);
    ``today``: reference date for future/late dates (default: today in Paris).
    """
    checker = _Checker(flux.version, flux.action, known_ids, today)
    checker.flux(flux)
    return checker.problems
