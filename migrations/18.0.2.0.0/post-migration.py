# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.0.0: a passage was "sent" as soon as its file was generated; it is
now "in a file to deposit" until the file is marked as deposited. The
readiness of every passage is computed."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

# State of a passage whose only files were generated and never deposited.
UNDEPOSITED_STATES = {
    "sent": ("CREATION", "in_file"),
    "withdrawal_sent": ("SUPPRESSION", "withdrawal_in_file"),
}


def migrate(cr, version):
    if not version:
        return
    for old_state, (action, new_state) in UNDEPOSITED_STATES.items():
        cr.execute(
            """
            UPDATE accrochage_passage passage
               SET state = %(new_state)s
             WHERE passage.state = %(old_state)s
               AND EXISTS (
                   SELECT 1
                     FROM accrochage_file_passage_rel rel
                     JOIN accrochage_file file ON file.id = rel.file_id
                    WHERE rel.passage_id = passage.id
                      AND file.action = %(action)s
                      AND file.state = 'generated'
               )
               AND NOT EXISTS (
                   SELECT 1
                     FROM accrochage_file_passage_rel rel
                     JOIN accrochage_file file ON file.id = rel.file_id
                    WHERE rel.passage_id = passage.id
                      AND file.action = %(action)s
                      AND file.state != 'generated'
               )
            """,
            {"old_state": old_state, "new_state": new_state, "action": action},
        )
        _logger.info(
            "%s passage(s) %s moved to %s: their file is not deposited",
            cr.rowcount,
            old_state,
            new_state,
        )
    env = api.Environment(cr, SUPERUSER_ID, {})
    passages = env["accrochage.passage"].with_context(active_test=False).search([])
    passages._accrochage_recompute_readiness()
