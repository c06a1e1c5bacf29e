"""Refresh i18n/l10n_fr_accrochage.pot and i18n/fr.po from the code (a
developer tool, not one of the README's two commands).

Usage: python3 scripts/update_translations.py

Installs the addon in a throwaway database, exports the template with Odoo's
own exporter, then merges it into fr.po: the French translation of every term
already translated is kept (matched by its English text), terms gone from the
code are dropped, and the new terms are listed, untranslated, for a translator
(tests/test_accrochage_i18n.py fails until each one is translated).
"""

import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _odoo_env as env

I18N_DIR = env.ADDON_ROOT / "i18n"
TEMPLATE = I18N_DIR / f"{env.ADDON_NAME}.pot"
FRENCH = I18N_DIR / "fr.po"


def export_template(odoo, addons_dir, database, target):
    # With the demo data: its records (exam session names...) have terms too.
    env.install_addon(odoo, addons_dir, database)
    subprocess.run(
        env.odoo_command(
            odoo,
            addons_dir,
            database,
            f"--i18n-export={target}",
            f"--modules={env.ADDON_NAME}",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ),
        check=True,
    )


def merge(template_path):
    template = polib.pofile(str(template_path))
    old = polib.pofile(str(FRENCH))
    translations = {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in old
        if entry.msgstr and not entry.obsolete
    }
    # A view reformatted (prettier) changes only the whitespace of its terms.
    by_words = {
        (context, " ".join(msgid.split())): msgstr
        for (context, msgid), msgstr in translations.items()
    }
    french = polib.POFile(wrapwidth=78)
    french.metadata = dict(old.metadata)
    untranslated = []
    for entry in template:
        entry.msgstr = translations.get(
            (entry.msgctxt, entry.msgid),
            by_words.get((entry.msgctxt, " ".join(entry.msgid.split())), ""),
        )
        if not entry.msgstr:
            untranslated.append(entry.msgid)
        french.append(entry)
    template.save(str(TEMPLATE))
    french.save(str(FRENCH))
    return untranslated


def main():
    odoo = env.check_odoo()
    env.check_postgresql()
    addons_dir = env.make_addons_dir()
    database = f"accrochage_i18n_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"{env.ADDON_NAME}.pot"
        try:
            export_template(odoo, addons_dir, database, target)
        finally:
            env.drop_database(database)
        untranslated = merge(target)
    print(f"{TEMPLATE.name} and {FRENCH.name} updated.")
    if untranslated:
        print(f"{len(untranslated)} term(s) to translate in {FRENCH.name}:")
        for msgid in untranslated:
            print(f"  - {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
