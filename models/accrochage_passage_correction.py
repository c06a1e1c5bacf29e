# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Withdrawing an accepted passage, and correcting it (schema 1.1.5).

The Caisse des Dépôts never edits the data it accepted: a correction is a
withdrawal (SUPPRESSION file) followed by a new creation, with a new technical
ID, of the corrected passage.
"""

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

WITHDRAWAL_SCHEMA_VERSION = "1.1.5"


class AccrochagePassage(models.Model):
    _inherit = "accrochage.passage"

    corrected_passage_id = fields.Many2one(
        "accrochage.passage",
        string="Corrects",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The accepted passage this one corrects: it was withdrawn from the "
        "Caisse des Dépôts and this passage sends its corrected data.",
    )
    correction_passage_id = fields.Many2one(
        "accrochage.passage",
        string="Corrected by",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The passage that sends the corrected data of this withdrawn passage.",
    )
    correction_request_date = fields.Date(
        readonly=True,
        copy=False,
        help="Date the correction was started (withdrawal of the corrected "
        "passage): the corrected data is due within 3 months of it.",
    )

    # Withdrawal and correction ---------------------------------------------

    def _accrochage_check_withdrawable(self):
        """Raise a UserError naming the passage and the field when these
        passages cannot be withdrawn."""
        if not self:
            raise UserError(self.env._("Select the passages to withdraw."))
        for passage in self:
            certifier = passage.certifier_id
            if certifier.schema_version != WITHDRAWAL_SCHEMA_VERSION:
                raise UserError(
                    self.env._(
                        "Passage %(passage)s: withdrawing or correcting a passage "
                        "accepted by the Caisse des Dépôts needs the CDC schema "
                        "%(needed)s (SUPPRESSION files), but certifier "
                        "%(certifier)s targets schema %(version)s. Change the "
                        "“Schema Version” of the certifier to %(needed)s first.",
                        passage=passage.display_name,
                        needed=WITHDRAWAL_SCHEMA_VERSION,
                        certifier=certifier.display_name,
                        version=certifier.schema_version,
                    )
                )
            if passage.state != "accepted":
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Passage %(passage)s: only a passage accepted by the "
                        "Caisse des Dépôts can be withdrawn or corrected "
                        "(status: %(state)s).",
                        passage=passage.display_name,
                        state=states.get(passage.state),
                    )
                )
        if len(self.certifier_id) > 1:
            raise UserError(
                self.env._(
                    "Passages %(passages)s belong to several certifiers: withdraw "
                    "the passages of one certifier at a time.",
                    passages=", ".join(self.mapped("display_name")),
                )
            )

    def _accrochage_withdrawal_action(self, correction=False):
        self._accrochage_check_withdrawable()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_generate_wizard"
        )
        action["name"] = (
            self.env._("Correct accepted passages")
            if correction
            else self.env._("Withdraw accepted passages")
        )
        action["context"] = {
            "default_action": "SUPPRESSION",
            "default_certifier_id": self.certifier_id.id,
            "default_withdraw_passage_ids": self.ids,
            "accrochage_correction": correction,
        }
        return action

    def action_withdraw(self):
        """Open the generation wizard on a SUPPRESSION file of these passages."""
        return self._accrochage_withdrawal_action(correction=False)

    def action_correct(self):
        """Withdraw these passages, then create a new passage for each, to
        correct and send in the next creation file."""
        return self._accrochage_withdrawal_action(correction=True)

    def _accrochage_create_corrections(self):
        """A new passage to send for each of these withdrawn passages.

        The copy gets a new technical ID (the withdrawn one is never reused),
        waits in the queue (to send) and links to the passage it corrects.
        """
        today = fields.Date.context_today(self)
        corrections = self.browse()
        for passage in self:
            registration = passage.registration_id
            withdrawal_files = passage.file_ids.filtered(
                lambda file: file.action == "SUPPRESSION"
            )
            correction = passage.copy(
                {
                    "corrected_passage_id": passage.id,
                    "correction_request_date": today,
                    "registration_id": registration.id,
                    "cdc_message": False,
                    "cdc_explanation": False,
                    "cdc_report_date": False,
                }
            )
            passage.correction_passage_id = correction
            if registration and registration.sudo().passage_id == passage:
                registration.sudo().passage_id = correction
            correction.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Correction of passage %(passage)s, withdrawn from the Caisse "
                    "des Dépôts (file %(file)s). Correct its data: the next "
                    "accrochage file sends it.",
                    passage=passage.display_name,
                    file=withdrawal_files[:1].name or "-",
                )
            )
            passage.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Withdrawn for correction: the corrected data is sent by "
                    "passage %(correction)s.",
                    correction=correction.display_name,
                )
            )
            corrections |= correction
        return corrections

    def _accrochage_cancel_withdrawal(self, reason):
        """The withdrawal of these passages did not happen (file deleted before
        its deposit, or refused by the Caisse des Dépôts): they are accepted
        again, and their corrections never sent are deleted (the CDC still
        holds the original data). ``reason`` is posted on each passage."""
        if not self:
            return
        self.write({"state": "accepted"})
        for passage in self:
            correction = passage.correction_passage_id
            note = reason
            if correction and correction._is_deletable():
                registration = correction.registration_id.sudo()
                if registration and registration.passage_id == correction:
                    registration.passage_id = passage
                note = self.env._(
                    "%(reason)s Correction %(correction)s, never sent, has been "
                    "deleted: use “Correct” again to correct this passage.",
                    reason=reason,
                    correction=correction.display_name,
                )
                passage.correction_passage_id = False
                correction.unlink()
            elif correction:
                note = self.env._(
                    "%(reason)s Its correction %(correction)s stays: check it.",
                    reason=reason,
                    correction=correction.display_name,
                )
            passage.message_post(body=Markup("<p>%s</p>") % note)

    def _accrochage_action_open(self):
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_accrochage.action_accrochage_passage"
        )
        if len(self) == 1:
            action.update({"res_id": self.id, "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", self.ids)]
        action["context"] = {}
        return action
