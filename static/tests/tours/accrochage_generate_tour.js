import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("accrochage_generate_tour", {
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Accrochage CPF app",
            trigger:
                ".o_app[data-menu-xmlid='l10n_fr_accrochage.menu_accrochage_root']",
            run: "click",
        },
        {
            content: "Open the Files menu",
            trigger:
                ".o_main_navbar [data-menu-xmlid='l10n_fr_accrochage.menu_accrochage_files']",
            run: "click",
        },
        {
            content: "Generate accrochage file",
            trigger:
                ".dropdown-item[data-menu-xmlid='l10n_fr_accrochage.menu_accrochage_generate']",
            run: "click",
        },
        {
            content: "The passages ready are counted, to see in the passage list",
            trigger: ".modal button[name='action_view_eligible_passages']",
        },
        {
            content: "Look at who is left out",
            trigger: ".modal .o_notebook_headers .nav-link[name='excluded']",
            run: "click",
        },
        {
            content:
                "The non-French candidate without NIR is left out, with the reason",
            trigger:
                ".modal .o_field_widget[name='exclusion_ids'] .o_data_row:contains('Tour-Exclue'):contains('sécurité sociale'):contains('Non déclarable')",
        },
        {
            content: "Generate",
            trigger: ".modal button[name='action_generate']:visible",
            run: "click",
        },
        {
            content: "The file is shown with its XML attachment",
            trigger: ".o_form_view .o_field_widget[name='xml_file']:contains('.xml')",
        },
        {
            content: "It holds the passages sent",
            trigger:
                ".o_form_view .o_field_widget[name='passage_ids'] .o_data_row:contains('Tour-Envoyée')",
        },
    ],
});
