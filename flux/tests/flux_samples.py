"""Shared helpers for the flux tests: sample objects and the CDC reference files.

The CDC reference files are read at run time from the folder named by the
environment variable ``ACCROCHAGE_CDC_DIR``, by default ``../shared/cdc/``
beside the repository; when they are missing the tests that need them fail
(never skip).
"""

from __future__ import annotations

import copy
import os
from datetime import date, datetime
from functools import cache
from pathlib import Path

from lxml import etree

from flux import (
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

REPO_ROOT = Path(__file__).resolve().parents[2]
CDC_DIR_VARIABLE = "ACCROCHAGE_CDC_DIR"
CDC_DIR = Path(
    os.environ.get(CDC_DIR_VARIABLE) or REPO_ROOT.parent / "shared" / "cdc"
).resolve()
NS = "urn:cdc:cpf:pc5:schema:1.0.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OFFICIAL_XSD = {
    "1.1.5": "cpf-schema-1.1.5_kit-2026-03.xsd",
    "1.1.2": "cpf-schema-1.1.2_kit-v2.0.0.xsd",
}
EXAMPLE_CREATION = "cpf-example-CREATION_kit-2026-03.xml"
EXAMPLE_SUPPRESSION = "cpf-example-SUPPRESSION_kit-2026-03.xml"
EXAMPLE_V2 = "cpf-example_kit-v2.0.0.xml"
TODAY = date(2025, 6, 30)


def cdc_file(name: str) -> Path:
    path = CDC_DIR / name
    assert path.is_file(), (
        f"CDC reference file missing: {path} (set {CDC_DIR_VARIABLE} to the folder "
        "of the official CDC files)"
    )
    return path


def cdc_bytes(name: str) -> bytes:
    return cdc_file(name).read_bytes()


@cache
def official_schema(version: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(cdc_file(OFFICIAL_XSD[version]))))


def official_valid(data: bytes, version: str) -> bool:
    try:
        document = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return False
    return official_schema(version).validate(document)


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def parse(data: bytes):
    return etree.fromstring(data)


def first(root, name: str):
    found = next(root.iter(q(name)), None)
    assert found is not None, name
    return found


def holder(**changes) -> Holder:
    values = {
        "birth_name": "Dupont",
        "first_name": "Jean",
        "sex": "M",
        "birth_year": 1990,
        "birth_month": 5,
        "birth_day": 12,
        "birth_insee_code": "75056",
    }
    values.update(changes)
    return Holder(**values)


def passage(technical_id: str = "P1", **changes) -> Passage:
    values = {
        "technical_id": technical_id,
        "holder": holder(),
        "obtention": "PAR_ADMISSION",
        "certified": True,
        "validity_start": date(2025, 5, 2),
        "exam_start": date(2025, 4, 1),
        "exam_end": date(2025, 4, 2),
        "registration": Registration(
            "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION"
        ),
    }
    values.update(changes)
    return Passage(**values)


def full_passage(technical_id: str = "FULL") -> Passage:
    """A passage using every optional element."""
    return passage(
        technical_id,
        holder=holder(
            usage_name="Martin",
            first_name_2="Paul",
            first_name_3="Éric",
            birth_commune_name="Paris",
            birth_country_name="France",
        ),
        proof_url="https://example.org/preuve/1",
        option_label="Option réseaux",
        exam_mode="EN_PRESENTIEL",
        exam_center_postcode="75009",
        validity_end=date(2030, 5, 2),
        language_level="B2",
        digital_level=DigitalLevel(512, [DigitalResult(3, "1", "2")]),
        scoring="16/20",
        honours="MENTION_BIEN",
        registration=Registration("VAE", "CONGES_VAE", "CERTIFIE", date(2024, 9, 1)),
        verbatim="Session de printemps",
    )


def flux(passages=None, version="1.1.5", action="CREATION", **changes) -> Flux:
    certification = Certification(
        "RNCP", "RNCP12345", list(passages or [passage()]), "CERTIFICATEUR"
    )
    values = {
        "sender_id": "12ABC345",
        "certifier": Certifier("12ABC345", "MCFCER000123", [certification]),
        "version": version,
        "action": action,
        "timestamp": datetime(2025, 6, 30, 14, 5, 9),
    }
    values.update(changes)
    return Flux(**values)


def national_id(**changes) -> NationalId:
    values = {"nir": "1900575056123", "birth_name": "Dupont"}
    values.update(changes)
    return NationalId(**values)


def training_file(**changes) -> TrainingFile:
    values = {"file_id": "1234567891011", "last_name": "Dupont", "first_name": "Jean"}
    values.update(changes)
    return TrainingFile(**values)


def deep_copy(value):
    return copy.deepcopy(value)
