# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Odoo side follows the flux dictionary: selections, versions and length
limits are the dictionary's, and no schema version is written in the code."""

import re
from datetime import date
from pathlib import Path

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .. import flux
from ..flux.dictionary import ENUMERATIONS, SCHEMA_VERSIONS
from ..models.accrochage_passage import TEXT_FIELD_ELEMENTS
from ..models.res_partner import HOLDER_TEXT_ELEMENTS
from .common import AccrochageCase

ADDON_ROOT = Path(__file__).resolve().parent.parent
# Each selection of the addon that carries values of the flux, and the
# enumeration of the dictionary it must hold.
SELECTIONS = {
    ("accrochage.passage", "obtention_mode"): "obtentionCertification",
    ("accrochage.passage", "exam_mode"): "modalitePassageExamen",
    ("accrochage.passage", "honours"): "mention",
    ("accrochage.passage", "language_level"): "niveauCECRL",
    ("accrochage.passage", "access_route"): "modaliteAcces",
    ("accrochage.passage", "vae_route"): "voieAccesVAE",
    ("accrochage.passage", "registration_initiative"): "initiativeInscription",
    ("accrochage.certification", "obtention_mode"): "obtentionCertification",
    ("accrochage.certifier", "depositor_nature"): "natureDeposant",
    ("accrochage.file", "action"): "action",
    ("accrochage.generate.wizard", "action"): "action",
    ("event.event", "accrochage_exam_mode"): "modalitePassageExamen",
    ("event.registration", "accrochage_honours"): "mention",
    ("event.registration", "accrochage_language_level"): "niveauCECRL",
    ("event.registration", "accrochage_access_route"): "modaliteAcces",
    ("event.registration", "accrochage_vae_route"): "voieAccesVAE",
    (
        "event.registration",
        "accrochage_registration_initiative",
    ): "initiativeInscription",
    ("res.partner", "accrochage_sex"): "genre",
}
VERSION_LITERAL = re.compile(
    "[\"'](" + "|".join(map(re.escape, SCHEMA_VERSIONS)) + ")[\"']"
)


@tagged("post_install", "-at_install")
class TestDictionaryDrivesTheAddon(AccrochageCase):
    def test_selections_hold_the_dictionary_values(self):
        for (model, field_name), enumeration in SELECTIONS.items():
            with self.subTest(model=model, field=field_name):
                field = self.env[model]._fields[field_name]
                values = [value for value, _label in field.selection]
                self.assertCountEqual(values, ENUMERATIONS[enumeration])

    def test_versions_and_certification_types(self):
        for model in ("accrochage.certifier", "accrochage.file"):
            field = self.env[model]._fields["schema_version"]
            self.assertEqual(
                [value for value, _label in field.selection], list(SCHEMA_VERSIONS)
            )
        field = self.env["accrochage.certification"]._fields["certification_type"]
        self.assertEqual(
            [value for value, _label in field.selection], list(flux.CERTIFICATION_TYPES)
        )

    def test_passage_texts_have_the_dictionary_limits(self):
        for field_name, element in TEXT_FIELD_ELEMENTS.items():
            limit = flux.max_chars(element)
            with self.subTest(field=field_name, limit=limit):
                # A refused write leaves its value in the cache: one passage each.
                passage = self.make_passage()
                passage.write({field_name: "1" * limit})
                self.assertEqual(len(passage[field_name]), limit)
                with self.assertRaisesRegex(ValidationError, f"{limit + 1} "):
                    passage.write({field_name: "1" * (limit + 1)})

    def test_holder_texts_have_the_dictionary_limits(self):
        for field_name, element in HOLDER_TEXT_ELEMENTS.items():
            limit = flux.max_chars(element)
            with self.subTest(field=field_name, limit=limit):
                # A refused write leaves its value in the cache: one holder each.
                holder = self.make_holder()
                label = holder._fields[field_name].get_description(self.env)["string"]
                holder.write({field_name: "A" * limit})
                self.assertEqual(len(holder[field_name]), limit)
                with self.assertRaisesRegex(ValidationError, re.escape(label)):
                    holder.write({field_name: "A" * (limit + 1)})

    def test_deadline_is_three_calendar_months_everywhere(self):
        passage = self.make_passage(issue_date=date(2026, 11, 30))
        self.assertEqual(passage.deadline_date, date(2027, 2, 28))
        self.assertEqual(
            passage.deadline_date, flux.reporting_deadline(passage.issue_date)
        )

    def test_no_schema_version_is_written_in_the_odoo_code(self):
        """Features of a version are asked to flux.supports(), never tested by
        comparing version strings."""
        offenders = []
        for folder in ("models", "wizards"):
            for path in sorted((ADDON_ROOT / folder).glob("*.py")):
                for number, line in enumerate(path.read_text().splitlines(), 1):
                    if VERSION_LITERAL.search(line):
                        offenders.append(f"{path.name}:{number}: {line.strip()}")
        self.assertFalse(offenders)
