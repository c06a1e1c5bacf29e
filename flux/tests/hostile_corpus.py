"""Generators of hostile and odd input for the flux tests (issue 8), and the
referee: the OFFICIAL CDC schema, through :func:`flux_samples.official_valid`.

Every generator is deterministic (a fixed seed), so that a failure names a case
that can be run again.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable

from flux_samples import (
    flux,
    full_passage,
    national_id,
    official_valid,
    passage,
    training_file,
)

from flux import SCHEMA_CODES, Certification, build_flux, check_xml

# Codes that say "this file is refused as XML": not well-formed, too large,
# unsafe, in an encoding or XML version the CDC refuses, or not valid against
# the schema.
REFUSED_AS_XML = SCHEMA_CODES | {
    "xml_syntax",
    "xml_doctype",
    "xml_too_large",
    "xml_encoding",
    "xml_version",
}
SCHEMA_OR_SYNTAX = SCHEMA_CODES | {"xml_syntax"}
MAX_SECONDS = 2.0


def timed(call: Callable, *args, **kwargs):
    """``call(*args, **kwargs)``, which must take less than :data:`MAX_SECONDS`."""
    start = time.perf_counter()
    result = call(*args, **kwargs)
    elapsed = time.perf_counter() - start
    assert elapsed < MAX_SECONDS, f"{call.__name__} took {elapsed:.2f} s"
    return result


def error_codes(problems) -> set[str]:
    return {problem.code for problem in problems if problem.severity == "error"}


def assert_agrees_with_official_xsd(data: bytes, version: str = "1.1.5") -> set[str]:
    """check_xml agrees with the official XSD: a file the XSD refuses (or that is
    not well-formed) gets an error that refuses it; a file the XSD accepts gets
    no schema or syntax error. Returns the error codes of check_xml."""
    codes = error_codes(timed(check_xml, data, version))
    if official_valid(data, version):
        assert not codes & SCHEMA_OR_SYNTAX, codes
    else:
        assert codes & REFUSED_AS_XML, codes
    return codes


def base_document(version: str = "1.1.5") -> bytes:
    """A valid file using every branch and most optional elements."""
    passages = [passage("A"), full_passage("B"), passage("C", holder=training_file())]
    if version == "1.1.5":
        passages.append(passage("D", holder=national_id()))
    document = flux(passages, version=version)
    document.certifier.certifications.append(
        Certification("RS", "RS5218", [passage("E")], "CERTIFICATEUR")
    )
    return build_flux(document)


_LEAF = re.compile(rb"<cpf:(\w+)>([^<]+)</cpf:\1>")
_CLOSING = re.compile(rb"</cpf:\w+>")


def truncations(data: bytes, count: int = 80) -> list[bytes]:
    """``data`` cut at ``count`` offsets spread before its last end tag."""
    end = data.rindex(b"</cpf:flux>")
    step = max(1, end // count)
    return [data[:offset] for offset in range(1, end, step)][:count]


def unescaped_ampersands(data: bytes, count: int = 25) -> list[bytes]:
    """A bare ``&`` inside one leaf value, for ``count`` leaves."""
    cases = []
    for match in list(_LEAF.finditer(data))[:count]:
        start = match.start(2) + 1
        cases.append(data[:start] + b"& " + data[start:])
    return cases


def missing_end_tags(data: bytes, count: int = 40) -> list[bytes]:
    """One end tag removed, for ``count`` end tags (all kinds of element)."""
    matches = list(_CLOSING.finditer(data))
    rng = random.Random(8)
    chosen = sorted(rng.sample(range(len(matches)), min(count, len(matches))))
    return [
        data[: matches[index].start()] + data[matches[index].end() :]
        for index in chosen
    ]


EMPTY_LIKE = {
    "empty": b"",
    "one space": b" ",
    "blank lines": b"\n\n\n",
    "tabs and CRLF": b"\t \r\n\t",
    "BOM only": b"\xef\xbb\xbf",
    "BOM and spaces": b"\xef\xbb\xbf   \n",
    "declaration only": b'<?xml version="1.0" encoding="UTF-8"?>',
    "declaration and newline": b'<?xml version="1.0" encoding="UTF-8"?>\n',
    "declaration and comment": b'<?xml version="1.0"?>\n<!-- nothing -->\n',
    "comment only": b"<!-- nothing -->",
    "processing instruction only": b"<?target data?>",
    "text only": b"hello",
    "NUL bytes": b"\x00\x00\x00",
    "declaration in UTF-16 only": '<?xml version="1.0" encoding="UTF-16"?>'.encode(
        "utf-16"
    ),
}


def other_broken(data: bytes) -> dict[str, bytes]:
    """Other ways of not being well-formed."""
    return {
        "two roots": data + b"<cpf:flux/>",
        "text after the root": data + b"trailing text",
        "raw control character": data.replace(b"Dupont", b"Du\x01pont", 1),
        "invalid UTF-8": data.replace(b"Dupont", b"Du\xffpont", 1),
        "stray less-than": data.replace(b"Dupont", b"Du<pont", 1),
        "mismatched tags": data.replace(b"</cpf:prenom1>", b"</cpf:prenom2>", 1),
        "unclosed comment": data.replace(b"<cpf:idTechnique>", b"<!-- oops", 1),
        "double dash in a comment": data.replace(
            b"<cpf:idTechnique>", b"<!-- a -- b --><cpf:idTechnique>", 1
        ),
        "attribute without value": data.replace(
            b"<cpf:idTechnique>", b"<cpf:idTechnique foo>", 1
        ),
        "undeclared prefix": data.replace(
            b"<cpf:idTechnique>", b"<cpf:idTechnique bad:x='1'>", 1
        ),
        "undefined entity": data.replace(b"Dupont", b"Du&nbsp;pont", 1),
        "character reference to NUL": data.replace(b"Dupont", b"Du&#0;pont", 1),
        "declaration not first": b"\n" + data,
        "garbage bytes": bytes(range(256)),
    }


# -- DOCTYPE and entities ---------------------------------------------------------

ENTITY_DOCTYPES = {
    "plain DOCTYPE": ("<!DOCTYPE cpf:flux>", None),
    "DOCTYPE with a system id": ('<!DOCTYPE cpf:flux SYSTEM "flux.dtd">', None),
    "internal entity used in a name": (
        '<!DOCTYPE cpf:flux [<!ENTITY nom "Dupont">]>',
        "&nom;",
    ),
    "external file entity": (
        '<!DOCTYPE cpf:flux [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        "&xxe;",
    ),
    "external network entity": (
        '<!DOCTYPE cpf:flux [<!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>',
        "&net;",
    ),
    "parameter entity": (
        "<!DOCTYPE cpf:flux [<!ENTITY % p \"<!ENTITY nom 'Dupont'>\"> %p;]>",
        "&nom;",
    ),
    "billion laughs": (
        "<!DOCTYPE cpf:flux ["
        + '<!ENTITY l0 "lol">'
        + "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
        + "]>",
        "&l9;",
    ),
    "quadratic blowup": (
        '<!DOCTYPE cpf:flux [<!ENTITY a "' + "x" * 20_000 + '">]>',
        "&a;" * 2_000,
    ),
}
PRELUDES = {
    "": "",
    "70 KB of whitespace": " " * 70_000 + "\n",
    "100 KB of comment": "<!--" + "x" * 100_000 + "-->\n",
}
ENCODINGS = {
    "UTF-8": ("UTF-8", "utf-8"),
    "UTF-8 with BOM": ("UTF-8", "utf-8-sig"),
    "UTF-16": ("UTF-16", "utf-16"),
    "UTF-16BE": ("UTF-16", "utf-16-be"),
    "UTF-32": ("UTF-32", "utf-32"),
}


def with_doctype(data: bytes, doctype: str, reference: str | None, prelude: str):
    """``data`` (a UTF-8 flux) with a prelude and a DOCTYPE after its declaration,
    and ``reference`` (an entity) as the first birth name; as text."""
    text = data.decode("utf-8")
    declaration, body = text.split("\n", 1)
    if reference is not None:
        body = body.replace(">Dupont<", f">{reference}<", 1)
    return f"{declaration}\n{prelude}{doctype}\n{body}"


def encoded(text: str, encoding_name: str, codec: str) -> bytes:
    text = text.replace('encoding="UTF-8"', f'encoding="{encoding_name}"', 1)
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    return data


def doctype_corpus(data: bytes) -> dict[str, bytes]:
    corpus = {}
    for doctype_name, (doctype, reference) in ENTITY_DOCTYPES.items():
        for prelude_name, prelude in PRELUDES.items():
            text = with_doctype(data, doctype, reference, prelude)
            for encoding_label, (encoding_name, codec) in ENCODINGS.items():
                key = f"{doctype_name}, {prelude_name or 'nothing before'}, "
                corpus[key + encoding_label] = encoded(text, encoding_name, codec)
    return corpus


# -- characters ------------------------------------------------------------------

DIGIT_SETS = {
    "Arabic-Indic": "٠١٢٣٤٥٦٧٨٩",
    "Extended Arabic-Indic": "۰۱۲۳۴۵۶۷۸۹",
    "Devanagari": "०१२३४५६७८९",
    "Bengali": "০১২৩৪৫৬৭৮৯",
    "Thai": "๐๑๒๓๔๕๖๗๘๙",
    "full-width": "０１２３４５６７８９",
    "mathematical bold": "".join(chr(0x1D7CE + n) for n in range(10)),
}


def in_digits(text: str, digits: str) -> str:
    """``text`` with its ASCII digits written with ``digits``."""
    return "".join(digits[int(char)] if "0" <= char <= "9" else char for char in text)
