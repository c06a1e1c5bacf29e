# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_accrochage_file(self):
        """The XML of an accrochage file is kept as long as the file: it is the
        proof of what was sent (also where it is posted on a certification)."""
        if self.env.context.get("accrochage_file_unlink"):
            return
        files = (
            self.env["accrochage.file"]
            .sudo()
            .search([("attachment_id", "in", self.ids)], limit=1)
        )
        if files:
            raise UserError(
                self.env._(
                    "The XML of accrochage file %(file)s cannot be deleted: it is "
                    "kept with the file. Delete the file itself before its "
                    "deposit, if it must go.",
                    file=files.name,
                )
            )
