# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date
from unittest.mock import patch

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .. import flux
from ..models import flux_adapter
from .common import AccrochageCase, official_schema

CPF = "{urn:cdc:cpf:pc5:schema:1.0.0}"


@tagged("post_install", "-at_install")
class TestAccrochageEligibility(AccrochageCase):
    def test_admitted_french_holder_is_eligible(self):
        passage = self.make_passage()
        wizard = self.make_wizard()
        self.assertIn(passage, wizard.eligible_passage_ids)
        self.assertFalse(self.exclusion_reasons(wizard, passage))

    def test_not_admitted_candidate_is_excluded(self):
        event = self.env["event.event"].create(
            {
                "name": "Session d'octobre",
                "date_begin": "2026-10-10 08:00:00",
                "date_end": "2026-10-10 17:00:00",
                "accrochage_certification_id": self.certification.id,
            }
        )
        candidate = self.make_holder(name="Paul Recalé", accrochage_birth_name="Recalé")
        registration = self.env["event.registration"].create(
            {
                "event_id": event.id,
                "partner_id": candidate.id,
                "accrochage_exam_result": "failed",
            }
        )
        wizard = self.make_wizard()
        exclusion = wizard.exclusion_ids.filtered(
            lambda e: e.registration_id == registration
        )
        self.assertEqual(exclusion.partner_id, candidate)
        self.assertIn("Non admis", exclusion.reason)
        self.assertFalse(registration.accrochage_passage_id)

    def test_not_french_without_nir_is_excluded(self):
        belgian = self.make_holder(accrochage_nationality_id=self.env.ref("base.be").id)
        passage = self.make_passage(belgian)
        wizard = self.make_wizard()
        self.assertNotIn(passage, wizard.eligible_passage_ids)
        self.assertIn(
            "numéro de sécurité sociale", self.exclusion_reasons(wizard, passage)
        )

    def test_missing_nationality_is_its_own_reason(self):
        passage = self.make_passage(self.make_holder(accrochage_nationality_id=False))
        reasons = self.exclusion_reasons(self.make_wizard(), passage)
        self.assertIn("Nationalité manquante", reasons)
        self.assertNotIn("Pas de nationalité française", reasons)

    def test_not_french_with_nir_is_eligible(self):
        holder = self.make_holder(
            accrochage_nationality_id=self.env.ref("base.be").id,
            accrochage_nir="290057505600112",
        )
        passage = self.make_passage(holder)
        self.assertIn(passage, self.make_wizard().eligible_passage_ids)

    def test_each_missing_piece_of_identity_is_a_reason(self):
        cases = {
            "accrochage_birth_name": "Nom de naissance manquant",
            "accrochage_first_name_1": "Prénom manquant",
            "accrochage_sex": "Sexe manquant",
            "accrochage_birth_date": "Date de naissance",
            "accrochage_birth_insee_code": "Commune de naissance manquante",
        }
        passages = {
            field: self.make_passage(self.make_holder(**{field: False}))
            for field in cases
        }
        wizard = self.make_wizard()
        for field, expected in cases.items():
            with self.subTest(field=field):
                self.assertNotIn(passages[field], wizard.eligible_passage_ids)
                self.assertIn(expected, self.exclusion_reasons(wizard, passages[field]))

    def test_birth_place_abroad_needs_a_country(self):
        passage = self.make_passage(
            self.make_holder(
                accrochage_birth_place_type="abroad", accrochage_birth_insee_code=False
            )
        )
        wizard = self.make_wizard()
        self.assertIn(
            "Pays de naissance manquant", self.exclusion_reasons(wizard, passage)
        )

    def test_accepted_and_pending_passages_are_excluded(self):
        accepted = self.make_passage()
        accepted.state = "accepted"
        pending = self.make_passage()
        pending.state = "sent"
        wizard = self.make_wizard()
        self.assertIn("Déjà accepté par", self.exclusion_reasons(wizard, accepted))
        self.assertIn(
            "en attente de l'accusé de traitement",
            self.exclusion_reasons(wizard, pending),
        )
        self.assertFalse(wizard.eligible_passage_ids & (accepted | pending))

    def test_level_promised_by_the_certification_is_required(self):
        self.certification.grants_language_level = True
        without = self.make_passage()
        with_level = self.make_passage(language_level="B2")
        wizard = self.make_wizard()
        self.assertIn(
            "Niveau de langue européen manquant",
            self.exclusion_reasons(wizard, without),
        )
        self.assertIn(with_level, wizard.eligible_passage_ids)

    def test_training_file_branch_needs_the_names(self):
        holder = self.make_holder(accrochage_sex=False, accrochage_birth_name=False)
        passage = self.make_passage(holder, cpf_file_number="12345678901")
        wizard = self.make_wizard()
        self.assertIn(
            "Nom de naissance manquant", self.exclusion_reasons(wizard, passage)
        )
        holder.accrochage_birth_name = "Dupont"
        wizard = self.make_wizard()
        self.assertIn(passage, wizard.eligible_passage_ids)
        identification = flux_adapter.holder_identification(
            flux_adapter.passage_row(passage), "1.1.5"
        )
        self.assertIsInstance(identification, flux.TrainingFile)
        self.assertEqual(identification.last_name, "Dupont")

    def test_passage_of_another_certifier_is_excluded(self):
        other_certification = self.make_other_certification()
        passage = self.make_passage(certification_id=other_certification.id)
        wizard = self.make_wizard()
        self.assertIn("Autre certificateur", self.exclusion_reasons(wizard, passage))

    def test_period_boundaries(self):
        first_day = self.make_passage(issue_date=date(2026, 10, 1))
        last_day = self.make_passage(issue_date=date(2026, 10, 31))
        next_month = self.make_passage(issue_date=date(2026, 11, 1))
        earlier_never_sent = self.make_passage(issue_date=date(2026, 8, 20))
        earlier_sent = self.make_passage(issue_date=date(2026, 9, 30))
        earlier_sent.state = "sent"
        wizard = self.make_wizard()
        eligible = wizard.eligible_passage_ids
        self.assertIn(first_day, eligible)
        self.assertIn(last_day, eligible)
        self.assertIn(earlier_never_sent, eligible)
        self.assertNotIn(next_month, eligible)
        self.assertNotIn(earlier_sent, eligible)
        self.assertFalse(self.exclusion_reasons(wizard, earlier_sent))
        wizard.include_earlier = False
        self.assertNotIn(earlier_never_sent, wizard.eligible_passage_ids)
        self.assertLessEqual(first_day | last_day, wizard.eligible_passage_ids)

    def test_default_period_is_the_previous_month(self):
        wizard = self.env["accrochage.generate.wizard"].create(
            {"certifier_id": self.certifier.id}
        )
        today = date.today()
        self.assertEqual(wizard.date_from.day, 1)
        self.assertEqual((wizard.date_to.replace(day=28).month % 12) + 1, today.month)


@tagged("post_install", "-at_install")
class TestAccrochageGeneration(AccrochageCase):
    def test_generation_creates_file_attachment_and_marks_passages_sent(self):
        passages = self.make_passage() | self.make_passage(
            self.make_holder(
                name="Hans Müller",
                accrochage_birth_name="Müller",
                accrochage_first_name_1="Hans",
                accrochage_sex="M",
                accrochage_birth_place_type="abroad",
                accrochage_birth_insee_code=False,
                accrochage_birth_country_id=self.env.ref("base.de").id,
            )
        )
        wizard = self.make_wizard()
        self.assertEqual(wizard.eligible_passage_ids, passages)
        action = wizard.action_generate()
        file = self.env["accrochage.file"].browse(action["res_id"])
        self.assertEqual(file.passage_ids, passages)
        self.assertEqual(file.certifier_id, self.certifier)
        self.assertEqual(file.state, "generated")
        self.assertEqual(
            file.file_name,
            f"11TST001_2026-10-01_2026-10-31_{file.flux_id[:8]}.xml",
        )
        self.assertTrue(file.flux_id)
        self.assertEqual(set(passages.mapped("state")), {"in_file"})
        xml = file.attachment_id.raw
        document = etree.fromstring(xml)
        official_schema("1.1.5").assertValid(document)
        self.assertEqual(document.findtext(f"{CPF}idFlux"), file.flux_id)
        technical_ids = [element.text for element in document.iter(f"{CPF}idTechnique")]
        self.assertCountEqual(technical_ids, passages.mapped("technical_id"))
        abroad = document.xpath(
            "//cpf:titulaire[cpf:nomNaissance='Müller']",
            namespaces={"cpf": CPF[1:-1]},
        )[0]
        self.assertEqual(abroad.findtext(f".//{CPF}codeInsee"), "99109")
        self.assertEqual(abroad.findtext(f"{CPF}codePaysNaissance"), "109")
        messages = self.certification.message_ids.filtered(
            lambda m: file.name in (m.body or "")
        )
        self.assertEqual(messages.attachment_ids.mapped("name"), [file.file_name])
        self.assertEqual(messages.attachment_ids.raw, xml)

    def test_preview_leaves_out_what_the_checker_refuses(self):
        good = self.make_passage()
        # A literal "nill" is valid XML but would become data at the CDC.
        bad = self.make_passage(score="nill")
        wizard = self.make_wizard()
        self.assertEqual(wizard.eligible_passage_ids, good)
        self.assertIn("Scoring", self.exclusion_reasons(wizard, bad))
        wizard.action_generate()
        self.assertEqual((good | bad).mapped("state"), ["in_file", "to_send"])

    def test_generation_with_a_problem_writes_nothing(self):
        """A problem found while building the second file: the first one is
        not written either. No savepoint here, so a partial write would show."""
        self.env["ir.config_parameter"].sudo().set_param(
            "l10n_fr_accrochage.max_passages_per_file", "1"
        )
        passages = self.make_passage() | self.make_passage()
        second_file_problem = flux.Problem(
            technical_id=passages[1].technical_id,
            holder="DUPONT Jeanne",
            field="scoring",
            label="Scoring",
            message="« Scoring » : valeur refusée.",
            severity="error",
            code="test",
        )
        results = iter([[], [second_file_problem]])
        attachments_before = self.env["ir.attachment"].search_count([])
        with patch.object(flux, "check_xml", lambda *args, **kwargs: next(results)):
            try:
                self.make_wizard().action_generate()
            except UserError as error:
                message = str(error)
            else:
                self.fail("the generation should have been refused")
        self.assertIn(passages[1].technical_id, message)
        self.assertIn("Scoring", message)
        self.assertFalse(
            self.env["accrochage.file"].search(
                [("certifier_id", "=", self.certifier.id)]
            )
        )
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)
        self.assertEqual(passages.mapped("state"), ["to_send", "to_send"])
        self.assertFalse(passages.file_ids)

    def test_second_generation_sends_nothing_again(self):
        passage = self.make_passage()
        self.make_wizard().action_generate()
        with self.assertRaisesRegex(UserError, "Aucun passage à envoyer"):
            self.make_wizard().action_generate()
        self.assertEqual(len(passage.file_ids), 1)

    def test_split_above_the_configured_limit(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "l10n_fr_accrochage.max_passages_per_file", "2"
        )
        passages = self.make_passage() | self.make_passage() | self.make_passage()
        action = self.make_wizard().action_generate()
        files = self.env["accrochage.file"].search(action["domain"])
        self.assertEqual(len(files), 2)
        self.assertEqual(files.passage_ids, passages)
        self.assertEqual(sorted(files.mapped("passage_count")), [1, 2])
        self.assertEqual(len(set(files.mapped("flux_id"))), 2)
        for file in files:
            official_schema("1.1.5").assertValid(
                etree.fromstring(file.attachment_id.raw)
            )

    def test_configured_limit_never_exceeds_the_cdc_limit(self):
        wizard = self.make_wizard()
        parameters = self.env["ir.config_parameter"].sudo()
        for value, expected in (
            ("999999", 200000),
            ("abc", 200000),
            ("0", 200000),
            ("5000", 5000),
        ):
            parameters.set_param("l10n_fr_accrochage.max_passages_per_file", value)
            self.assertEqual(wizard._generation()._max_passages_per_file(), expected)

    def test_schema_112_file_is_valid(self):
        self.certifier.schema_version = "1.1.2"
        self.make_passage(
            access_route="CANDIDAT_LIBRE",
        )
        action = self.make_wizard().action_generate()
        file = self.env["accrochage.file"].browse(action["res_id"])
        self.assertEqual(file.schema_version, "1.1.2")
        official_schema("1.1.2").assertValid(etree.fromstring(file.attachment_id.raw))

    def test_file_never_changes_and_deletion_before_deposit(self):
        passage = self.make_passage()
        action = self.make_wizard().action_generate()
        file = self.env["accrochage.file"].browse(action["res_id"])
        with self.assertRaisesRegex(UserError, "ne change jamais"):
            file.flux_id = "autre"
        file.unlink()
        self.assertEqual(passage.state, "to_send")
        self.assertFalse(passage.file_ids)

    def test_deposited_file_cannot_be_deleted(self):
        self.make_passage()
        action = self.make_wizard().action_generate()
        file = self.env["accrochage.file"].browse(action["res_id"])
        file.with_context(accrochage_file_internal_write=True).state = "deposited"
        with self.assertRaisesRegex(UserError, "déposé"):
            file.unlink()

    def test_withdrawal_needs_schema_115(self):
        passage = self.make_passage()
        passage.state = "accepted"
        self.certifier.schema_version = "1.1.2"
        wizard = self.make_wizard(
            action="SUPPRESSION", withdraw_passage_ids=[(6, 0, passage.ids)]
        )
        with self.assertRaisesRegex(UserError, "1.1.5"):
            wizard.action_generate()


@tagged("post_install", "-at_install")
class TestConcurrentGeneration(TransactionCase):
    """Two generations in two transactions at once: never one passage in two
    files. The data is committed, so the test cleans up after itself."""

    def _environment(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _generate(self, cr, certifier_id):
        env = self._environment(cr)
        wizard = env["accrochage.generate.wizard"].create(
            {
                "certifier_id": certifier_id,
                "date_from": date(2026, 10, 1),
                "date_to": date(2026, 10, 31),
            }
        )
        return wizard.action_generate()

    def test_two_transactions_at_once(self):
        with self.registry.cursor() as cr:
            env = self._environment(cr)
            certifier = env["accrochage.certifier"].create(
                {
                    "name": "Concurrence",
                    "certifier_client_number": "33CON003",
                    "contract_number": "MCFCER000003",
                }
            )
            certification = env["accrochage.certification"].create(
                {
                    "name": "Concurrence",
                    "certification_type": "RS",
                    "code": "RS99303",
                    "certifier_id": certifier.id,
                }
            )
            holder = env["res.partner"].create(
                {
                    "name": "Léa Concurrente",
                    "accrochage_birth_name": "Concurrente",
                    "accrochage_first_name_1": "Léa",
                    "accrochage_sex": "F",
                    "accrochage_birth_date": date(1992, 2, 29),
                    "accrochage_birth_place_type": "france",
                    "accrochage_birth_insee_code": "2A004",
                    "accrochage_nationality_id": env.ref("base.fr").id,
                }
            )
            passage = env["accrochage.passage"].create(
                {
                    "partner_id": holder.id,
                    "certification_id": certification.id,
                    "issue_date": date(2026, 10, 20),
                    "obtention_mode": "PAR_ADMISSION",
                }
            )
            ids = (certifier.id, certification.id, holder.id, passage.id)
        try:
            with self.registry.cursor() as first, self.registry.cursor() as second:
                self._generate(first, ids[0])
                with self.assertRaisesRegex(UserError, "being generated"):
                    self._generate(second, ids[0])
                second.rollback()
                first.commit()
                with self.assertRaisesRegex(UserError, "No passage to send"):
                    self._generate(second, ids[0])
            with self.registry.cursor() as cr:
                passage = self._environment(cr)["accrochage.passage"].browse(ids[3])
                self.assertEqual(len(passage.file_ids), 1)
                self.assertEqual(passage.state, "in_file")
        finally:
            with self.registry.cursor() as cr:
                env = self._environment(cr)
                env["accrochage.file"].search([("certifier_id", "=", ids[0])]).unlink()
                env["accrochage.generation"].search(
                    [("certifier_id", "=", ids[0])]
                ).unlink()
                env["accrochage.passage"].browse(ids[3]).unlink()
                env["accrochage.certification"].browse(ids[1]).message_ids.unlink()
                env["accrochage.certification"].browse(ids[1]).unlink()
                env["res.partner"].browse(ids[2]).unlink()
                env["accrochage.certifier"].browse(ids[0]).unlink()


@tagged("post_install", "-at_install")
class TestGenerationAsAccrochageUser(AccrochageCase):
    """The monthly routine of an accountant: access rights applied, no admin."""

    def test_user_previews_generates_and_deposits(self):
        accountant = new_test_user(
            self.env,
            "comptable",
            groups="l10n_fr_accrochage.group_accrochage_user",
            lang="fr_FR",
        )
        passage = self.make_passage()
        excluded = self.make_passage(self.make_holder(accrochage_sex=False))
        wizard = (
            self.env["accrochage.generate.wizard"]
            .with_user(accountant)
            .create(
                {
                    "certifier_id": self.certifier.id,
                    "date_from": date(2026, 10, 1),
                    "date_to": date(2026, 10, 31),
                }
            )
        )
        self.assertEqual(wizard.eligible_passage_ids, passage)
        self.assertIn("Sexe manquant", self.exclusion_reasons(wizard, excluded))
        action = wizard.action_generate()
        file = (
            self.env["accrochage.file"].with_user(accountant).browse(action["res_id"])
        )
        self.assertEqual(file.passage_ids, passage)
        self.assertTrue(file.attachment_id.raw.startswith(b"<?xml"))
        self.assertEqual(passage.state, "in_file")
        deposit = file.action_mark_deposited()
        self.env[deposit["res_model"]].with_user(accountant).with_context(
            **deposit["context"]
        ).create({}).action_confirm()
        self.assertEqual(file.state, "deposited")
        self.assertEqual(file.deposit_user_id, accountant)
