# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers shared by the models of the addon (no model here)."""

from odoo import models

# Civil status, results and reminders are for these users only.
ACCROCHAGE_GROUP = "l10n_fr_accrochage.group_accrochage_user"
ACCROCHAGE_MANAGER_GROUP = "l10n_fr_accrochage.group_accrochage_manager"


def changed_fields(record, vals, field_names=None):
    """The names of the fields of ``vals`` (restricted to ``field_names`` when
    given) whose value differs from ``record``'s; x2many commands always count as
    a change. Values are compared as the ORM would store them, so an import
    writing the same values again changes nothing."""
    record.ensure_one()
    names = vals.keys() if field_names is None else set(field_names) & vals.keys()
    changed = set()
    for name in names:
        field = record._fields[name]
        if field.type in ("one2many", "many2many"):
            changed.add(name)
            continue
        new = field.convert_to_record(
            field.convert_to_cache(vals[name], record), record
        )
        current = record[name]
        if isinstance(current, models.BaseModel):
            if current != new:
                changed.add(name)
        elif (current or False) != (new or False):
            changed.add(name)
    return changed


def open_records_action(records, action_xmlid, context=None):
    """The window action ``action_xmlid`` on ``records``: their form when there is
    one, else the list restricted to them."""
    action = records.env["ir.actions.actions"]._for_xml_id(action_xmlid)
    if len(records) == 1:
        action.update({"res_id": records.id, "views": [(False, "form")]})
    else:
        action["domain"] = [("id", "in", records.ids)]
    action["context"] = dict(context or {})
    return action
