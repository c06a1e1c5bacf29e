# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

FRENCH_PO = Path(__file__).resolve().parent.parent / "i18n" / "fr.po"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%s|\{[a-z_]*\}")


@tagged("post_install", "-at_install")
class TestFrenchTranslation(TransactionCase):
    """The interface must read well in French: every term has its translation."""

    def test_every_term_is_translated_in_french(self):
        translations = {
            entry.msgid: entry.msgstr
            for entry in polib.pofile(str(FRENCH_PO))
            if not entry.obsolete
        }
        sources = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in (
                TranslationModuleReader(self.env.cr, ["l10n_fr_accrochage"])
            )
            if module == "l10n_fr_accrochage"
        }
        self.assertGreater(len(sources), 100)
        missing = sorted(source for source in sources if not translations.get(source))
        self.assertFalse(missing, f"terms without French translation: {missing}")
        for source in sources:
            self.assertCountEqual(
                PLACEHOLDER.findall(source),
                PLACEHOLDER.findall(translations[source]),
                f"placeholders differ in the translation of {source!r}",
            )

    def test_interface_reads_in_french(self):
        french = self.env(context={"lang": "fr_FR"})
        action = french.ref("l10n_fr_accrochage.action_accrochage_generate_wizard")
        self.assertEqual(action.name, "Générer le fichier d'accrochage")
        states = dict(
            french["accrochage.passage"]._fields["state"]._description_selection(french)
        )
        self.assertEqual(states["to_send"], "À envoyer")
