# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.0.0: the fields the addon adds to core models are prefixed with
``accrochage_``, and its inherited views get ``<parent>_inherit_accrochage``
xmlids. Columns, field records, their xmlids and saved filters are renamed in
place, so that no data is lost and no field is created anew."""

import logging

from odoo.tools.sql import column_exists, rename_column

_logger = logging.getLogger(__name__)

MODULE = "l10n_fr_accrochage"
RENAMED_FIELDS = {
    "res.partner": {
        "birth_name": "accrochage_birth_name",
        "usage_name": "accrochage_usage_name",
        "first_name_1": "accrochage_first_name_1",
        "first_name_2": "accrochage_first_name_2",
        "first_name_3": "accrochage_first_name_3",
        "holder_sex": "accrochage_sex",
        "birth_date": "accrochage_birth_date",
        "birth_place_type": "accrochage_birth_place_type",
        "birth_insee_code": "accrochage_birth_insee_code",
        "birth_postcode": "accrochage_birth_postcode",
        "birth_city": "accrochage_birth_city",
        "birth_country_id": "accrochage_birth_country_id",
        "nationality_id": "accrochage_nationality_id",
        "nir": "accrochage_nir",
        "holder_display_name": "accrochage_holder_name",
    },
    "event.registration": {
        "exam_result": "accrochage_exam_result",
        "issue_date": "accrochage_issue_date",
        "score": "accrochage_score",
        "honours": "accrochage_honours",
        "language_level": "accrochage_language_level",
        "access_route": "accrochage_access_route",
        "vae_route": "accrochage_vae_route",
        "registration_initiative": "accrochage_registration_initiative",
        "registration_date": "accrochage_registration_date",
        "option_label": "accrochage_option_label",
        "cpf_file_number": "accrochage_cpf_file_number",
        "passage_id": "accrochage_passage_id",
        "passage_state": "accrochage_passage_state",
    },
    "event.event": {
        "exam_start_date": "accrochage_exam_start_date",
        "exam_end_date": "accrochage_exam_end_date",
        "exam_mode": "accrochage_exam_mode",
        "exam_postcode": "accrochage_exam_postcode",
    },
}
RENAMED_VIEWS = {
    "view_partner_form": "view_partner_form_inherit_accrochage",
    "view_event_form": "view_event_form_inherit_accrochage",
    "view_event_search": "view_event_search_inherit_accrochage",
    "view_event_registration_tree": "view_event_registration_tree_inherit_accrochage",
    "view_event_registration_form": "view_event_registration_form_inherit_accrochage",
    "view_registration_search": "view_registration_search_inherit_accrochage",
    "res_config_settings_view_form": "res_config_settings_view_form_inherit_accrochage",
}


def _rename_field(cr, model, old, new):
    table = model.replace(".", "_")
    if column_exists(cr, table, old) and not column_exists(cr, table, new):
        rename_column(cr, table, old, new)
    cr.execute(
        "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
        [new, model, old],
    )
    prefix = f"field_{table}__"
    cr.execute(
        "UPDATE ir_model_data SET name = %s "
        "WHERE module = %s AND model = 'ir.model.fields' AND name = %s",
        [prefix + new, MODULE, prefix + old],
    )
    selection = f"selection__{table}__"
    cr.execute(
        "UPDATE ir_model_data SET name = %s || substr(name, %s) "
        "WHERE module = %s AND model = 'ir.model.fields.selection' "
        "AND name LIKE %s",
        [
            selection + new,
            len(selection + old) + 1,
            MODULE,
            selection + old.replace("_", r"\_") + r"\_\_%",
        ],
    )
    # Filters saved by users on the model name the field in their domain,
    # context or sort.
    cr.execute(
        r"""
        UPDATE ir_filters
           SET domain = regexp_replace(domain, %(word)s, %(new)s, 'g'),
               context = regexp_replace(context, %(word)s, %(new)s, 'g'),
               sort = regexp_replace(sort, %(word)s, %(new)s, 'g')
         WHERE model_id = %(model)s
        """,
        {"word": rf"\m{old}\M", "new": new, "model": model},
    )


def migrate(cr, version):
    if not version:
        return
    for model, fields in RENAMED_FIELDS.items():
        for old, new in fields.items():
            _rename_field(cr, model, old, new)
    for old, new in RENAMED_VIEWS.items():
        cr.execute(
            "UPDATE ir_model_data SET name = %s "
            "WHERE module = %s AND model = 'ir.ui.view' AND name = %s",
            [new, MODULE, old],
        )
    _logger.info(
        "%s: fields on core models renamed with the accrochage_ prefix", MODULE
    )
