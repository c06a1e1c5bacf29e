# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import io
import zipfile
from datetime import date

from odoo.tests import new_test_user, tagged

from .common import AccrochageHttpCase


@tagged("post_install", "-at_install")
class TestAccrochageDownload(AccrochageHttpCase):
    """Several files are downloaded in one zip archive, to the users who may
    read them only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        certifier = cls.env["accrochage.certifier"].create(
            {
                "name": "Certificateur zip",
                "certifier_client_number": "33ZIP003",
                "contract_number": "MCFCER000003",
            }
        )
        certification = cls.env["accrochage.certification"].create(
            {
                "name": "Comptable",
                "certification_type": "RNCP",
                "code": "RNCP99903",
                "certifier_id": certifier.id,
            }
        )
        for index, name in enumerate(("Durand", "Petit", "Roux")):
            holder = cls.env["res.partner"].create(
                {
                    "name": f"Jeanne {name}",
                    "accrochage_birth_name": name,
                    "accrochage_first_name_1": "Jeanne",
                    "accrochage_sex": "F",
                    "accrochage_birth_date": date(1990, 5, 17 + index),
                    "accrochage_birth_place_type": "france",
                    "accrochage_birth_insee_code": "75056",
                    "accrochage_birth_city": "Paris",
                    "accrochage_nationality_id": cls.env.ref("base.fr").id,
                }
            )
            cls.env["accrochage.passage"].create(
                {
                    "partner_id": holder.id,
                    "certification_id": certification.id,
                    "issue_date": date(2026, 10, 15),
                    "obtention_mode": "PAR_ADMISSION",
                }
            )
        # Two passages per file: the generation makes two files.
        cls.env["ir.config_parameter"].sudo().set_param(
            "l10n_fr_accrochage.max_passages_per_file", 2
        )
        generation = cls.env["accrochage.generation"].create(
            {
                "certifier_id": certifier.id,
                "date_from": date(2026, 10, 1),
                "date_to": date(2026, 10, 31),
            }
        )
        generation._start()
        cls.files = generation.file_ids
        cls.manager = new_test_user(
            cls.env,
            "accro_zip_manager",
            password="accro_zip_manager",
            groups="l10n_fr_accrochage.group_accrochage_manager",
        )
        other_company = cls.env["res.company"].create({"name": "Société Zip B"})
        cls.outsider = new_test_user(
            cls.env,
            "accro_zip_outsider",
            password="accro_zip_outsider",
            groups="l10n_fr_accrochage.group_accrochage_manager",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )

    def test_files_come_in_one_zip(self):
        self.assertEqual(len(self.files), 2)
        action = self.files.with_user(self.manager).action_download()
        self.authenticate("accro_zip_manager", "accro_zip_manager")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        self.assertIn("accrochage-files.zip", response.headers["Content-Disposition"])
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            self.assertCountEqual(archive.namelist(), self.files.mapped("file_name"))
            for file in self.files:
                self.assertEqual(archive.read(file.file_name), file.attachment_id.raw)

    def test_files_of_another_company_are_refused(self):
        self.authenticate("accro_zip_outsider", "accro_zip_outsider")
        response = self.url_open(
            "/l10n_fr_accrochage/files.zip?ids="
            + ",".join(str(file_id) for file_id in self.files.ids)
        )
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(b"PK", response.content[:2])
