"""The project's own XSD files, generated from :mod:`.dictionary`.

:func:`generate_xsd` renders the schema of one version; the rendered files are
shipped in ``flux/xsd/`` (``cpf-1.1.5.xsd``, ``cpf-1.1.2.xsd``) and a test checks that
they equal the generated text. Runtime validation (:func:`load_schema`) reads the
shipped files. Regenerate them with ``python3 -m flux.schemas`` from the repository
root after changing the dictionary.

The generated schemas keep the structure of the official CDC ones (``xsd:all`` for
every complex type except the choice and list wrappers, named types, the global
``nomNaissance`` of 1.1.5, the ``default`` of ``action``) so that both give the same
valid/invalid verdict on any document.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from lxml import etree

from .dictionary import (
    ENUMERATION_VERSIONS,
    ENUMERATIONS,
    NAMESPACE,
    ROOT,
    SCHEMA_VERSIONS,
    Node,
    walk,
)

XSD_NAMESPACE = "http://www.w3.org/2001/XMLSchema"
XSD_DIR = Path(__file__).resolve().parent / "xsd"

_PRIMITIVE = {
    "string": "xsd:string",
    "date": "xsd:date",
    "dateTime": "xsd:dateTime",
    "int": "xsd:int",
    "boolean": "xsd:boolean",
}


def schema_path(version: str) -> Path:
    """Path of the shipped XSD file of ``version``."""
    _check_version(version)
    return XSD_DIR / f"cpf-{version}.xsd"


def _check_version(version: str) -> None:
    if version not in SCHEMA_VERSIONS:
        raise ValueError(f"unknown schema version {version!r}")


def _xsd(tag: str) -> str:
    return f"{{{XSD_NAMESPACE}}}{tag}"


SKIPPED_TYPE = "skipped"
# Name of the element a batch of passages is validated in (see FRAGMENTS).
BATCH = "passageCertifications"


class _SchemaWriter:
    """Renders the schema of ``version``. ``roots``: names of elements declared
    globally as well (to validate one such element on its own); ``skipped``:
    names of elements whose content is not validated (type :data:`SKIPPED_TYPE`,
    any content), to validate what surrounds them."""

    def __init__(
        self,
        version: str,
        roots: tuple[str, ...] = (),
        skipped: frozenset[str] = frozenset(),
    ):
        self.version = version
        self.roots = roots
        self.skipped = skipped
        self.root = etree.Element(
            _xsd("schema"), nsmap={"xsd": XSD_NAMESPACE, "cpf": NAMESPACE}
        )
        self.root.set("targetNamespace", NAMESPACE)
        self.root.set("elementFormDefault", "qualified")
        self.root.set("version", version)
        self.complex_types: dict[str, etree._Element] = {}

    def render(self) -> bytes:
        root_decl = etree.SubElement(self.root, _xsd("element"))
        root_decl.set("name", ROOT.name)
        root_decl.set("type", f"cpf:{ROOT.type_name}")
        for _path, node in walk():
            if self.version in node.global_in and node.in_version(self.version):
                declaration = etree.SubElement(self.root, _xsd("element"))
                declaration.set("name", node.name)
                self._simple_content(declaration, node)
                break
        self._named_complex_type(ROOT)
        for name in self.roots:
            if name == BATCH:
                self.root.insert(1, self._batch_declaration())
                continue
            node = next(n for _p, n in walk() if n.name == name)
            declaration = etree.Element(_xsd("element"), name=name)
            declaration.set("type", f"cpf:{node.type_name}")
            self.root.insert(1, declaration)
        if self.skipped:
            skipped = etree.SubElement(
                self.root, _xsd("complexType"), name=SKIPPED_TYPE, mixed="true"
            )
            sequence = etree.SubElement(skipped, _xsd("sequence"))
            etree.SubElement(
                sequence,
                _xsd("any"),
                processContents="skip",
                minOccurs="0",
                maxOccurs="unbounded",
            )
            etree.SubElement(skipped, _xsd("anyAttribute"), processContents="skip")
        for name, values in ENUMERATIONS.items():
            if self.version not in ENUMERATION_VERSIONS.get(name, SCHEMA_VERSIONS):
                continue
            simple = etree.SubElement(self.root, _xsd("simpleType"), name=name)
            restriction = etree.SubElement(
                simple, _xsd("restriction"), base="xsd:string"
            )
            for value in values:
                etree.SubElement(restriction, _xsd("enumeration"), value=value)
        etree.indent(self.root, space="   ")
        body = etree.tostring(self.root, encoding="UTF-8", pretty_print=True)
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body

    def _batch_declaration(self) -> etree._Element:
        """A global element holding any number of passages, each of the real
        passage type."""
        declaration = etree.Element(_xsd("element"), name=BATCH)
        sequence = etree.SubElement(
            etree.SubElement(declaration, _xsd("complexType")), _xsd("sequence")
        )
        etree.SubElement(
            sequence,
            _xsd("element"),
            name="passageCertification",
            type="cpf:passageCertification",
            maxOccurs="unbounded",
        )
        return declaration

    def _named_complex_type(self, node: Node) -> None:
        if node.type_name in self.complex_types:
            return
        complex_type = etree.Element(_xsd("complexType"), name=node.type_name)
        self.complex_types[node.type_name] = complex_type
        self.root.append(complex_type)
        self._content_model(complex_type, node)

    def _content_model(self, complex_type: etree._Element, node: Node) -> None:
        children = [child for child in node.children if child.in_version(self.version)]
        if node.model == "all":
            group = etree.SubElement(complex_type, _xsd("all"))
        elif node.model == "sequence":
            group = etree.SubElement(complex_type, _xsd("sequence"))
        else:  # choice / list: a choice wrapped in a sequence, as in the CDC XSD
            sequence = etree.SubElement(complex_type, _xsd("sequence"))
            group = etree.SubElement(sequence, _xsd("choice"))
            if node.model == "list":
                group.set("maxOccurs", "unbounded")
        for child in children:
            self._element(group, child)

    def _element(self, group: etree._Element, node: Node) -> None:
        declaration = etree.SubElement(group, _xsd("element"))
        min_occurs, max_occurs = node.occurs[self.version]
        if self.version in node.global_in:
            declaration.set("ref", f"cpf:{node.name}")
        else:
            declaration.set("name", node.name)
        is_reference = self.version in node.global_in
        if node.name in self.skipped:
            declaration.set("type", f"cpf:{SKIPPED_TYPE}")
            declaration.set("nillable", "true")  # xsi:nil is the element's check
        elif node.kind == "complex" and node.type_name:
            declaration.set("type", f"cpf:{node.type_name}")
            self._named_complex_type(node)
        elif node.kind == "complex":
            anonymous = etree.SubElement(declaration, _xsd("complexType"))
            self._content_model(anonymous, node)
        elif not is_reference:
            self._simple_content(declaration, node)
        if min_occurs != 1:
            declaration.set("minOccurs", str(min_occurs))
        if max_occurs != 1:
            declaration.set("maxOccurs", "unbounded" if max_occurs is None else "1")
        if (
            not is_reference
            and node.is_nillable(self.version)
            and node.name not in self.skipped
        ):
            declaration.set("nillable", "true")
        if not is_reference and node.default is not None:
            declaration.set("default", node.default)

    def _simple_content(self, declaration: etree._Element, node: Node) -> None:
        if node.kind == "enum":
            declaration.set("type", f"cpf:{node.enum}")
            return
        facets = []
        if node.length is not None:
            facets.append(("length", node.length))
        if node.min_length is not None:
            facets.append(("minLength", node.min_length))
        if node.max_length is not None:
            facets.append(("maxLength", node.max_length))
        if node.min_value is not None:
            facets.append(("minInclusive", node.min_value))
        if node.max_value is not None:
            facets.append(("maxInclusive", node.max_value))
        if node.pattern is not None:
            facets.append(("pattern", node.pattern))
        if not facets:
            declaration.set("type", _PRIMITIVE[node.kind])
            return
        simple = etree.SubElement(declaration, _xsd("simpleType"))
        restriction = etree.SubElement(
            simple, _xsd("restriction"), base=_PRIMITIVE[node.kind]
        )
        for facet, value in facets:
            etree.SubElement(restriction, _xsd(facet), value=str(value))


def generate_xsd(version: str) -> bytes:
    """The XSD text of ``version`` ("1.1.5" or "1.1.2"), from the dictionary."""
    _check_version(version)
    return _SchemaWriter(version).render()


def write_xsd_files(directory: Path = XSD_DIR) -> list[Path]:
    """Write the generated XSD of every version into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for version in SCHEMA_VERSIONS:
        path = directory / f"cpf-{version}.xsd"
        path.write_bytes(generate_xsd(version))
        written.append(path)
    return written


# Parts of a flux that :func:`fragment_schema` validates on their own.
FRAGMENTS = {
    # one passageCertification, as the whole schema would
    "passage": (("passageCertification",), frozenset()),
    # a batch of passages (each as the whole schema would): one validation for
    # many passages costs less than one each
    "passages": ((BATCH,), frozenset()),
    # one certification, its passages' content not validated
    "certification": (("certification",), frozenset({"passageCertification"})),
    # the envelope, the certifications' content not validated
    "envelope": ((), frozenset({"certification"})),
}


@functools.cache
def fragment_schema(version: str, fragment: str) -> etree.XMLSchema:
    """Schema validating one part of a flux of ``version`` (a key of
    :data:`FRAGMENTS`). The passages, the certifications and the envelope
    together give exactly the verdict of the whole schema (no identity
    constraint, no wildcard in the CDC schema: an element is valid when its own
    content is), which lets a file be validated piece by piece while it is
    streamed, with line numbers."""
    _check_version(version)
    roots, skipped = FRAGMENTS[fragment]
    text = _SchemaWriter(version, roots, skipped).render()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.fromstring(text, parser))


@functools.cache
def load_schema(version: str) -> etree.XMLSchema:
    """The compiled schema of ``version``, read from the shipped file."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    document = etree.parse(str(schema_path(version)), parser)
    return etree.XMLSchema(document)


if __name__ == "__main__":
    # Regenerate the shipped files: python3 -m flux.schemas
    for written_path in write_xsd_files():
        sys.stdout.write(f"{written_path}\n")
