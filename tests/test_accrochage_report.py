# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AccrochageCase

SAMPLE_REPORTS = Path(__file__).resolve().parents[2] / "shared" / "cdc" / "reports"
SAMPLE_KO_OK = "accuse-de-traitement_sample-passages-ko-ok_pix-fixture.xml"
SAMPLE_XSD = "accuse-de-traitement_sample-xsd-error_pix-fixture.xml"
HOLDER_NOT_FOUND = "Aucun titulaire ne correspond aux critères obligatoires"
ALREADY_IN_BASE = "Le titulaire existe déjà en base"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rapport><idFlux>&lol3;</idFlux></rapport>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rapport [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rapport><idFlux>&xxe;</idFlux></rapport>"""


def sample_report(name):
    """An official sample report; a missing file fails the test (never a skip)."""
    path = SAMPLE_REPORTS / name
    assert path.is_file(), f"sample CDC processing report missing: {path}"
    return path.read_bytes()


def build_report(
    *,
    file_name=None,
    flux_id=None,
    processing_id="90001",
    ko=(),
    ok=(),
    errors=(),
):
    """A processing report as the CDC writes it.

    ``ko``: ``(technical_id, message)`` pairs; ``ok``: technical IDs;
    ``errors``: ``(message, line, column)`` XSD-stage errors.
    """
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
        '<rapport xmlns:ns2="urn:cdc:cpf:pc5:rapport:schema">',
    ]
    if file_name:
        parts.append(f"    <nomFichier>{escape(file_name)}</nomFichier>")
    if flux_id:
        parts.append(f"    <idFlux>{escape(flux_id)}</idFlux>")
    parts.append(f"    <idTraitement>{processing_id}</idTraitement>")
    if errors:
        parts.append("    <erreurs>")
        for message, line, column in errors:
            parts.append(
                f"        <erreur><type>XSD</type><message>{escape(message)}</message>"
                f"<ligne>{line}</ligne><colonne>{column}</colonne></erreur>"
            )
        parts.append("    </erreurs>")
    if ko:
        parts.append("    <PassagesKO>")
        for technical_id, message in ko:
            parts.append(
                f"        <passage><idTechnique>{escape(technical_id)}</idTechnique>"
                f"<messageErreur>{escape(message)}</messageErreur></passage>"
            )
        parts.append("    </PassagesKO>")
    if ok:
        parts.append("    <PassagesOK>")
        parts.extend(
            f"        <idTechnique>{escape(technical_id)}</idTechnique>"
            for technical_id in ok
        )
        parts.append("    </PassagesOK>")
    parts.append("</rapport>")
    return "\n".join(parts).encode()


class AccrochageReportCase(AccrochageCase):
    REPORT_NAME = "Accusé de traitement_11TST001_2026-10-01_2026-10-31_20261120.xml"

    def generate(self):
        action = self.make_wizard().action_generate()
        return self.env["accrochage.file"].browse(action["res_id"])

    def import_report(self, content, *, file=None, filename=None):
        wizard = self.env["accrochage.report.import.wizard"].create(
            {
                "file_id": file.id if file else False,
                "report_file": base64.b64encode(content),
                "report_filename": filename or self.REPORT_NAME,
            }
        )
        return wizard.action_import()

    def report_attachments(self, file):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", "accrochage.file"),
                ("res_id", "=", file.id),
                ("id", "!=", file.attachment_id.id),
            ]
        )

    def foreign_file(self, technical_ids, **values):
        """A deposited file of another tool, with passages of these IDs."""
        passages = self.env["accrochage.passage"]
        for technical_id in technical_ids:
            passages |= self.make_passage(technical_id=technical_id, state="sent")
        vals = {
            "name": "Fichier Pix",
            "certifier_id": self.certifier.id,
            "passage_ids": [fields.Command.set(passages.ids)],
            "state": "deposited",
        }
        vals.update(values)
        return self.env["accrochage.file"].create(vals), passages


@tagged("post_install", "-at_install")
class TestAccrochageReportSamples(AccrochageReportCase):
    def test_sample_with_rejected_and_accepted_passages(self):
        content = sample_report(SAMPLE_KO_OK)
        ids = ["1979262", "1996215", "1983189", "1968666", "1964200"]
        file, passages = self.foreign_file(
            ids, flux_id="4df76fd4-0915-46df-8c56-525506af35be"
        )
        by_id = dict(zip(ids, passages, strict=True))
        action = self.import_report(content, filename=SAMPLE_KO_OK)
        self.assertEqual(action["res_id"], file.id)
        self.assertEqual(file.state, "processed_errors")
        self.assertEqual(file.processing_id, "67598")
        self.assertEqual(file.report_date, fields.Date.context_today(file))
        for technical_id in ("1979262", "1996215"):
            passage = by_id[technical_id]
            self.assertEqual(passage.state, "rejected")
            self.assertIn(HOLDER_NOT_FOUND, passage.cdc_message)
            self.assertEqual(passage.cdc_report_date, file.report_date)
        self.assertIn("Vérifiez le nom de naissance", by_id["1979262"].cdc_explanation)
        self.assertIn("jour et le mois", by_id["1996215"].cdc_explanation)
        already = by_id["1983189"]
        self.assertEqual(already.state, "accepted")
        self.assertEqual(already.cdc_message, ALREADY_IN_BASE)
        self.assertIn("déjà été accepté", already.cdc_explanation)
        self.assertEqual(by_id["1968666"].state, "accepted")
        self.assertEqual(by_id["1964200"].state, "accepted")
        lines = {line.technical_id: line for line in file.report_line_ids}
        self.assertEqual(set(lines), set(ids))
        self.assertEqual(lines["1979262"].category, "holder_not_found")
        self.assertEqual(lines["1979262"].passage_id, by_id["1979262"])
        self.assertEqual(lines["1979262"].partner_id, by_id["1979262"].partner_id)
        self.assertEqual(lines["1983189"].category, "already_accepted")
        self.assertEqual(lines["1968666"].category, "accepted")
        attachments = self.report_attachments(file)
        self.assertEqual(attachments.mapped("name"), [SAMPLE_KO_OK])
        self.assertEqual(attachments.raw, content)
        self.assertEqual(file.report_attachment_ids, attachments)
        summary = file.message_ids.filtered(lambda m: "67598" in (m.body or ""))
        self.assertEqual(len(summary), 1)
        self.assertEqual(summary.attachment_ids, attachments)
        for technical_id in ("1979262", "1996215"):
            self.assertIn(technical_id, summary.body)

    def test_sample_refused_at_the_schema_stage(self):
        content = sample_report(SAMPLE_XSD)
        file, passages = self.foreign_file(
            ["PIX0001", "PIX0002"],
            file_name="pix-cpf-export-20231016-223357_002.xml",
        )
        self.import_report(content, filename=SAMPLE_XSD)
        self.assertEqual(file.state, "refused")
        self.assertEqual(file.processing_id, "68548")
        self.assertEqual(passages.mapped("state"), ["to_send", "to_send"])
        line = file.report_line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual((line.kind, line.category), ("xsd", "xsd"))
        self.assertEqual((line.line, line.column), (1, 18))
        self.assertIn("Un espace est obligatoire", line.cdc_message)
        self.assertFalse(line.passage_id)
        self.assertEqual(len(self.report_attachments(file)), 1)


@tagged("post_install", "-at_install")
class TestAccrochageReportImport(AccrochageReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls.make_passage()
        cls.second = cls.make_passage(
            cls.make_holder(
                name="Louis Lefèvre",
                accrochage_birth_name="Lefèvre",
                accrochage_first_name_1="Louis",
                accrochage_sex="M",
            )
        )
        cls.passages = cls.first | cls.second

    def test_all_accepted_file_is_processed(self):
        file = self.generate()
        self.import_report(
            build_report(flux_id=file.flux_id, ok=self.passages.mapped("technical_id"))
        )
        self.assertEqual(file.state, "processed")
        self.assertEqual(self.passages.mapped("state"), ["accepted", "accepted"])
        self.assertEqual(file.report_date, date(2026, 11, 20))
        self.assertEqual(self.first.cdc_report_date, date(2026, 11, 20))
        self.assertEqual(file.processing_id, "90001")
        self.assertEqual(set(file.report_line_ids.mapped("category")), {"accepted"})

    def test_one_rejected_passage(self):
        file = self.generate()
        self.import_report(
            build_report(
                file_name=file.file_name,
                flux_id=file.flux_id,
                ko=[(self.second.technical_id, HOLDER_NOT_FOUND)],
                ok=[self.first.technical_id],
            ),
            file=file,
        )
        self.assertEqual(file.state, "processed_errors")
        self.assertEqual(self.first.state, "accepted")
        self.assertEqual(self.second.state, "rejected")
        self.assertEqual(self.second.cdc_message, HOLDER_NOT_FOUND)
        self.assertIn("Vérifiez le nom de naissance", self.second.cdc_explanation)
        line = file.report_line_ids.filtered(lambda r: r.passage_id == self.second)
        self.assertEqual(line.category, "holder_not_found")
        self.assertEqual(line.partner_id, self.second.partner_id)
        self.assertEqual(line.company_id, file.company_id)
        self.assertEqual(self.second.readiness, "to_complete")
        self.assertIn(HOLDER_NOT_FOUND, self.second.readiness_message)

    def test_schema_error_names_the_passage_and_the_field(self):
        file = self.generate()
        xml_lines = file.attachment_id.raw.decode().split("\n")
        line_number = next(
            number
            for number, text in enumerate(xml_lines, 1)
            if "nomNaissance>Lefèvre<" in text
        )
        self.import_report(
            build_report(
                file_name=file.file_name,
                errors=[("cvc-pattern-valid : valeur non valide", line_number, 25)],
            )
        )
        self.assertEqual(file.state, "refused")
        self.assertEqual(self.passages.mapped("state"), ["to_send", "to_send"])
        line = file.report_line_ids
        self.assertEqual(line.passage_id, self.second)
        self.assertEqual(line.technical_id, self.second.technical_id)
        self.assertEqual(line.field_label, "Nom de naissance")
        self.assertEqual((line.line, line.column), (line_number, 25))
        # The refused passages are sent again in the next file.
        self.assertEqual(self.generate().passage_ids, self.passages)

    def test_importing_the_same_report_twice_changes_nothing(self):
        file = self.generate()
        content = build_report(
            flux_id=file.flux_id,
            ko=[(self.second.technical_id, HOLDER_NOT_FOUND)],
            ok=[self.first.technical_id],
        )
        self.import_report(content)
        messages = file.message_ids
        for from_file in (None, file):
            action = self.import_report(content, file=from_file)
            self.assertEqual(action["tag"], "display_notification")
            self.assertIn(file.name, action["params"]["message"])
            self.assertIn("90001", action["params"]["message"])
        # Same idTraitement under another file name: also already imported.
        action = self.import_report(content + b"\n", filename="copie.xml")
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(len(self.report_attachments(file)), 1)
        self.assertEqual(len(file.report_line_ids), 2)
        self.assertEqual(file.message_ids, messages)
        self.assertEqual(file.state, "processed_errors")

    def test_unknown_and_missing_passages_are_reported(self):
        file = self.generate()
        self.import_report(
            build_report(
                flux_id=file.flux_id,
                ok=[self.first.technical_id, "ZZZ999"],
            )
        )
        unknown = file.report_line_ids.filtered(lambda r: r.technical_id == "ZZZ999")
        self.assertEqual(unknown.category, "unknown_passage")
        self.assertFalse(unknown.passage_id)
        self.assertEqual(self.first.state, "accepted")
        self.assertEqual(self.second.state, "sent")
        self.assertEqual(file.state, "processed_errors")
        summary = file.message_ids.filtered(lambda m: "90001" in (m.body or ""))
        self.assertIn("ZZZ999", summary.body)
        self.assertIn(self.second.technical_id, summary.body)

    def test_malformed_or_hostile_report_changes_nothing(self):
        file = self.generate()
        reports = {
            "not xml": b"ceci n'est pas du XML",
            "not a report": b"<flux/>",
            "billion laughs": BILLION_LAUGHS,
            "external entity": EXTERNAL_ENTITY,
            "truncated": build_report(flux_id=file.flux_id)[:-5],
        }
        expected = {
            "not xml": "XML",
            "not a report": "rapport",
            "billion laughs": "DOCTYPE",
            "external entity": "DOCTYPE",
            "truncated": "XML",
        }
        for name, content in reports.items():
            with self.subTest(report=name):
                with self.assertRaisesRegex(UserError, expected[name]):
                    self.import_report(content, file=file)
                self.assertFalse(self.report_attachments(file))
                self.assertFalse(file.report_line_ids)
                self.assertEqual(file.state, "generated")
                self.assertEqual(self.passages.mapped("state"), ["in_file"] * 2)

    def test_report_of_another_file_or_of_no_file(self):
        file = self.generate()
        with self.assertRaisesRegex(UserError, "other-flux-id") as caught:
            self.import_report(
                build_report(flux_id="other-flux-id", ok=["X"]), file=file
            )
        self.assertIn(file.name, str(caught.exception))
        with self.assertRaisesRegex(UserError, "inconnu.xml"):
            self.import_report(build_report(file_name="inconnu.xml", ok=["X"]))
        self.assertFalse(self.report_attachments(file))
        self.assertEqual(file.state, "generated")

    def test_other_report_on_a_processed_file_is_refused(self):
        file = self.generate()
        ok = self.passages.mapped("technical_id")
        self.import_report(build_report(flux_id=file.flux_id, ok=ok))
        with self.assertRaisesRegex(UserError, "90001"):
            self.import_report(
                build_report(flux_id=file.flux_id, processing_id="90002", ok=ok)
            )
        self.assertEqual(len(self.report_attachments(file)), 1)

    def test_rejected_then_corrected_is_sent_again_accepted_never(self):
        file = self.generate()
        self.import_report(
            build_report(
                flux_id=file.flux_id,
                ko=[(self.second.technical_id, HOLDER_NOT_FOUND)],
                ok=[self.first.technical_id],
            )
        )
        self.assertEqual(self.second.state, "rejected")
        wizard = self.make_wizard()
        self.assertFalse(wizard.eligible_passage_ids)
        self.second.partner_id.accrochage_birth_name = "Lefebvre"
        self.assertEqual(self.second.state, "to_send")
        technical_id = self.second.technical_id
        second_file = self.generate()
        self.assertEqual(second_file.passage_ids, self.second)
        self.assertIn(
            f"<cpf:idTechnique>{technical_id}</cpf:idTechnique>",
            second_file.attachment_id.raw.decode(),
        )
        self.assertIn("Déjà accepté", self.exclusion_reasons(wizard, self.first))
        # Its report goes to the new file, found by idFlux despite the same name.
        self.import_report(
            build_report(
                file_name=second_file.file_name,
                flux_id=second_file.flux_id,
                processing_id="90002",
                ok=[technical_id],
            )
        )
        self.assertEqual(second_file.state, "processed")
        self.assertEqual(self.second.state, "accepted")
        self.assertEqual(file.state, "processed_errors")


@tagged("post_install", "-at_install")
class TestAccrochageDeposit(AccrochageReportCase):
    def mark_deposited(self, file, deposit_date=None):
        wizard = (
            self.env["accrochage.file.deposit.wizard"]
            .with_context(**file.action_mark_deposited()["context"])
            .create({"deposit_date": deposit_date} if deposit_date else {})
        )
        return wizard.action_confirm()

    def test_mark_as_deposited(self):
        self.make_passage()
        file = self.generate()
        today = fields.Date.context_today(file)
        action = self.mark_deposited(file)
        self.assertEqual(action["res_id"], file.id)
        self.assertEqual(file.state, "deposited")
        self.assertEqual(file.deposit_date, today)
        self.assertEqual(file.deposit_user_id, self.env.user)
        self.assertTrue(
            file.message_ids.filtered(lambda m: self.env.user.name in (m.body or ""))
        )
        with self.assertRaisesRegex(UserError, "déposé"):
            file.unlink()
        with self.assertRaisesRegex(UserError, file.name):
            self.mark_deposited(file)

    def test_deposit_date_cannot_be_in_the_future(self):
        self.make_passage()
        file = self.generate()
        with self.assertRaisesRegex(UserError, file.name):
            self.mark_deposited(file, date(2999, 1, 1))
        self.assertEqual(file.state, "generated")

    def test_report_on_a_deposited_file(self):
        passage = self.make_passage()
        file = self.generate()
        self.mark_deposited(file)
        self.import_report(
            build_report(flux_id=file.flux_id, ok=[passage.technical_id])
        )
        self.assertEqual(file.state, "processed")
        self.assertEqual(file.deposit_date, fields.Date.context_today(file))


@tagged("post_install", "-at_install")
class TestAccrochageRejectionAdvice(AccrochageReportCase):
    def test_advice_follows_how_the_holder_was_identified(self):
        """The same "holder not found" gets the advice of the data sent: NIR,
        CPF file or civil status."""
        by_nir = self.make_passage(
            self.make_holder(name="Par NIR", accrochage_nir="2900575114123")
        )
        by_file = self.make_passage(
            self.make_holder(name="Par dossier", accrochage_sex=False),
            cpf_file_number="20261234567",
        )
        by_civil_status = self.make_passage(self.make_holder(name="Par état civil"))
        passages = by_nir | by_file | by_civil_status
        self.assertEqual(set(passages.mapped("readiness")), {"ready"})
        file = self.generate()
        self.import_report(
            build_report(
                flux_id=file.flux_id,
                ko=[(passage.technical_id, HOLDER_NOT_FOUND) for passage in passages],
            )
        )
        self.assertEqual(set(passages.mapped("state")), {"rejected"})
        self.assertIn("NIR (2900575114123)", by_nir.cdc_explanation)
        self.assertIn("carte Vitale", by_nir.cdc_explanation)
        self.assertNotIn("premier prénom", by_nir.cdc_explanation)
        self.assertIn("dossier CPF n° 20261234567", by_file.cdc_explanation)
        self.assertIn(
            "Données envoyées : Dupont Jeanne", by_civil_status.cdc_explanation
        )
        self.assertIn("75056", by_civil_status.cdc_explanation)
        line = file.report_line_ids.filtered(lambda r: r.passage_id == by_nir)
        self.assertEqual(line.explanation, by_nir.cdc_explanation)
