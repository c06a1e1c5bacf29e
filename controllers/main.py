# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import tempfile
import zipfile

from odoo import http
from odoo.http import request

# Each XML file is read by blocks of this size into the archive.
COPY_BLOCK = 1 << 20


class AccrochageFileController(http.Controller):
    @http.route(
        "/l10n_fr_accrochage/files.zip",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def download_files(self, ids="", **kwargs):
        """The XML of several accrochage files in one zip archive, written to a
        temporary file block by block (files reach 200 MB each)."""
        file_ids = [int(value) for value in ids.split(",") if value.isdigit()]
        files = request.env["accrochage.file"].browse(file_ids).exists()
        files.check_access("read")
        archive = tempfile.TemporaryFile()  # closed by _blocks once sent
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for file in files.filtered("attachment_id"):
                attachment = file.attachment_id.sudo()
                with zipped.open(file.file_name, "w", force_zip64=True) as target:
                    if attachment.store_fname:
                        path = attachment._full_path(attachment.store_fname)
                        with open(path, "rb") as source:
                            while block := source.read(COPY_BLOCK):
                                target.write(block)
                    else:
                        target.write(attachment.raw or b"")
        size = archive.tell()
        archive.seek(0)
        return request.make_response(
            _blocks(archive),
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Length", str(size)),
                (
                    "Content-Disposition",
                    http.content_disposition("accrochage-files.zip"),
                ),
            ],
        )


def _blocks(stream):
    with stream:
        while block := stream.read(COPY_BLOCK):
            yield block
