# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .. import flux
from ..models.res_country import FRENCH_TERRITORY_CODES

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
            "accrochage_birth_name": "Dupont",
            "accrochage_first_name_1": "Jean",
            "accrochage_sex": "M",
            "accrochage_birth_date": date(1985, 3, 2),
            "accrochage_birth_place_type": "france",
        }
        values.update(vals)
        return self.Partner.create(values)

    def test_holder_display_name(self):
        holder = self._holder()
        self.assertEqual(holder.accrochage_holder_name, "Jean DUPONT")
        holder.accrochage_usage_name = "Martin"
        self.assertEqual(holder.accrochage_holder_name, "Jean MARTIN")
        other = self.Partner.create({"name": "Sans état civil"})
        self.assertEqual(other.accrochage_holder_name, "Sans état civil")

    def test_nir_15_with_key(self):
        holder = self._holder(accrochage_nir="1 85 03 75 114 123 62")
        self.assertEqual(holder.accrochage_nir, VALID_NIR_15)

    def test_nir_13_without_key(self):
        holder = self._holder(accrochage_nir=VALID_NIR_13)
        self.assertEqual(holder.accrochage_nir, VALID_NIR_13)
        holder.accrochage_nir = "2 92 02 2a 004 045"
        self.assertEqual(holder.accrochage_nir, "292022A004045")

    def test_nir_corsica_key(self):
        # 2A counts as 19 in the key: 97 - (2920219004045 % 97)
        key = 97 - (2920219004045 % 97)
        holder = self._holder(accrochage_nir=f"292022A004045{key:02d}")
        self.assertEqual(holder.accrochage_nir, f"292022A004045{key:02d}")

    def test_nir_bad_key(self):
        with self.assertRaisesRegex(
            ValidationError,
            r"Holder Jean DUPONT: the key of the NIR .* \(expected 62\)",
        ):
            self._holder(accrochage_nir="185037511412363")

    def test_nir_wrong_length_or_format(self):
        with self.assertRaisesRegex(ValidationError, "13 characters, or 15"):
            self._holder(accrochage_nir="18503751141")
        with self.assertRaisesRegex(ValidationError, "must start with 1 or 2"):
            # provisional number (NIA) starting with 7
            self._holder(accrochage_nir="7850375114123")
        with self.assertRaisesRegex(ValidationError, "must start with 1 or 2"):
            self._holder(accrochage_nir="18503751141AB")

    def test_insee_code_formats(self):
        for code in ("69383", "2A004", "2b033", "97411"):
            holder = self._holder(accrochage_birth_insee_code=code)
            self.assertEqual(holder.accrochage_birth_insee_code, code.upper())
        with self.assertRaisesRegex(
            ValidationError,
            "Holder Jean DUPONT: the INSEE code of the birth commune must have 5 "
            "characters",
        ):
            self._holder(accrochage_birth_insee_code="6938")
        with self.assertRaisesRegex(ValidationError, "2A/2B followed by 3 digits"):
            self._holder(accrochage_birth_insee_code="2C004")
        with self.assertRaisesRegex(ValidationError, "is a country code"):
            self._holder(accrochage_birth_insee_code="99109")

    def test_born_abroad(self):
        germany = self.env.ref("base.de")
        holder = self._holder(
            accrochage_birth_place_type="abroad", accrochage_birth_country_id=germany.id
        )
        self.assertEqual(
            holder.accrochage_birth_country_id._accrochage_insee_code(), "99109"
        )
        with self.assertRaisesRegex(ValidationError, "leave the INSEE code"):
            holder.accrochage_birth_insee_code = "69383"
        with self.assertRaisesRegex(ValidationError, "born abroad but the birth"):
            holder.accrochage_birth_country_id = self.env.ref("base.fr")

    def test_birth_date_must_be_plausible(self):
        with self.assertRaisesRegex(ValidationError, "after 1900 and in the past"):
            self._holder(accrochage_birth_date=date(1899, 12, 31))

    def test_names_are_trimmed(self):
        holder = self._holder(
            accrochage_birth_name="  Le   Gall ",
            accrochage_first_name_1=" Jean-François",
        )
        self.assertEqual(holder.accrochage_birth_name, "Le Gall")
        self.assertEqual(holder.accrochage_first_name_1, "Jean-François")

    def test_partner_form_civil_status(self):
        with Form(self.Partner) as form:
            form.name = "Aïssata N'Diaye"
            form.accrochage_birth_name = "N'Diaye"
            form.accrochage_first_name_1 = "Aïssata"
            form.accrochage_birth_place_type = "france"
            self.assertEqual(form.accrochage_birth_country_id, self.env.ref("base.fr"))
            form.accrochage_birth_postcode = "93 200"
        self.assertEqual(form.record.accrochage_birth_postcode, "93200")

    def test_plain_user_cannot_read_civil_status(self):
        holder = self._holder(accrochage_nir=VALID_NIR_15)
        plain = new_test_user(self.env, "plain_partner_user", groups="base.group_user")
        holder_as_plain = holder.with_user(plain)
        self.assertEqual(holder_as_plain.read(["name"])[0]["name"], "Jean Dupont")
        for field_name in (
            "accrochage_nir",
            "accrochage_birth_name",
            "accrochage_birth_date",
            "accrochage_birth_insee_code",
        ):
            with self.assertRaises(AccessError):
                holder_as_plain.read([field_name])
        self.assertNotIn("accrochage_nir", holder_as_plain.fields_get())
        accrochage_user = new_test_user(
            self.env,
            "accrochage_partner_user",
            groups="l10n_fr_accrochage.group_accrochage_user",
        )
        self.assertEqual(
            holder.with_user(accrochage_user).read(["accrochage_nir"])[0][
                "accrochage_nir"
            ],
            VALID_NIR_15,
        )

    def test_every_foreign_country_has_an_insee_code(self):
        """The codes come from OCA's l10n_fr_cog; France and its territories are
        "born in France" (commune codes), territories the COG does not list take
        the code of their country, Antarctica has none."""
        countries = self.env["res.country"].with_context(active_test=False).search([])
        without_code = countries.filtered(lambda c: not c._accrochage_insee_code())
        self.assertEqual(
            sorted(without_code.mapped("code")),
            sorted(["AQ", *FRENCH_TERRITORY_CODES]),
        )
        for country in countries - without_code:
            self.assertTrue(
                flux.INSEE_COUNTRY_CODE_PATTERN.fullmatch(
                    country._accrochage_insee_code()
                ),
                country.name,
            )
        self.assertEqual(self.env.ref("base.be")._accrochage_insee_code(), "99131")
        self.assertEqual(self.env.ref("base.ax")._accrochage_insee_code(), "99105")
        self.assertEqual(self.env.ref("base.um")._accrochage_insee_code(), "99404")
        self.assertTrue(self.env.ref("base.gp")._accrochage_is_french_territory())
