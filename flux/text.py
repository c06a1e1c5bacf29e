"""Text values: the characters the flux accepts, removes or refuses.

One policy, used by the checker (which reports) and by the builder (which
writes), so that the builder never writes what the checker refuses and writes
exactly what the checker announced (:func:`prepare_text` serves both).

Decisions, per kind of character and per kind of field (the README's "Limits"
section copies this table):

* **Refused everywhere** (error naming the character; the builder raises
  :class:`flux.InvalidValueError`): characters XML 1.0 forbids (C0 controls but
  tab, line feed and carriage return; U+FFFE, U+FFFF; lone surrogates), DEL and
  the C1 controls U+007F to U+009F (almost always text mis-decoded from
  Windows-1252), and the noncharacters (U+FDD0 to U+FDEF, the last two code
  points of every plane).
* **Invisible characters**: Unicode format characters (category Cf: zero-width
  space U+200B, zero-width non-joiner and joiner U+200C/U+200D, BOM U+FEFF, word
  joiner U+2060, soft hyphen U+00AD, left-to-right and right-to-left marks and
  the bidirectional embeddings, overrides and isolates U+202A to U+202E and
  U+2066 to U+2069, invisible operators, tags), variation selectors, the
  combining grapheme joiner U+034F and the Hangul fillers. The CDC's identity
  matching does not see them, so:

  - in names and free texts (:data:`INVISIBLE_REMOVED_FIELDS`: birth, usage and
    given names, the CPF file's names, commune and country names, option label,
    scoring, verbatim): **removed, with a warning** that says which character
    and the value that will be sent; in an XML file (nothing will remove them
    any more) they are an **error**;
  - in identifiers and codes (idTechnique, idFlux, client and contract numbers,
    CPF file number, NIR, INSEE, postcodes and country codes, certification
    type and code, DigComp ids, URL, enumerations): **refused** (error): a
    silently changed identifier would no longer match the records and the
    processing report.
* **Whitespace** (tab, line breaks, no-break and thin spaces, U+2028/U+2029,
  ideographic space...): trimmed and collapsed to single spaces; a warning on
  objects, an error in an XML file (they are then part of the data).
* **Unicode normalisation**: values are sent in NFC (composed: "é" is one
  character). The builder normalises; the checker warns when a value is not NFC
  (objects and XML alike).
* **Duplicates**: two idTechnique are the same when their
  :func:`identity_key` is (NFC, invisible characters removed, whitespace
  collapsed).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters XML 1.0 allows (production [2] Char); anything else cannot be written.
FORBIDDEN_XML_CHAR = re.compile(
    "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
    for plane in range(1, 17)
)
# Refused in every field: XML-forbidden, DEL and C1 controls, noncharacters.
_REFUSED_CLASS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff" + _NONCHARACTERS
)
REFUSED_CHAR = re.compile(f"[{_REFUSED_CLASS}]")
# Invisible: every format character (Cf) of Unicode 15, variation selectors,
# combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian
# free variation selectors. A test checks that every Cf character is in it.
_INVISIBLE_CLASS = (
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160"
    "\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001-\U000e007f\U000e0100-\U000e01ef"
)
INVISIBLE_CHAR = re.compile(f"[{_INVISIBLE_CLASS}]")
# Whitespace other than the plain space (str.split() splits on all of these).
_OTHER_WHITESPACE = "\t\n\r\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# One search tells whether a non-ASCII value needs the slow path.
_SPECIAL = re.compile(f"[{_REFUSED_CLASS}{_INVISIBLE_CLASS}{_OTHER_WHITESPACE}]")

# Texts people type for "no value" that would be stored as data by the CDC.
NIL_LITERALS = frozenset({"nil", "nill", "null", "none"})

# Fields where invisible characters are removed (with a warning) instead of
# refused: names and free texts (see the module docstring).
INVISIBLE_REMOVED_FIELDS = frozenset(
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
        "libelleOption",
        "scoring",
        "verbatim",
        "commentairesMEN",
    }
)


def clean_text(value: object) -> str:
    """The value as one trimmed line: whitespace runs become a single space."""
    return " ".join(str(value).split())


def is_clean(value: str) -> bool:
    """True when ``value`` has no leading/trailing space, line break or double space."""
    return value == clean_text(value)


def is_nil_literal(value: str) -> bool:
    return value.strip().lower() in NIL_LITERALS


def is_plain(value: str) -> bool:
    """True when ``value`` is sent exactly as it is: no character to refuse or
    remove, no whitespace to collapse, already NFC. Fast for the usual values."""
    if not value or value[0] == " " or value[-1] == " " or "  " in value:
        return False
    if value.isascii():
        return value.isprintable()
    return _SPECIAL.search(value) is None and unicodedata.is_normalized("NFC", value)


@dataclass(frozen=True, slots=True)
class PreparedText:
    """What happens to a text value (see :func:`prepare_text`).

    Attributes:
        text: what the builder writes (None: nothing left, the value is missing).
        refused: the first character refused in this field (error), or None.
        invisible: the invisible characters found, distinct, in order of
            appearance (removed from ``text`` when ``invisible_removed``).
        invisible_removed: True when this field's policy removes them, False
            when it refuses them.
        whitespace: True when whitespace was trimmed or collapsed.
        normalized: True when NFC normalisation changed the value.
    """

    text: str | None
    refused: str | None = None
    invisible: tuple[str, ...] = ()
    invisible_removed: bool = True
    whitespace: bool = False
    normalized: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.invisible or self.whitespace or self.normalized)


def prepare_text(value: str, field: str) -> PreparedText:
    """Apply the policy of the module docstring to ``value`` of element ``field``."""
    if is_plain(value):
        return PreparedText(value)
    refused = REFUSED_CHAR.search(value)
    removable = field in INVISIBLE_REMOVED_FIELDS
    invisible = tuple(dict.fromkeys(INVISIBLE_CHAR.findall(value)))
    if invisible and not removable and refused is None:
        refused_char = invisible[0]
    else:
        refused_char = refused.group() if refused else None
    text = INVISIBLE_CHAR.sub("", value) if invisible else value
    collapsed = " ".join(text.split())
    whitespace = collapsed != text
    normalized_text = unicodedata.normalize("NFC", collapsed)
    return PreparedText(
        normalized_text or None,
        refused=refused_char,
        invisible=invisible,
        invisible_removed=removable,
        whitespace=whitespace,
        normalized=normalized_text != collapsed,
    )


def identity_key(value: str) -> str:
    """The form under which two identifiers are the same (see the module docstring)."""
    if value.isascii():
        return " ".join(value.split())
    text = INVISIBLE_CHAR.sub("", value)
    return unicodedata.normalize("NFC", " ".join(text.split()))


# French names of the characters the policy names in its messages (English
# names come from unicodedata).
_FRENCH_NAMES = {
    0x0009: "TABULATION",
    0x000A: "SAUT DE LIGNE",
    0x000D: "RETOUR CHARIOT",
    0x007F: "SUPPRESSION (DEL)",
    0x00A0: "ESPACE INSÉCABLE",
    0x00AD: "TRAIT D'UNION CONDITIONNEL",
    0x034F: "GRAPHÈME COMBINATOIRE DE JONCTION",
    0x061C: "MARQUE DE LETTRE ARABE",
    0x115F: "REMPLISSAGE DE CHOSEONG HANGÛL",
    0x1160: "REMPLISSAGE DE JOUNGSEONG HANGÛL",
    0x180E: "SÉPARATEUR DE VOYELLES MONGOL",
    0x200B: "ESPACE SANS CHASSE",
    0x200C: "ANTILIANT SANS CHASSE",
    0x200D: "LIANT SANS CHASSE",
    0x200E: "MARQUE GAUCHE-À-DROITE",
    0x200F: "MARQUE DROITE-À-GAUCHE",
    0x2028: "SÉPARATEUR DE LIGNES",
    0x2029: "SÉPARATEUR DE PARAGRAPHES",
    0x202A: "ENCHÂSSEMENT GAUCHE-À-DROITE",
    0x202B: "ENCHÂSSEMENT DROITE-À-GAUCHE",
    0x202C: "DÉPILEMENT DE FORMATAGE DIRECTIONNEL",
    0x202D: "FORÇAGE GAUCHE-À-DROITE",
    0x202E: "FORÇAGE DROITE-À-GAUCHE",
    0x202F: "ESPACE FINE INSÉCABLE",
    0x2060: "GLUON DE MOTS",
    0x2061: "APPLICATION DE FONCTION",
    0x2062: "MULTIPLICATION INVISIBLE",
    0x2063: "SÉPARATEUR INVISIBLE",
    0x2064: "PLUS INVISIBLE",
    0x2066: "ISOLAT GAUCHE-À-DROITE",
    0x2067: "ISOLAT DROITE-À-GAUCHE",
    0x2068: "ISOLAT À DIRECTION DU PREMIER FORT",
    0x2069: "DÉPILEMENT D'ISOLAT DIRECTIONNEL",
    0x3000: "ESPACE IDÉOGRAPHIQUE",
    0x3164: "REMPLISSAGE HANGÛL",
    0xFEFF: "ESPACE INSÉCABLE SANS CHASSE (INDICATEUR D'ORDRE DES OCTETS)",
    0xFFA0: "REMPLISSAGE HANGÛL DEMI-CHASSE",
}


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def character_name(char: str, lang: str = "fr") -> str:  # noqa: PLR0911
    """Readable name of ``char`` for messages, in French or English."""
    code = ord(char)
    if lang == "fr" and code in _FRENCH_NAMES:
        return _FRENCH_NAMES[code]
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        number = code - 0xFE00 + 1 if code <= 0xFE0F else code - 0xE0100 + 17
        return (
            f"SÉLECTEUR DE VARIANTE-{number}"
            if lang == "fr"
            else f"VARIATION SELECTOR-{number}"
        )
    if _is_noncharacter(code):
        return "NON-CARACTÈRE" if lang == "fr" else "NONCHARACTER"
    if 0xD800 <= code <= 0xDFFF:
        return "DEMI-CODET ISOLÉ" if lang == "fr" else "LONE SURROGATE"
    category = unicodedata.category(char)
    if category == "Cc":
        return "CARACTÈRE DE COMMANDE" if lang == "fr" else "CONTROL CHARACTER"
    if lang == "en":
        return unicodedata.name(char, "FORMAT CHARACTER")
    return "CARACTÈRE INVISIBLE DE MISE EN FORME"


def describe_char(char: str, lang: str = "fr") -> str:
    """``U+200B ESPACE SANS CHASSE``: code point and name, for messages."""
    return f"U+{ord(char):04X} {character_name(char, lang)}"


def code_point(char: str) -> str:
    """``U+200B``: the code point of ``char``, as stored in problem parameters."""
    return f"U+{ord(char):04X}"


def char_of(code: str) -> str:
    """The character of a ``U+XXXX`` code point (inverse of :func:`code_point`)."""
    return chr(int(code[2:], 16))


def quoted(value: object, limit: int = 80) -> str:
    """``value`` as text for a message, cut at ``limit`` characters."""
    if isinstance(value, int) and value.bit_length() > 64:
        # str() of a huge int is slow, or refused beyond 4300 digits.
        return "-10^19…" if value < 0 else "10^19…"
    try:
        text = str(value)
    except Exception:  # an object whose str() fails: still a message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit] + "…"
