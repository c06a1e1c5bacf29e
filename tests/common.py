# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date
from pathlib import Path

from lxml import etree

from odoo import http
from odoo.tests import HttpCase, TransactionCase

ADDON_ROOT = Path(__file__).resolve().parent.parent
OFFICIAL_CDC_DIR = ADDON_ROOT.parent / "shared" / "cdc"
OFFICIAL_XSD = {
    "1.1.5": OFFICIAL_CDC_DIR / "cpf-schema-1.1.5_kit-2026-03.xsd",
    "1.1.2": OFFICIAL_CDC_DIR / "cpf-schema-1.1.2_kit-v2.0.0.xsd",
}


def official_schema(version):
    """The CDC's own XSD; a missing file fails the test (never a skip)."""
    path = OFFICIAL_XSD[version]
    assert path.is_file(), f"official CDC schema missing: {path}"
    return etree.XMLSchema(etree.parse(str(path)))


class AccrochageCase(TransactionCase):
    """A certifier, an RNCP certification and helpers to make holders and
    passages, in French."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, lang="fr_FR", tracking_disable=True)
        )
        cls.france = cls.env.ref("base.fr")
        cls.certifier = cls.env["accrochage.certifier"].create(
            {
                "name": "Certificateur de test",
                "certifier_client_number": "11TST001",
                "contract_number": "MCFCER000001",
            }
        )
        cls.certification = cls.env["accrochage.certification"].create(
            {
                "name": "Développeur web",
                "certification_type": "RNCP",
                "code": "RNCP99901",
                "certifier_id": cls.certifier.id,
            }
        )

    @classmethod
    def make_other_certification(cls):
        """An RS certification of a second certifier of the same company."""
        other = cls.env["accrochage.certifier"].create(
            {
                "name": "Autre certificateur",
                "certifier_client_number": "22OTH002",
                "contract_number": "MCFCER000002",
            }
        )
        return cls.env["accrochage.certification"].create(
            {
                "name": "Anglais",
                "certification_type": "RS",
                "code": "RS9902",
                "certifier_id": other.id,
            }
        )

    @classmethod
    def make_holder(cls, **values):
        vals = {
            "name": "Jeanne Dupont",
            "accrochage_birth_name": "Dupont",
            "accrochage_first_name_1": "Jeanne",
            "accrochage_sex": "F",
            "accrochage_birth_date": date(1990, 5, 17),
            "accrochage_birth_place_type": "france",
            "accrochage_birth_insee_code": "75056",
            "accrochage_birth_city": "Paris",
            "accrochage_nationality_id": cls.france.id,
        }
        vals.update(values)
        return cls.env["res.partner"].create(vals)

    @classmethod
    def make_passage(cls, holder=None, **values):
        vals = {
            "partner_id": (holder or cls.make_holder()).id,
            "certification_id": cls.certification.id,
            "issue_date": date(2026, 10, 15),
            "obtention_mode": "PAR_ADMISSION",
        }
        vals.update(values)
        return cls.env["accrochage.passage"].create(vals)

    def make_wizard(self, **values):
        vals = {
            "certifier_id": self.certifier.id,
            "date_from": date(2026, 10, 1),
            "date_to": date(2026, 10, 31),
        }
        vals.update(values)
        return self.env["accrochage.generate.wizard"].create(vals)

    def exclusion_reasons(self, wizard, passage):
        return "\n".join(
            wizard.exclusion_ids.filtered(lambda e: e.passage_id == passage).mapped(
                "reason"
            )
        )


class AccrochageHttpCase(HttpCase):
    """Browser tests. The web server's threads read every manifest at their
    first static request, together: CPython 3.11 may then fail to parse one
    ("AST constructor recursion depth mismatch") and a tour breaks at random.
    The manifests are read here once, before the browser starts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        assert http.root.statics
