# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import re
from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

# 1 85 03 75 114 123, key 97 - (1850375114123 % 97) = 62
VALID_NIR_13 = "1850375114123"
VALID_NIR_15 = "185037511412362"


@tagged("post_install", "-at_install")
class TestAccrochagePartner(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Partner = cls.env["res.partner"]

    def _holder(self, **vals):
        values = {
            "name": "Jean Dupont",
            "birth_name": "Dupont",
            "first_name_1": "Jean",
            "holder_sex": "M",
            "birth_date": date(1985, 3, 2),
            "birth_place_type": "france",
        }
        values.update(vals)
        return self.Partner.create(values)

    def test_holder_display_name(self):
        holder = self._holder()
        self.assertEqual(holder.holder_display_name, "Jean DUPONT")
        holder.usage_name = "Martin"
        self.assertEqual(holder.holder_display_name, "Jean MARTIN")
        other = self.Partner.create({"name": "Sans état civil"})
        self.assertEqual(other.holder_display_name, "Sans état civil")

    def test_nir_15_with_key(self):
        holder = self._holder(nir="1 85 03 75 114 123 62")
        self.assertEqual(holder.nir, VALID_NIR_15)

    def test_nir_13_without_key(self):
        holder = self._holder(nir=VALID_NIR_13)
        self.assertEqual(holder.nir, VALID_NIR_13)
        holder.nir = "2 92 02 2a 004 045"
        self.assertEqual(holder.nir, "292022A004045")

    def test_nir_corsica_key(self):
        # 2A counts as 19 in the key: 97 - (2920219004045 % 97)
        key = 97 - (2920219004045 % 97)
        holder = self._holder(nir=f"292022A004045{key:02d}")
        self.assertEqual(holder.nir, f"292022A004045{key:02d}")

    def test_nir_bad_key(self):
        with self.assertRaisesRegex(
            ValidationError,
            r"Holder Jean DUPONT: the key of the NIR .* \(expected 62\)",
        ):
            self._holder(nir="185037511412363")

    def test_nir_wrong_length_or_format(self):
        with self.assertRaisesRegex(ValidationError, "13 characters, or 15"):
            self._holder(nir="18503751141")
        with self.assertRaisesRegex(ValidationError, "must start with 1 or 2"):
            # provisional number (NIA) starting with 7
            self._holder(nir="7850375114123")
        with self.assertRaisesRegex(ValidationError, "must start with 1 or 2"):
            self._holder(nir="18503751141AB")

    def test_insee_code_formats(self):
        for code in ("69383", "2A004", "2b033", "97411"):
            holder = self._holder(birth_insee_code=code)
            self.assertEqual(holder.birth_insee_code, code.upper())
        with self.assertRaisesRegex(
            ValidationError,
            "Holder Jean DUPONT: the INSEE code of the birth commune must have 5 "
            "characters",
        ):
            self._holder(birth_insee_code="6938")
        with self.assertRaisesRegex(ValidationError, "2A/2B followed by 3 digits"):
            self._holder(birth_insee_code="2C004")
        with self.assertRaisesRegex(ValidationError, "is a country code"):
            self._holder(birth_insee_code="99109")

    def test_born_abroad(self):
        germany = self.env.ref("base.de")
        holder = self._holder(birth_place_type="abroad", birth_country_id=germany.id)
        self.assertEqual(holder.birth_country_id.insee_country_code, "99109")
        with self.assertRaisesRegex(ValidationError, "leave the INSEE code"):
            holder.birth_insee_code = "69383"
        with self.assertRaisesRegex(ValidationError, "born abroad but the birth"):
            holder.birth_country_id = self.env.ref("base.fr")

    def test_birth_date_must_be_plausible(self):
        with self.assertRaisesRegex(ValidationError, "after 1900 and in the past"):
            self._holder(birth_date=date(1899, 12, 31))

    def test_names_are_trimmed(self):
        holder = self._holder(birth_name="  Le   Gall ", first_name_1=" Jean-François")
        self.assertEqual(holder.birth_name, "Le Gall")
        self.assertEqual(holder.first_name_1, "Jean-François")

    def test_partner_form_civil_status(self):
        with Form(self.Partner) as form:
            form.name = "Aïssata N'Diaye"
            form.birth_name = "N'Diaye"
            form.first_name_1 = "Aïssata"
            form.birth_place_type = "france"
            self.assertEqual(form.birth_country_id, self.env.ref("base.fr"))
            form.birth_postcode = "93 200"
        self.assertEqual(form.record.birth_postcode, "93200")

    def test_plain_user_cannot_read_civil_status(self):
        holder = self._holder(nir=VALID_NIR_15)
        plain = new_test_user(self.env, "plain_partner_user", groups="base.group_user")
        holder_as_plain = holder.with_user(plain)
        self.assertEqual(holder_as_plain.read(["name"])[0]["name"], "Jean Dupont")
        for field_name in ("nir", "birth_name", "birth_date", "birth_insee_code"):
            with self.assertRaises(AccessError):
                holder_as_plain.read([field_name])
        self.assertNotIn("nir", holder_as_plain.fields_get())
        accrochage_user = new_test_user(
            self.env,
            "accrochage_partner_user",
            groups="l10n_fr_accrochage.group_accrochage_user",
        )
        self.assertEqual(
            holder.with_user(accrochage_user).read(["nir"])[0]["nir"], VALID_NIR_15
        )

    def test_every_country_has_an_insee_code(self):
        countries = self.env["res.country"].with_context(active_test=False).search([])
        # Antarctica has no code in INSEE's COG.
        without_code = countries.filtered(lambda c: not c.insee_country_code)
        self.assertEqual(without_code.mapped("code"), ["AQ"])
        for country in countries - without_code:
            self.assertTrue(
                re.fullmatch(r"99\d{3}", country.insee_country_code), country.name
            )
        self.assertEqual(self.env.ref("base.fr").insee_country_code, "99100")
        self.assertEqual(self.env.ref("base.be").insee_country_code, "99131")

    def test_country_code_format(self):
        with self.assertRaisesRegex(ValidationError, "99 followed by 3 digits"):
            self.env.ref("base.de").insee_country_code = "12345"
