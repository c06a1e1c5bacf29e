# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAccrochageCertifier(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="fr_FR"))
        cls.Certifier = cls.env["accrochage.certifier"]

    def _create(self, **vals):
        values = {
            "name": "Certificateur test",
            "certifier_client_number": "12ABC345",
            "contract_number": "MCFCER000123",
        }
        values.update(vals)
        return self.Certifier.create(values)

    def test_sender_defaults_to_certifier_number(self):
        certifier = self._create()
        self.assertEqual(certifier.sender_client_number, "12ABC345")
        self.assertEqual(certifier.schema_version, "1.1.5")
        self.assertEqual(certifier.depositor_nature, "CERTIFICATEUR")

    def test_trusted_depositor_keeps_its_own_sender_number(self):
        certifier = self._create(
            sender_client_number="99ZZZ001", depositor_nature="TIERS_CONFIANCE"
        )
        self.assertEqual(certifier.sender_client_number, "99ZZZ001")
        self.assertEqual(certifier.certifier_client_number, "12ABC345")

    def test_numbers_are_normalized(self):
        certifier = self._create(
            certifier_client_number=" 12abc 345 ", contract_number="mcfcer 1"
        )
        self.assertEqual(certifier.certifier_client_number, "12ABC345")
        self.assertEqual(certifier.contract_number, "MCFCER1")

    def test_client_number_must_have_8_characters(self):
        for wrong in ("1234567", "123456789"):
            with self.assertRaisesRegex(ValidationError, "exactement 8 caractères"):
                self._create(certifier_client_number=wrong)
        certifier = self._create()
        with self.assertRaisesRegex(ValidationError, "numéro client de l'émetteur"):
            certifier.sender_client_number = "1234"

    def test_contract_number_length(self):
        self._create(contract_number="A" * 20)
        with self.assertRaisesRegex(ValidationError, "1 à 20 caractères"):
            self._create(certifier_client_number="12ABC346", contract_number="A" * 21)

    def test_form_fills_sender_number(self):
        with Form(self.Certifier) as form:
            form.name = "Par le formulaire"
            form.certifier_client_number = "05ABC014"
            form.contract_number = "MCFCER000999"
            self.assertEqual(form.sender_client_number, "05ABC014")
        self.assertEqual(form.record.sender_client_number, "05ABC014")

    def test_only_administrators_configure_certifiers(self):
        user = new_test_user(
            self.env, "accro_user", groups="l10n_fr_accrochage.group_accrochage_user"
        )
        certifier = self._create()
        self.assertEqual(
            certifier.with_user(user).read(["name"])[0]["name"], "Certificateur test"
        )
        with self.assertRaises(AccessError):
            certifier.with_user(user).write({"contract_number": "OTHER"})
        plain = new_test_user(self.env, "plain_user", groups="base.group_user")
        with self.assertRaises(AccessError):
            certifier.with_user(plain).read(["name"])

    def test_multi_company_rule(self):
        company_b = self.env["res.company"].create({"name": "Société B"})
        certifier_b = self._create(company_id=company_b.id)
        manager_a = new_test_user(
            self.env,
            "accro_manager_a",
            groups="l10n_fr_accrochage.group_accrochage_manager",
            company_id=self.env.company.id,
            company_ids=[self.env.company.id],
        )
        visible = self.Certifier.with_user(manager_a).search([])
        self.assertNotIn(certifier_b, visible)
        with self.assertRaises(AccessError):
            certifier_b.with_user(manager_a).read(["name"])

    def test_settings_link_opens_certifiers(self):
        self._create()
        expected = self.Certifier.search_count(
            [("company_id", "=", self.env.company.id)]
        )
        # The settings screen shows what its onchange computes.
        with Form(self.env["res.config.settings"]) as form:
            self.assertEqual(form.accrochage_certifier_count, expected)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.accrochage_certifier_count, expected)
        action = settings.action_open_accrochage_certifiers()
        self.assertEqual(action["res_model"], "accrochage.certifier")
