# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Accrochage CPF",
    "summary": "Accrochage certificateur: report certification holders "
    "to the Caisse des Dépôts (SI CPF) in a checked XML file",
    "version": "18.0.2.0.0",
    "category": "Human Resources/Events",
    "website": "https://github.com/l10n-fr-accrochage/l10n_fr_accrochage",
    "author": "l10n_fr_accrochage contributors",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": ["mail", "event", "l10n_fr_cog"],
    "external_dependencies": {"python": ["lxml", "python-stdnum"]},
    "data": [
        "security/accrochage_security.xml",
        "security/ir.model.access.csv",
        "views/accrochage_certifier_views.xml",
        "data/ir_sequence_data.xml",
        "data/accrochage_readiness_reason_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/accrochage_certification_views.xml",
        "views/accrochage_passage_views.xml",
        "views/accrochage_passage_actions.xml",
        "views/res_partner_views.xml",
        "views/event_event_views.xml",
        "views/event_registration_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/accrochage_generate_wizard_views.xml",
        "wizards/accrochage_report_import_wizard_views.xml",
        "wizards/accrochage_file_deposit_wizard_views.xml",
        "views/accrochage_file_views.xml",
        "views/accrochage_generation_views.xml",
        "views/accrochage_overview_views.xml",
        "views/accrochage_menus.xml",
    ],
    "demo": [
        "demo/accrochage_demo.xml",
        "demo/accrochage_demo_passages.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "l10n_fr_accrochage/static/tests/tours/**/*",
        ],
    },
}
