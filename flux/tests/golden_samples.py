"""Samples whose built bytes are kept in ``golden/`` (written by the builder of
issue 8, before the streaming writer): the writer must keep writing exactly
these bytes."""

from flux_samples import (
    flux,
    full_passage,
    holder,
    national_id,
    passage,
    training_file,
)

from flux import Certification, DigitalLevel, DigitalResult

FLUX_ID = "6e3c7378-bda4-497a-9bd6-dc203f903ed9"


def two_certifications(version="1.1.5", action="CREATION"):
    passages = [
        passage("A", verbatim="a & <b> > c", holder=holder(usage_name="Lé Goff")),
        full_passage("B"),
        passage("C", holder=training_file()),
        passage(
            "D",
            digital_level=DigitalLevel(300, [DigitalResult(2, "1", "3")]),
            registration=None if version == "1.1.5" else passage().registration,
        ),
    ]
    if version == "1.1.5":
        passages.append(passage("E", holder=national_id(nir="1900575056123 45")))
    document = flux(passages, version=version, action=action, flux_id=FLUX_ID)
    document.certifier.certifications.append(
        Certification(
            "RS", "RS5218", [passage("F", holder=holder(birth_insee_code="99109"))]
        )
    )
    return document


SAMPLES = {
    "creation-1.1.5": two_certifications,
    "creation-1.1.2": lambda: two_certifications("1.1.2"),
    "suppression-1.1.5": lambda: two_certifications(action="SUPPRESSION"),
}
