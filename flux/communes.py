"""Reference of French communes: what a birth code designates, tolerant name search,
and the birth-place checks (code, postcode, label, NIR).

Pure Python, standard library only (plus :mod:`.rules`, itself pure). The data is
``data/fr_communes.tsv.gz`` (INSEE's Code officiel géographique with La Poste's
postcodes, Licence Ouverte; provenance, vintage and row counts in
``data/fr_communes.source.json``), built by ``scripts/build_communes.py``. It is
read lazily, once per process (:func:`reference`); the package works without it
(:func:`is_available`).

* :meth:`CommuneReference.read_code`: what an INSEE birth code designates (a
  :class:`CodeReading`): a current commune, a municipal arrondissement, a delegated
  or associated commune, a former code (with the commune it belongs to now), a
  country code 99xxx (not this module's business: countries are the Odoo side's
  ``res.country``), or nothing; and whether the same string is also the postcode
  of other communes (69003: Albigny-sur-Saône, and the postcode of Lyon 3e
  Arrondissement, INSEE 69383);
* :meth:`~CommuneReference.by_postcode`, :meth:`~CommuneReference.search`
  (tolerant of accents, case, punctuation, "St"/"Ste", arrondissement numbers),
  :meth:`~CommuneReference.candidates` (the places a label and/or postcode may
  designate: one means the code can be filled);
* :func:`normalize_name`: the matching key, to be stored in an indexed column;
* :func:`check_birthplace`: a list of :class:`Finding` (stable ``code``, severity,
  element, plain ``params``, French and English messages from :data:`MESSAGES`).

The NIR's birth place (digits 6 to 10). Sources:

* Décret n° 82-103 du 22 janvier 1982 relatif au RNIPP, art. 4 (the NIR gives the
  sex, year and month of birth, then "le lieu de naissance (5 chiffres ou
  caractères)"), and art. 6 (the NIR "n'est modifié que dans le cas où les
  informations qu'il décrit ne sont pas, ou ne sont plus, conformes aux registres
  de l'état civil"), as quoted by INSEE, "NIR et NIR_Avec_Clé" (document marked
  obsolete), https://xml.insee.fr/schema/2004/nir.html ;
* Service-Public.fr (DILA), "Que signifie le numéro de sécurité sociale ?",
  https://www.service-public.fr/particuliers/vosdroits/F33078 : 2 digits of the
  birth department and 3 of INSEE's commune code; "99" and the INSEE code of the
  country for a birth abroad; for a birth in Algeria, Morocco or Tunisia before
  independence "un code spécifique peut figurer" (91, 92, 93 or 94 for Algeria, 95
  for Morocco, 96 for Tunisia). A later revision, as republished by town halls
  (e.g. https://www.lesgets-mairie.fr/que-signifie-le-numero-de-securite-sociale.aspx),
  adds that the department code "est celui existant au moment de la naissance";
* ameli.fr, "Les règles d'identification des assurés",
  https://www.ameli.fr/assure/droits-demarches/principes/regles-identification-assures :
  characters 6-7 the department, 8-10 INSEE's official commune code.

Hence the rules of :meth:`CommuneReference.check_birthplace`: digits 6 to 10 are
the COG code of the birth place *at the time of birth* and are not renumbered when
the commune merges or changes department (art. 6; the COG history in the data maps
those old codes, e.g. 20004 to 2A004 in 1976, 75012 to 92012 in 1968). A NIR code
the reference maps to the recorded place is consistent (no finding). Proven
contradictions are errors. The cases where a disagreement can be legitimate and
that the sources above do not let us settle are warnings: 91 to 96 (North Africa
before independence, documented above; 91 to 95 are also Île-de-France since
1968), births before 1968 in the Seine and Seine-et-Oise (today 75, 78, 91 to
95), Corsica (20) before 1976, overseas codes
(97x/98x: older codings, territories that became independent, collectivities
whose births the RNIPP may hold differently: not confirmed by these sources),
country codes that differ (countries that split or were renamed), and NIR codes
that are former codes of another commune (merges undone later).
"""

from __future__ import annotations

import bisect
import dataclasses
import gc
import gzip
import heapq
import itertools
import json
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .rules import (
    INSEE_CODE_PATTERN,
    INSEE_COUNTRY_CODE_PATTERN,
    NIR_PATTERN,
    POSTCODE_PATTERN,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILE = DATA_DIR / "fr_communes.tsv.gz"
SOURCE_FILE = DATA_DIR / "fr_communes.source.json"

ERROR = "error"
WARNING = "warning"

# Kinds of rows in the data file, and of readings of a code.
COMMUNE = "commune"
ARRONDISSEMENT = "arrondissement"
DELEGATED = "delegated"
ASSOCIATED = "associated"
FORMER = "former"
FORMER_NAME = "former_name"
KINDS = (COMMUNE, ARRONDISSEMENT, DELEGATED, ASSOCIATED, FORMER, FORMER_NAME)
# Statuses of a reading that are not kinds.
COUNTRY = "country"
UNKNOWN = "unknown"
MALFORMED = "malformed"

COLUMNS = ("code", "kind", "name", "department", "postcodes", "parent", "population")
# Search and readings: current places first, former ones last.
_KIND_RANK = {
    COMMUNE: 0,
    ARRONDISSEMENT: 0,
    DELEGATED: 1,
    ASSOCIATED: 1,
    FORMER: 2,
    FORMER_NAME: 3,
}
_CURRENT_KINDS = frozenset({COMMUNE, ARRONDISSEMENT})
_PLACE_KINDS = frozenset({COMMUNE, ARRONDISSEMENT, DELEGATED, ASSOCIATED})
_COMMUNE_STATUSES = frozenset({COMMUNE, ARRONDISSEMENT, DELEGATED, ASSOCIATED, FORMER})

# Departments of the NIR rules (see the module docstring).
# Loi n° 64-707 du 10 juillet 1964 portant réorganisation de la région parisienne
# (https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000319965/): the Seine (75)
# and the Seine-et-Oise (78) gave Paris, 78 and 91 to 95, Seine-et-Marne (77)
# untouched; in force on 1 January 1968 (the date of the COG history's changes).
_ILE_DE_FRANCE = frozenset({"75", "78", "91", "92", "93", "94", "95"})
_SEINE_REORGANISATION_YEAR = 1968
# Service-Public.fr F33078 (module docstring): 91 to 94 Algeria, 95 Morocco, 96
# Tunisia, before independence (Algeria 1962; Morocco and Tunisia 1956).
_NORTH_AFRICA = frozenset({"91", "92", "93", "94", "95", "96"})
_NORTH_AFRICA_INDEPENDENCE_YEAR = 1962
# Corsica: 20xxx became 2A/2Bxxx on 1 January 1976 (COG history in the data).
_CORSICA_SPLIT_YEAR = 1976

# Overseas collectivities (and the TAAF, Clipperton) whose births the RNIPP may
# record differently (not confirmed by the sources cited): lenient.
_COLLECTIVITIES = ("975", "977", "978", "984", "986", "987", "988", "989")

_CONTAINS_MIN_LENGTH = 3


# --- messages ----------------------------------------------------------------

MESSAGES: dict[str, dict[str, str]] = {
    "commune_code_malformed": {
        "fr": "Le code INSEE de naissance « {code} » est mal formé : 5 chiffres (2A "
        "ou 2B suivis de 3 chiffres pour la Corse). Ce n'est pas le code postal.",
        "en": "The birth INSEE code '{code}' is malformed: 5 digits (2A or 2B and 3 "
        "digits in Corsica). It is not the postcode.",
    },
    "commune_code_unknown": {
        "fr": "Le code INSEE « {code} » ne désigne aucune commune, actuelle ou "
        "ancienne, du Code officiel géographique {vintage} : vérifiez-le (ce n'est "
        "pas le code postal), ou choisissez la commune par son nom.",
        "en": "The INSEE code '{code}' designates no commune, current or former, of "
        "the Code officiel géographique {vintage}: check it (it is not the "
        "postcode), or choose the commune by its name.",
    },
    "commune_code_is_postcode": {
        "fr": "« {code} » n'est pas un code INSEE de commune mais un code postal, "
        "celui de : {communes}. Indiquez le code INSEE ({codes}).",
        "en": "'{code}' is not the INSEE code of a commune but a postcode, that of: "
        "{communes}. Enter the INSEE code ({codes}).",
    },
    "commune_code_postcode_or_former": {
        "fr": "« {code} » est un code postal, celui de : {communes} ; c'est aussi un "
        "ancien code INSEE (commune {former}, aujourd'hui {current}, code "
        "{current_code}). Indiquez le "
        "code INSEE de la commune de naissance : {codes} pour {names}, ou "
        "{current_code} pour {former}.",
        "en": "'{code}' is a postcode, that of: {communes}; it is also a former "
        "INSEE code (commune {former}, now {current}, code {current_code}). Enter "
        "the INSEE code of the "
        "birth commune: {codes} for {names}, or {current_code} for {former}.",
    },
    "commune_code_former": {
        "fr": "Le code INSEE {code} est un ancien code (commune {former}), "
        "aujourd'hui {current} ({current_code}) : il est accepté ; vérifiez que "
        "c'est bien le lieu de naissance.",
        "en": "The INSEE code {code} is a former code (commune {former}), now "
        "{current} ({current_code}): it is accepted; check that it is the birth "
        "place.",
    },
    "commune_code_also_postcode": {
        "fr": "Le code INSEE {code} désigne {commune}, mais c'est aussi le code "
        "postal d'autres lieux : {communes}. Vérifiez le lieu de naissance : pour "
        "{names}, indiquez {codes}.",
        "en": "The INSEE code {code} designates {commune}, but it is also the "
        "postcode of other places: {communes}. Check the birth place: for {names}, "
        "enter {codes}.",
    },
    "commune_code_postcode_per_label": {
        "fr": "Le code INSEE {code} désigne {commune}, mais le libellé « {label} » "
        "désigne {right}, dont {code} est le code postal : indiquez son code INSEE, "
        "{right_code}.",
        "en": "The INSEE code {code} designates {commune}, but the label '{label}' "
        "designates {right}, whose postcode is {code}: enter its INSEE code, "
        "{right_code}.",
    },
    "commune_code_postcode_per_postcode": {
        "fr": "Le code INSEE {code} désigne {commune}, mais le code postal de "
        "naissance {postcode} désigne {right}, dont {code} est un code postal : "
        "indiquez son code INSEE, {right_code}.",
        "en": "The INSEE code {code} designates {commune}, but the birth postcode "
        "{postcode} designates {right}, one of whose postcodes is {code}: enter "
        "its INSEE code, {right_code}.",
    },
    "commune_code_postcode_per_nir": {
        "fr": "Le code INSEE {code} désigne {commune}, mais le NIR (chiffres 6 à 10 : "
        "{nir_code}) désigne {right}, dont {code} est le code postal : indiquez son "
        "code INSEE, {right_code}.",
        "en": "The INSEE code {code} designates {commune}, but the NIR (digits 6 to "
        "10: {nir_code}) designates {right}, whose postcode is {code}: enter its "
        "INSEE code, {right_code}.",
    },
    "commune_label_mismatch": {
        "fr": "Le libellé de la commune de naissance « {label} » ne correspond pas "
        "au code INSEE {code} ({commune}) ; ce libellé désigne : {candidates}. "
        "Corrigez le code ou le libellé.",
        "en": "The birth commune label '{label}' does not match the INSEE code "
        "{code} ({commune}); that label designates: {candidates}. Correct the code "
        "or the label.",
    },
    "commune_label_unknown_for_code": {
        "fr": "Le libellé de la commune de naissance « {label} » ne correspond pas "
        "au code INSEE {code} ({commune}), ni à aucune commune connue : vérifiez "
        "l'orthographe, ou choisissez la commune dans la liste.",
        "en": "The birth commune label '{label}' matches neither the INSEE code "
        "{code} ({commune}) nor any known commune: check the spelling, or choose "
        "the commune from the list.",
    },
    "commune_label_arrondissement": {
        "fr": "Le libellé « {label} » désigne {right} ({right_code}), plus précis "
        "que le code INSEE {code} ({commune}) : indiquez {right_code}.",
        "en": "The label '{label}' designates {right} ({right_code}), more precise "
        "than the INSEE code {code} ({commune}): enter {right_code}.",
    },
    "commune_postcode_malformed": {
        "fr": "Le code postal de naissance « {postcode} » n'est pas un code postal "
        "français (5 chiffres).",
        "en": "The birth postcode '{postcode}' is not a French postcode (5 digits).",
    },
    "commune_postcode_unknown": {
        "fr": "Le code postal de naissance {postcode} n'est celui d'aucune commune "
        "du Code officiel géographique {vintage} : vérifiez-le.",
        "en": "The birth postcode {postcode} is not that of any commune of the Code "
        "officiel géographique {vintage}: check it.",
    },
    "commune_postcode_mismatch": {
        "fr": "Le code postal de naissance {postcode} ne correspond pas au code "
        "INSEE {code} ({commune}) ; c'est celui de : {communes}. Vérifiez-les "
        "(seul le code INSEE est envoyé).",
        "en": "The birth postcode {postcode} does not match the INSEE code {code} "
        "({commune}); it is that of: {communes}. Check them (only the INSEE code "
        "is sent).",
    },
    "commune_label_not_in_postcode": {
        "fr": "La commune « {label} » n'a pas le code postal {postcode}, qui est "
        "celui de : {communes}. Corrigez le libellé ou le code postal.",
        "en": "The commune '{label}' does not have the postcode {postcode}, which "
        "is that of: {communes}. Correct the label or the postcode.",
    },
    "nir_birthplace_mismatch": {
        "fr": "Le NIR (chiffres 6 à 10 : {nir_code}) désigne le lieu de naissance "
        "{nir_place}, alors que le lieu de naissance enregistré est {place} : "
        "vérifiez le NIR ou le lieu de naissance.",
        "en": "The NIR (digits 6 to 10: {nir_code}) designates the birth place "
        "{nir_place}, while the recorded birth place is {place}: check the NIR or "
        "the birth place.",
    },
    "nir_birthplace_abroad": {
        "fr": "Le NIR (chiffres 6 à 10 : {nir_code}, code pays INSEE) indique une "
        "naissance à l'étranger, alors que le lieu de naissance enregistré est en "
        "France : {place}. Vérifiez le NIR ou le lieu de naissance.",
        "en": "The NIR (digits 6 to 10: {nir_code}, INSEE country code) gives a "
        "birth abroad, while the recorded birth place is in France: {place}. Check "
        "the NIR or the birth place.",
    },
    "nir_birthplace_france": {
        "fr": "Le NIR (chiffres 6 à 10 : {nir_code}) indique une naissance en "
        "France ({nir_place}), alors que le lieu de naissance enregistré est à "
        "l'étranger (code pays {code}) : vérifiez le NIR ou le lieu de naissance.",
        "en": "The NIR (digits 6 to 10: {nir_code}) gives a birth in France "
        "({nir_place}), while the recorded birth place is abroad (country code "
        "{code}): check the NIR or the birth place.",
    },
    "nir_birth_country_mismatch": {
        "fr": "Le NIR indique une naissance dans le pays de code INSEE {nir_code}, "
        "le lieu de naissance enregistré est le pays {code} : vérifiez-les. Ils "
        "peuvent différer à bon droit si le pays a changé depuis la naissance "
        "(URSS, Yougoslavie, Tchécoslovaquie...).",
        "en": "The NIR gives a birth in the country with INSEE code {nir_code}, the "
        "recorded birth place is the country {code}: check them. They may "
        "legitimately differ if the country changed since the birth (USSR, "
        "Yugoslavia, Czechoslovakia...).",
    },
    "nir_birthplace_arrondissement": {
        "fr": "Le NIR (chiffres 6 à 10 : {nir_code}) désigne {nir_place}, plus "
        "précis que le lieu de naissance enregistré, {place} : indiquez {nir_code}.",
        "en": "The NIR (digits 6 to 10: {nir_code}) designates {nir_place}, more "
        "precise than the recorded birth place, {place}: enter {nir_code}.",
    },
    "nir_birthplace_changed_code": {
        "fr": "Le NIR (chiffres 6 à 10 : {nir_code}) porte l'ancien code de la "
        "commune {nir_place}, aujourd'hui {nir_current}, alors que le lieu de "
        "naissance enregistré est {place}. Le NIR garde le code de la naissance et "
        "des communes regroupées ont pu être séparées depuis : vérifiez que les "
        "deux désignent le même lieu.",
        "en": "The NIR (digits 6 to 10: {nir_code}) carries the former code of the "
        "commune {nir_place}, now {nir_current}, while the recorded birth place is "
        "{place}. The NIR keeps the code of the time of birth and merged communes "
        "may have split since: check that both designate the same place.",
    },
    "nir_birthplace_before_1968": {
        "fr": "Le NIR (chiffres 6 à 10 : {nir_code}) désigne {nir_place}, le lieu de "
        "naissance enregistré est {place}. Avant 1968, la Seine et la Seine-et-Oise "
        "(75, 78) couvraient les départements 75, 78 et 91 à 95 d'aujourd'hui, et le "
        "NIR garde le code de la naissance : vérifiez que les deux désignent le "
        "même lieu.",
        "en": "The NIR (digits 6 to 10: {nir_code}) designates {nir_place}, the "
        "recorded birth place is {place}. Before 1968, the Seine and Seine-et-Oise "
        "(75, 78) covered today's departments 75, 78 and 91 to 95, and the NIR "
        "keeps the code of the time of birth: check that both designate the same "
        "place.",
    },
    "nir_birthplace_north_africa": {
        "fr": "Le NIR porte le code de lieu de naissance {nir_code}, le lieu de "
        "naissance enregistré est {place}. Pour une naissance en Algérie (91 à 94), "
        "au Maroc (95) ou en Tunisie (96) avant l'indépendance, le NIR peut porter "
        "ces codes au lieu de 99 et du code du pays : vérifiez le lieu de "
        "naissance.",
        "en": "The NIR carries the birth place code {nir_code}, the recorded birth "
        "place is {place}. For a birth in Algeria (91 to 94), Morocco (95) or "
        "Tunisia (96) before independence, the NIR may carry these codes instead "
        "of 99 and the country code: check the birth place.",
    },
    "nir_birthplace_corsica": {
        "fr": "Le NIR porte le code de lieu de naissance {nir_code}, le lieu de "
        "naissance enregistré est {place}. Avant 1976, la Corse avait le code 20 "
        "(2A et 2B depuis), et le NIR garde le code de la naissance : vérifiez que "
        "les deux désignent le même lieu.",
        "en": "The NIR carries the birth place code {nir_code}, the recorded birth "
        "place is {place}. Before 1976, Corsica had the code 20 (2A and 2B since), "
        "and the NIR keeps the code of the time of birth: check that both "
        "designate the same place.",
    },
    "nir_birthplace_overseas": {
        "fr": "Le NIR porte le code de lieu de naissance {nir_code}, le lieu de "
        "naissance enregistré est {place}. Les codes d'outre-mer (97, 98) ont "
        "changé depuis certaines naissances (anciens territoires, collectivités) : "
        "vérifiez que les deux désignent le même lieu.",
        "en": "The NIR carries the birth place code {nir_code}, the recorded birth "
        "place is {place}. Overseas codes (97, 98) changed since some births "
        "(former territories, collectivities): check that both designate the same "
        "place.",
    },
    "nir_birthplace_unknown": {
        "fr": "Le NIR porte le code de lieu de naissance {nir_code}, qui ne désigne "
        "aucune commune, actuelle ou ancienne, du Code officiel géographique ; le "
        "lieu de naissance enregistré est {place} : vérifiez le NIR et le lieu de "
        "naissance.",
        "en": "The NIR carries the birth place code {nir_code}, which designates no "
        "commune, current or former, of the Code officiel géographique; the "
        "recorded birth place is {place}: check the NIR and the birth place.",
    },
    "nir_birthplace_postcode_mismatch": {
        "fr": "Le NIR (chiffres 6 à 10 : {nir_code}) désigne {nir_place}, qui n'a "
        "pas le code postal de naissance enregistré, {postcode} : vérifiez le NIR "
        "ou le code postal.",
        "en": "The NIR (digits 6 to 10: {nir_code}) designates {nir_place}, which "
        "does not have the recorded birth postcode, {postcode}: check the NIR or "
        "the postcode.",
    },
    "nir_birthplace_label_mismatch": {
        "fr": "Le NIR (chiffres 6 à 10 : {nir_code}) désigne {nir_place}, alors que "
        "la commune de naissance enregistrée est « {label} » : vérifiez le NIR ou "
        "le libellé.",
        "en": "The NIR (digits 6 to 10: {nir_code}) designates {nir_place}, while "
        "the recorded birth commune is '{label}': check the NIR or the label.",
    },
}


@dataclass(frozen=True)
class Finding:
    """One finding of :func:`check_birthplace`.

    Attributes:
        code: stable key of :data:`MESSAGES`.
        severity: ``"error"`` or ``"warning"``.
        field: the flux element concerned (``codeInsee``, ``codePostal``,
            ``libelleCommuneNaissance`` or ``nir``).
        params: the plain values the messages are formatted with.
        message_fr, message_en: the messages.
    """

    code: str
    severity: str
    field: str
    params: dict[str, str] = dataclasses.field(hash=False)
    message_fr: str
    message_en: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def message(self, lang: str = "fr") -> str:
        return self.message_fr if lang.startswith("fr") else self.message_en


def _finding(key: str, severity: str, element: str, /, **params: object) -> Finding:
    values = {name: str(value) for name, value in params.items()}
    templates = MESSAGES[key]
    return Finding(
        key,
        severity,
        element,
        values,
        templates["fr"].format(**values),
        templates["en"].format(**values),
    )


# --- normalization -----------------------------------------------------------


def _folding_table() -> dict[int, str]:
    """Latin letters with diacritics to their ASCII base letter, and ligatures."""
    table = {}
    for point in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(point))[0]
        if base.isascii() and base.isalpha():
            table[point] = base
    table.update(
        {
            ord(char): text
            for char, text in zip("œŒæÆßøØđĐłŁ", _LIGATURE_TEXTS, strict=True)
        }
    )
    return table


_LIGATURE_TEXTS = ("oe", "OE", "ae", "AE", "ss", "o", "O", "d", "D", "l", "L")
_FOLDING = _folding_table()
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
# Whole words (between non-alphanumerics): "St"-like abbreviations, ordinal
# numbers, and "arrondissement" with its abbreviations (dropped).
_SPECIAL_WORD = re.compile(
    r"(?<![0-9a-z])(?:(sts?|stes?)|0*([0-9]+)(?:er|re|ere|e|eme|ieme|nd|nde)?"
    r"|arrondissements?|arrd?t|ardt|arr)(?![0-9a-z])"
)


def _special_word(match: re.Match) -> str:
    abbreviation, number = match.groups()
    if abbreviation:
        return _ABBREVIATIONS[abbreviation]
    return number or ""


_PARENTHESES = re.compile(r"\([^)]*\)")


def normalize_name(text: object) -> str:
    """The matching key of a commune name: lower-case ASCII letters and digits.

    Accents and case are dropped, punctuation and spaces too (after "St", "Ste",
    "Sts", "Stes" became "saint", "sainte"...), ordinal numbers lose their suffix
    and leading zeros ("1er", "01", "3e", "2ème" give 1, 1, 3, 2) and the word
    "arrondissement" (or its abbreviations) is dropped: "Saint-Étienne",
    "ST ETIENNE" and "st-étienne" all give ``saintetienne``; "Lyon 3e
    Arrondissement" and "lyon 3" give ``lyon3``. Store it in an indexed column and
    compare it with the key of the typed text (equality, then prefix, then
    substring).
    """
    value = str(text).translate(_FOLDING).lower()
    if not value.isascii():
        value = "".join(
            char
            for char in unicodedata.normalize("NFKD", value)
            if not unicodedata.combining(char)
        )
    return _NOT_ALPHANUMERIC.sub("", _SPECIAL_WORD.sub(_special_word, value))


def _name_keys(text: str) -> set[str]:
    """Keys of a name or label, with and without its parenthesised parts
    ("Bors (Canton de Charente-Sud)", "Albigny-sur-Saône (69)")."""
    keys = {normalize_name(text)}
    if "(" in text:
        keys.add(normalize_name(_PARENTHESES.sub(" ", text)))
    keys.discard("")
    return keys


# --- data --------------------------------------------------------------------


class Commune(NamedTuple):
    """One row of the reference (a named tuple: fast to build, immutable).

    Attributes:
        code: INSEE code (5 characters; 2A/2B in Corsica).
        kind: one of :data:`KINDS`.
        name: official name (for ``former_name``, a name the code had).
        department: department code (of the code, for former codes).
        postcodes: La Poste postcodes (current communes and arrondissements only).
        parent: the current commune the row belongs to now (the city for an
            arrondissement); None for a current commune.
        population: legal population when the source has it.
    """

    code: str
    kind: str
    name: str
    department: str
    postcodes: tuple[str, ...]
    parent: str | None
    population: int | None

    @property
    def is_current(self) -> bool:
        """A current commune or a municipal arrondissement."""
        return self.kind in _CURRENT_KINDS

    @property
    def label(self) -> str:
        """``"Name (code)"``, as messages show it."""
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class CodeReading:
    """What a birth code designates (:meth:`CommuneReference.read_code`).

    Attributes:
        code: the code as read (trimmed, upper case).
        status: the kind of the row the code designates (``commune``,
            ``arrondissement``, ``delegated``, ``associated``, ``former``), or
            ``country`` (99xxx: not this reference's business), ``unknown``,
            ``malformed``.
        entry: the row the code designates (the most current one), or None.
        current: the current commune it belongs to now (the city for an
            arrondissement; itself for a current commune), or None.
        names: every name the code has or had (current, delegated, former).
        postcode_of: the places, other than the one the code designates, whose
            postcode is this string (arrondissements rather than their city).
    """

    code: str
    status: str
    entry: Commune | None = None
    current: Commune | None = None
    names: tuple[str, ...] = ()
    postcode_of: tuple[Commune, ...] = ()

    @property
    def is_commune(self) -> bool:
        """The code designates a commune (current, delegated... or former)."""
        return self.status in _COMMUNE_STATUSES

    @property
    def place(self) -> Commune | None:
        """The current place: the arrondissement itself, else the current commune."""
        if self.entry is not None and self.entry.kind == ARRONDISSEMENT:
            return self.entry
        return self.current


def _place_code(row: Commune) -> str:
    """Code of the current place a row belongs to (an arrondissement is its own)."""
    if row.kind in _CURRENT_KINDS:
        return row.code
    return row.parent or row.code


@contextmanager
def _bulk() -> Iterator[None]:
    """The garbage collector paused while tens of thousands of rows are built
    (they hold no cycles; collecting during the build only costs time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _first(item: tuple) -> object:
    return item[0]


def _code_of(row: Commune) -> str:
    return row.code


def _by_rank(rows: list[Commune]) -> list[Commune]:
    if len(rows) == 1:
        return rows
    return sorted(rows, key=lambda row: (_KIND_RANK[row.kind], row.name))


def _department(code: str) -> str:
    return code[:3] if code[:2] in ("97", "98") else code[:2]


def _join(items: Iterable[str]) -> str:
    return ", ".join(items)


def _parse_rows(path: Path, lines: list[str]) -> list[Commune]:
    header = tuple(lines[0].split("\t"))
    if header != COLUMNS:
        raise ValueError(f"{path}: unexpected columns {header}")
    rows = []
    for line in lines[1:]:
        if not line:
            continue
        code, kind, name, department, postcodes, parent, population = line.split("\t")
        rows.append(
            Commune(
                code,
                kind,
                name,
                department,
                tuple(postcodes.split(" ")) if postcodes else (),
                parent or None,
                int(population) if population else None,
            )
        )
    return rows


class CommuneReference:
    """The communes of one COG vintage, indexed by code, postcode and name."""

    def __init__(self, rows: Iterable[Commune], source: dict | None = None):
        self.source = source or {}
        self.vintage: str = self.source.get("cog_vintage", "")
        self.rows: tuple[Commune, ...] = tuple(rows)
        by_code: dict[str, list[Commune]] = {}
        by_postcode: dict[str, list[Commune]] = {}
        for row in self.rows:
            if row.code in by_code:
                by_code[row.code].append(row)
            else:
                by_code[row.code] = [row]
            for postcode in row.postcodes:
                if postcode in by_postcode:
                    by_postcode[postcode].append(row)
                else:
                    by_postcode[postcode] = [row]
        # Only current communes and arrondissements have postcodes (same rank).
        self._by_code = {code: tuple(_by_rank(rows)) for code, rows in by_code.items()}
        self._by_postcode = {
            postcode: tuple(sorted(rows, key=_code_of) if len(rows) > 1 else rows)
            for postcode, rows in by_postcode.items()
        }
        self._current = {
            row.code: row for row in self.rows if row.kind in _CURRENT_KINDS
        }
        self._postcodes_sorted = sorted(self._by_postcode)
        self._names_ready = False
        self._names_lock = threading.Lock()

    # --- loading ---

    @classmethod
    def load(cls, path: Path = DATA_FILE, source_path: Path = SOURCE_FILE):
        """Read the data file (gzip TSV with a header line) and its provenance."""
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as stream:
            lines = stream.read().split("\n")
        source = (
            json.loads(source_path.read_text(encoding="utf-8"))
            if source_path.exists()
            else {}
        )
        with _bulk():
            return cls(_parse_rows(path, lines), source)

    def _ensure_names(self) -> None:
        """Name indexes, built on first use (code lookups do not need them)."""
        if self._names_ready:
            return
        with self._names_lock, _bulk():
            if self._names_ready:
                return
            keyed: list[tuple[str, Commune]] = []
            keys_of: dict[str, set[str]] = {}  # names repeat (former codes)
            for row in self.rows:
                keys = keys_of.get(row.name)
                if keys is None:
                    keys = keys_of[row.name] = _name_keys(row.name)
                keyed.extend((key, row) for key in keys)
            keyed.sort(key=_first)
            self._keys = [key for key, _row in keyed]
            self._keyed_rows = [row for _key, row in keyed]
            # Rank of each key's row, to order matches: current places first,
            # then delegated/associated, then former; larger population first;
            # then alphabetical (the keys' order).
            count = len(keyed)
            self._rank = [
                (_KIND_RANK[row.kind] * 10**9 - (row.population or 0)) * count + index
                for index, row in enumerate(self._keyed_rows)
            ]
            # One string of all keys, to find substrings in C; starts give the row.
            self._blob = "\n".join(self._keys)
            self._starts = [
                0,
                *itertools.accumulate(len(key) + 1 for key in self._keys),
            ]
            # A city's name also fits its arrondissements ("Paris" for 75101).
            self._arrondissements_named: dict[str, set[str]] = {}
            for row in self._current.values():
                city = self._current.get(row.parent or "")
                if row.kind == ARRONDISSEMENT and city is not None:
                    for key in _name_keys(city.name):
                        self._arrondissements_named.setdefault(key, set()).add(row.code)
            self._names_ready = True

    def _rows_named(self, key: str) -> list[Commune]:
        """The rows one of whose name keys is ``key``."""
        low = bisect.bisect_left(self._keys, key)
        high = bisect.bisect_right(self._keys, key, low)
        return self._keyed_rows[low:high]

    # --- lookups ---

    def get(self, code: str) -> tuple[Commune, ...]:
        """Every row of ``code`` (current first, former names last)."""
        return self._by_code.get(str(code).strip().upper(), ())

    def current_of(self, row: Commune) -> Commune | None:
        """The current commune ``row`` belongs to now (the city of an
        arrondissement)."""
        if row.kind == COMMUNE:
            return row
        return self._current.get(row.parent or "")

    def place(self, code: str) -> Commune | None:
        """The current place (commune or arrondissement) ``code`` belongs to now."""
        rows = self.get(code)
        return self._current.get(_place_code(rows[0])) if rows else None

    def by_postcode(self, postcode: str, precise: bool = False) -> tuple[Commune, ...]:
        """Current communes and arrondissements having ``postcode``.

        ``precise``: a city is left out when one of its arrondissements has the
        postcode (75001 gives Paris 1er Arrondissement, not Paris).
        """
        rows = self._by_postcode.get(str(postcode).strip(), ())
        if not precise:
            return rows
        cities = {row.parent for row in rows if row.kind == ARRONDISSEMENT}
        return tuple(row for row in rows if row.code not in cities)

    def read_code(self, code: str) -> CodeReading:
        """What the INSEE birth code ``code`` designates."""
        value = "".join(str(code or "").split()).upper()
        if not INSEE_CODE_PATTERN.fullmatch(value):
            return CodeReading(value, MALFORMED)
        if INSEE_COUNTRY_CODE_PATTERN.fullmatch(value):
            return CodeReading(value, COUNTRY)
        rows = self._by_code.get(value, ())
        entry = rows[0] if rows else None
        current = self.current_of(entry) if entry is not None else None
        place = _place_code(entry) if entry is not None else None
        postcode_of = tuple(
            row
            for row in self.by_postcode(value, precise=True)
            if place is None or place not in (row.code, row.parent)
        )
        return CodeReading(
            value,
            entry.kind if entry is not None else UNKNOWN,
            entry,
            current,
            tuple(dict.fromkeys(row.name for row in rows)),
            postcode_of,
        )

    # --- names ---

    def search(self, text: str, limit: int = 10) -> list[Commune]:
        """Communes whose name matches ``text`` (see :func:`normalize_name`).

        Exact matches first, then names starting with the text, then names
        containing it (from 3 characters); within each, current communes and
        arrondissements, then delegated/associated communes, then former codes
        and names; then by population. Digits only: 5 digits give the places with
        that postcode then the commune with that INSEE code, fewer digits the
        places whose postcode starts with them.
        """
        compact = "".join(str(text).split())
        if compact.isdigit():
            return self._search_digits(compact, limit)
        key = normalize_name(text)
        if not key:
            return []
        self._ensure_names()
        keys = self._keys
        # Keys are sorted: the ones equal to the text, then the ones starting
        # with it, are two ranges ("{" sorts after every character of a key).
        low = bisect.bisect_left(keys, key)
        high = bisect.bisect_left(keys, key + "{", low)
        equal = bisect.bisect_right(keys, key, low, high)
        results: list[Commune] = []
        seen: set[tuple[str, str]] = set()
        self._take(range(low, equal), results, seen, limit)
        self._take(range(equal, high), results, seen, limit)
        if len(key) >= _CONTAINS_MIN_LENGTH:
            self._take(self._containing(key, low, high), results, seen, limit)
        return results

    def _containing(self, key: str, low: int, high: int) -> list[int]:
        """Indexes of the keys containing ``key``, outside ``range(low, high)``."""
        found = []
        keys, starts, blob = self._keys, self._starts, self._blob
        position = blob.find(key)
        while position != -1:
            index = bisect.bisect_right(starts, position) - 1
            if not low <= index < high:
                found.append(index)
            position = blob.find(key, starts[index] + len(keys[index]))
        return found

    def _take(
        self,
        indexes: range | list[int],
        results: list[Commune],
        seen: set[tuple[str, str]],
        limit: int,
    ) -> None:
        """Add the best-ranked rows of ``indexes`` to ``results`` up to ``limit``
        (one per code and name)."""
        if len(results) >= limit or not indexes:
            return
        rank = self._rank.__getitem__
        bound = 4 * limit
        if len(indexes) > bound:
            ordered = heapq.nsmallest(bound, indexes, key=rank)
        else:
            ordered = sorted(indexes, key=rank)
        full = self._add_unseen(ordered, results, seen, limit)
        if not full and len(indexes) > bound:  # duplicates ate the best ones
            self._add_unseen(sorted(indexes, key=rank)[bound:], results, seen, limit)

    def _add_unseen(
        self,
        indexes: list[int],
        results: list[Commune],
        seen: set[tuple[str, str]],
        limit: int,
    ) -> bool:
        """Append the rows of ``indexes`` not seen yet; True once ``limit`` is
        reached."""
        for index in indexes:
            row = self._keyed_rows[index]
            identity = (row.code, row.name)
            if identity not in seen:
                seen.add(identity)
                results.append(row)
                if len(results) >= limit:
                    return True
        return False

    def _search_digits(self, digits: str, limit: int) -> list[Commune]:
        if len(digits) == 5:
            rows = list(self.by_postcode(digits, precise=True))
            same_code = self._by_code.get(digits, ())[:1]
            rows += [row for row in same_code if row not in rows]
            return rows[:limit]
        start = bisect.bisect_left(self._postcodes_sorted, digits)
        rows: list[Commune] = []
        for postcode in self._postcodes_sorted[start:]:
            if not postcode.startswith(digits) or len(rows) >= limit:
                break
            rows += [
                row
                for row in self.by_postcode(postcode, precise=True)
                if row not in rows
            ]
        return rows[:limit]

    def places_named(self, label: str) -> set[str]:
        """Codes of the current places a label fits (own, former or city names)."""
        self._ensure_names()
        places: set[str] = set()
        for key in _name_keys(label):
            places.update(_place_code(row) for row in self._rows_named(key))
            places |= self._arrondissements_named.get(key, set())
        return places

    def names_match(self, code: str, label: str) -> bool:
        """Whether ``label`` is a name of the place ``code`` designates (a current,
        delegated, associated or former name of it or of its current commune, or
        the city's name for an arrondissement)."""
        rows = self.get(code)
        return bool(rows) and _place_code(rows[0]) in self.places_named(label)

    def candidates(
        self, label: str | None = None, postcode: str | None = None
    ) -> list[Commune]:
        """The places a commune label and/or a postcode may designate: current
        communes, arrondissements, delegated or associated communes.

        Exactly one means the INSEE code can be filled with its ``code``. A label
        matches a row's own name (a former code or name gives its current
        commune); with a postcode, only places having it count (a delegated
        commune through its current commune), a city giving way to its
        arrondissement with that postcode.
        """
        label = (label or "").strip()
        postcode = (postcode or "").strip()
        if postcode and not POSTCODE_PATTERN.fullmatch(postcode):
            return []
        with_postcode = self.by_postcode(postcode, precise=True) if postcode else ()
        if not label:
            return list(with_postcode)
        self._ensure_names()
        # Own names first; former codes and names only when no place bears it now.
        direct: dict[str, Commune] = {}
        former: dict[str, Commune] = {}
        for key in _name_keys(label):
            for row in self._rows_named(key):
                if row.kind in _PLACE_KINDS:
                    direct.setdefault(row.code, row)
                elif row.parent in self._current:
                    former.setdefault(row.parent, self._current[row.parent])
        found = {}
        for tier in (direct, former):
            found = self._having_postcode(tier, with_postcode) if postcode else tier
            if found:
                break
        return sorted(
            found.values(),
            key=lambda row: (_KIND_RANK[row.kind], -(row.population or 0), row.code),
        )

    def _having_postcode(
        self, found: dict[str, Commune], with_postcode: tuple[Commune, ...]
    ) -> dict[str, Commune]:
        """The rows of ``found`` whose place has one of the postcode's places; a
        city gives way to its arrondissements having the postcode."""
        allowed = {row.code for row in with_postcode}
        narrowed: dict[str, Commune] = {}
        for row in found.values():
            place = self._current.get(_place_code(row))
            if place is None:
                continue
            if place.code in allowed:
                narrowed.setdefault(row.code, row)
            else:
                for precise in with_postcode:
                    if precise.parent == place.code:
                        narrowed.setdefault(precise.code, precise)
        return narrowed

    # --- checks ---

    def check_birthplace(
        self,
        insee_code: str | None = None,
        postcode: str | None = None,
        commune_label: str | None = None,
        nir: str | None = None,
        birth_year: int | None = None,
    ) -> list[Finding]:
        """Findings on a birth place (see :func:`check_birthplace`)."""
        check = _BirthplaceCheck(self, postcode, commune_label, nir, birth_year)
        code = "".join(str(insee_code).split()).upper() if insee_code else ""
        if code:
            check.code(code)
        elif check.postcode:
            check.postcode_only()
        elif check.label and check.nir_code:
            check.label_with_nir()
        return check.findings


class _BirthplaceCheck:
    """One run of :meth:`CommuneReference.check_birthplace`."""

    def __init__(self, reference, postcode, label, nir, birth_year):
        self.ref: CommuneReference = reference
        self.postcode = "".join(str(postcode).split()) if postcode else ""
        self.label = " ".join(str(label).split()) if label else ""
        compact = "".join(str(nir).split()).upper() if nir else ""
        self.nir = compact if NIR_PATTERN.fullmatch(compact) else ""
        self.nir_code = self.nir[5:10]
        self.birth_year = birth_year if isinstance(birth_year, int) else None
        self.findings: list[Finding] = []

    def add(self, key: str, severity: str, element: str, /, **params) -> None:
        self.findings.append(_finding(key, severity, element, **params))

    # --- what the other data designate ---

    def label_fits(self, place_code: str) -> bool:
        return bool(self.label) and place_code in self.ref.places_named(self.label)

    def postcode_fits(self, place: Commune) -> bool:
        return bool(self.postcode) and self.postcode in self.ref_postcodes(place)

    def ref_postcodes(self, place: Commune) -> tuple[str, ...]:
        if place.kind in _CURRENT_KINDS:
            return place.postcodes
        current = self.ref.current_of(place)
        return current.postcodes if current else ()

    def nir_place(self) -> str | None:
        if not self.nir_code or self.nir_code.startswith("99"):
            return None
        rows = self.ref.get(self.nir_code)
        return _place_code(rows[0]) if rows else None

    def possibly_born_before(self, year: int) -> bool:
        if self.birth_year is not None:
            return self.birth_year < year
        # The NIR gives the year without its century: 19yy is always possible.
        return bool(self.nir) and 1900 + int(self.nir[1:3]) < year

    # --- INSEE code given ---

    def code(self, code: str) -> None:
        if not INSEE_CODE_PATTERN.fullmatch(code):
            self.add("commune_code_malformed", ERROR, "codeInsee", code=code)
            return
        if INSEE_COUNTRY_CODE_PATTERN.fullmatch(code):
            if self.nir_code:
                self.compare_nir_with_country(code)
            return
        reading = self.ref.read_code(code)
        if reading.postcode_of and self.ambiguous(reading):
            return
        if not reading.is_commune:
            self.add(
                "commune_code_unknown",
                ERROR,
                "codeInsee",
                code=code,
                vintage=self.ref.vintage,
            )
            return
        place = reading.place
        if reading.status == FORMER:
            self.add(
                "commune_code_former",
                WARNING,
                "codeInsee",
                code=code,
                former=reading.entry.name,
                current=reading.current.name,
                current_code=reading.current.code,
            )
        if self.label:
            self.label_against_code(reading)
        if self.postcode:
            self.postcode_against_code(reading, place)
        if self.nir_code:
            self.compare_nir(reading)

    def ambiguous(self, reading: CodeReading) -> bool:
        """A code that is also the postcode of other places; True when the
        finding made settles it (no further check of the code)."""
        code = reading.code
        others = reading.postcode_of
        primary = reading.place
        nir_place = self.nir_place()
        evidence = None
        for source in ("label", "postcode", "nir"):
            for other in others:
                if source == "label":
                    fits = self.label_fits(other.code) and not (
                        primary and self.label_fits(primary.code)
                    )
                elif source == "postcode":
                    fits = self.postcode_fits(other) and not (
                        primary and self.postcode_fits(primary)
                    )
                else:
                    fits = nir_place is not None and nir_place in (
                        other.code,
                        other.parent,
                    )
                if fits:
                    evidence = (source, other)
                    break
            if evidence:
                break
        primary_fits = primary is not None and (
            self.label_fits(primary.code)
            or self.postcode_fits(primary)
            or (nir_place is not None and nir_place == primary.code)
        )
        communes = _join(row.label for row in others)
        codes = _join(row.code for row in others)
        names = _join(row.name for row in others)
        if not reading.is_commune:
            right = [evidence[1]] if evidence else others
            self.add(
                "commune_code_is_postcode",
                ERROR,
                "codeInsee",
                code=code,
                communes=_join(row.label for row in right),
                codes=_join(row.code for row in right),
            )
            return True
        if evidence:
            source, other = evidence
            if reading.status == FORMER:
                self.add(
                    "commune_code_is_postcode",
                    ERROR,
                    "codeInsee",
                    code=code,
                    communes=other.label,
                    codes=other.code,
                )
                return True
            extra = {
                "label": {"label": self.label},
                "postcode": {"postcode": self.postcode},
                "nir": {"nir_code": self.nir_code},
            }[source]
            self.add(
                f"commune_code_postcode_per_{source}",
                ERROR,
                "codeInsee",
                code=code,
                commune=reading.entry.name,
                right=other.name,
                right_code=other.code,
                **extra,
            )
            return True
        if primary_fits:
            return False
        if reading.status == FORMER:
            self.add(
                "commune_code_postcode_or_former",
                ERROR,
                "codeInsee",
                code=code,
                communes=communes,
                codes=codes,
                names=names,
                former=reading.entry.name,
                current=reading.current.name,
                current_code=reading.current.code,
            )
            return True
        self.add(
            "commune_code_also_postcode",
            WARNING,
            "codeInsee",
            code=code,
            commune=reading.entry.name,
            communes=communes,
            codes=codes,
            names=names,
        )
        return False

    def label_against_code(self, reading: CodeReading) -> None:
        place = reading.place
        if place is None or self.label_fits(place.code):
            return
        fitting = sorted(self.ref.places_named(self.label))
        fitting_places = [self.ref.place(code) for code in fitting]
        arrondissements = [
            row
            for row in fitting_places
            if row is not None
            and row.kind == ARRONDISSEMENT
            and row.parent == place.code
        ]
        if len(arrondissements) == 1:
            right = arrondissements[0]
            self.add(
                "commune_label_arrondissement",
                WARNING,
                "libelleCommuneNaissance",
                label=self.label,
                code=reading.code,
                commune=reading.entry.name,
                right=right.name,
                right_code=right.code,
            )
            return
        candidates = [row.label for row in fitting_places if row is not None]
        if candidates:
            self.add(
                "commune_label_mismatch",
                ERROR,
                "libelleCommuneNaissance",
                label=self.label,
                code=reading.code,
                commune=reading.entry.name,
                candidates=_join(candidates[:5]),
            )
        else:
            self.add(
                "commune_label_unknown_for_code",
                ERROR,
                "libelleCommuneNaissance",
                label=self.label,
                code=reading.code,
                commune=reading.entry.name,
            )

    def postcode_against_code(self, reading: CodeReading, place: Commune) -> None:
        if not POSTCODE_PATTERN.fullmatch(self.postcode):
            self.add(
                "commune_postcode_malformed",
                WARNING,
                "codePostal",
                postcode=self.postcode,
            )
            return
        having = self.ref.by_postcode(self.postcode, precise=True)
        if not having:
            self.add(
                "commune_postcode_unknown",
                WARNING,
                "codePostal",
                postcode=self.postcode,
                vintage=self.ref.vintage,
            )
        elif self.postcode not in self.ref_postcodes(place):
            self.add(
                "commune_postcode_mismatch",
                WARNING,
                "codePostal",
                postcode=self.postcode,
                code=reading.code,
                commune=reading.entry.name,
                communes=_join(row.label for row in having),
            )

    # --- postcode given, no INSEE code ---

    def postcode_only(self) -> None:
        if not POSTCODE_PATTERN.fullmatch(self.postcode):
            self.add(
                "commune_postcode_malformed",
                ERROR,
                "codePostal",
                postcode=self.postcode,
            )
            return
        having = self.ref.by_postcode(self.postcode)
        if not having:
            self.add(
                "commune_postcode_unknown",
                ERROR,
                "codePostal",
                postcode=self.postcode,
                vintage=self.ref.vintage,
            )
            return
        places = {row.code for row in having}
        if self.label and not places & self.ref.places_named(self.label):
            self.add(
                "commune_label_not_in_postcode",
                ERROR,
                "libelleCommuneNaissance",
                label=self.label,
                postcode=self.postcode,
                communes=_join(
                    row.label for row in self.ref.by_postcode(self.postcode, True)
                ),
            )
        if not self.nir_code:
            return
        if self.nir_code.startswith("99"):
            self.add(
                "nir_birthplace_abroad",
                ERROR,
                "nir",
                nir_code=self.nir_code,
                place=self.postcode,
            )
            return
        nir_reading = self.ref.read_code(self.nir_code)
        nir_place = nir_reading.place
        if nir_place is None:
            self.add(
                self.unknown_reason(self.nir_code),
                WARNING,
                "nir",
                nir_code=self.nir_code,
                place=self.postcode,
            )
            return
        if nir_place.code in places or (nir_place.parent or "") in places:
            return
        lenient = self.legacy_reason(nir_reading, {row.department for row in having})
        self.add(
            "nir_birthplace_postcode_mismatch",
            WARNING if lenient else ERROR,
            "nir",
            nir_code=self.nir_code,
            nir_place=nir_reading.entry.name,
            postcode=self.postcode,
        )

    # --- label and NIR only ---

    def label_with_nir(self) -> None:
        if self.nir_code.startswith("99"):
            return  # a country name: the countries are not this reference's
        reading = self.ref.read_code(self.nir_code)
        if reading.place is None:
            return
        fitting = self.ref.places_named(self.label)
        if reading.place.code in fitting or (reading.place.parent or "") in fitting:
            return
        self.add(
            "nir_birthplace_label_mismatch",
            WARNING,
            "nir",
            nir_code=self.nir_code,
            nir_place=reading.entry.name,
            label=self.label,
        )

    # --- NIR against an INSEE code ---

    def compare_nir_with_country(self, code: str) -> None:
        nir_code = self.nir_code
        if nir_code == code:
            return
        if nir_code.startswith("99"):
            self.add(
                "nir_birth_country_mismatch",
                WARNING,
                "nir",
                nir_code=nir_code,
                code=code,
            )
            return
        reading = self.ref.read_code(nir_code)
        department = nir_code[:2]
        reason = None
        if reading.entry is None:
            reason = self.unknown_reason(nir_code)
        elif department in _NORTH_AFRICA and self.possibly_born_before(
            _NORTH_AFRICA_INDEPENDENCE_YEAR + 1
        ):
            reason = "nir_birthplace_north_africa"
        elif department in ("97", "98"):
            reason = "nir_birthplace_overseas"
        if reason:
            self.add(reason, WARNING, "nir", nir_code=nir_code, place=code)
            return
        self.add(
            "nir_birthplace_france",
            ERROR,
            "nir",
            nir_code=nir_code,
            nir_place=reading.entry.name,
            code=code,
        )

    def compare_nir(self, reading: CodeReading) -> None:
        nir_code = self.nir_code
        place = reading.place
        if nir_code == reading.code or place is None:
            return
        recorded = f"{reading.entry.name} ({reading.code})"
        if nir_code.startswith("99"):
            overseas = _department(place.code) in ("976", *_COLLECTIVITIES)
            self.add(
                "nir_birthplace_overseas" if overseas else "nir_birthplace_abroad",
                WARNING if overseas else ERROR,
                "nir",
                nir_code=nir_code,
                place=recorded,
            )
            return
        nir_reading = self.ref.read_code(nir_code)
        nir_place = nir_reading.place
        if nir_place is not None:
            if nir_place.code == place.code:
                return  # the same place under the code of the time of birth
            if nir_place.kind == ARRONDISSEMENT and nir_place.parent == place.code:
                self.add(
                    "nir_birthplace_arrondissement",
                    WARNING,
                    "nir",
                    nir_code=nir_code,
                    nir_place=nir_place.name,
                    place=recorded,
                )
                return
            if place.kind == ARRONDISSEMENT and place.parent == nir_place.code:
                return  # the NIR gives the city, the record its arrondissement
        if nir_reading.entry is None:
            reason = self.unknown_reason(nir_code)
            self.add(reason, WARNING, "nir", nir_code=nir_code, place=recorded)
            return
        departments = {_department(reading.code), place.department}
        reason = self.legacy_reason(nir_reading, departments)
        if reason == "nir_birthplace_changed_code":
            self.add(
                reason,
                WARNING,
                "nir",
                nir_code=nir_code,
                nir_place=nir_reading.entry.name,
                nir_current=nir_reading.current.label,
                place=recorded,
            )
        elif reason in ("nir_birthplace_before_1968",):
            self.add(
                reason,
                WARNING,
                "nir",
                nir_code=nir_code,
                nir_place=nir_reading.entry.name,
                place=recorded,
            )
        elif reason:
            self.add(reason, WARNING, "nir", nir_code=nir_code, place=recorded)
        else:
            self.add(
                "nir_birthplace_mismatch",
                ERROR,
                "nir",
                nir_code=nir_code,
                nir_place=nir_reading.entry.name,
                place=recorded,
            )

    @staticmethod
    def unknown_reason(nir_code: str) -> str:
        """The warning for a NIR birth code the COG does not hold."""
        department = nir_code[:2]
        if department in _NORTH_AFRICA:
            return "nir_birthplace_north_africa"
        if department == "20":
            return "nir_birthplace_corsica"
        if department in ("97", "98"):
            return "nir_birthplace_overseas"
        return "nir_birthplace_unknown"

    def legacy_reason(
        self, nir_reading: CodeReading, departments: set[str]
    ) -> str | None:
        """Why a NIR code the COG knows may legitimately differ from the recorded
        place, or None when the difference is an error."""
        nir_department = _department(nir_reading.code)
        if (
            nir_department in _ILE_DE_FRANCE
            and departments & _ILE_DE_FRANCE
            and self.possibly_born_before(_SEINE_REORGANISATION_YEAR)
        ):
            return "nir_birthplace_before_1968"
        if nir_department in _NORTH_AFRICA and self.possibly_born_before(
            _NORTH_AFRICA_INDEPENDENCE_YEAR + 1
        ):
            return "nir_birthplace_north_africa"
        if (
            nir_department == "20"
            and departments & {"2A", "2B"}
            and self.possibly_born_before(_CORSICA_SPLIT_YEAR)
        ):
            return "nir_birthplace_corsica"
        if nir_department[:2] in ("97", "98"):
            return "nir_birthplace_overseas"
        if nir_reading.status == FORMER:
            return "nir_birthplace_changed_code"
        return None


# --- shared instance ---------------------------------------------------------

_shared: CommuneReference | None = None
_shared_lock = threading.Lock()


def is_available() -> bool:
    """Whether the data file is present (the flux package works without it)."""
    return DATA_FILE.exists()


def reference() -> CommuneReference:
    """The reference of the shipped data file, loaded on first call, once."""
    global _shared  # noqa: PLW0603
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = CommuneReference.load()
    return _shared


def read_code(code: str) -> CodeReading:
    """:meth:`CommuneReference.read_code` on the shipped reference."""
    return reference().read_code(code)


def by_postcode(postcode: str, precise: bool = False) -> tuple[Commune, ...]:
    """:meth:`CommuneReference.by_postcode` on the shipped reference."""
    return reference().by_postcode(postcode, precise)


def search(text: str, limit: int = 10) -> list[Commune]:
    """:meth:`CommuneReference.search` on the shipped reference."""
    return reference().search(text, limit)


def check_birthplace(
    insee_code: str | None = None,
    postcode: str | None = None,
    commune_label: str | None = None,
    nir: str | None = None,
    birth_year: int | None = None,
) -> list[Finding]:
    """Findings on a birth place recorded in France (or abroad, against the NIR).

    * ``insee_code``: a postcode typed as a code is an error naming the places
      with that postcode and their codes; an unknown code is an error; a former
      code is accepted with a warning naming its current commune; a code that is
      also another place's postcode (69003, 13001) is an error naming the right
      code when the label, the postcode or the NIR designates the other place,
      else a warning showing both readings; the label must be a name of the place
      (tolerant comparison, former names included); a postcode given too must be
      the place's (warning: only the code is sent);
    * ``postcode`` without a code: it must exist, and the label, when given, must
      be a place having it;
    * ``nir``: digits 6 to 10 against the recorded place (see the module
      docstring for the rules and their sources); ``birth_year`` (the recorded
      one) settles the century the NIR does not give.

    A country code (99xxx) is only compared with the NIR. Malformed NIRs are left
    to the flux checker.
    """
    return reference().check_birthplace(
        insee_code, postcode, commune_label, nir, birth_year
    )


__all__ = [
    "ARRONDISSEMENT",
    "ASSOCIATED",
    "COMMUNE",
    "COUNTRY",
    "DATA_FILE",
    "DELEGATED",
    "ERROR",
    "FORMER",
    "FORMER_NAME",
    "KINDS",
    "MALFORMED",
    "MESSAGES",
    "SOURCE_FILE",
    "UNKNOWN",
    "WARNING",
    "CodeReading",
    "Commune",
    "CommuneReference",
    "Finding",
    "by_postcode",
    "check_birthplace",
    "is_available",
    "normalize_name",
    "read_code",
    "reference",
    "search",
]
