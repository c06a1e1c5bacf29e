import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

// The month four months before today (no demo passage then), as the wizard's month picker shows it:
// the passage of tests/test_accrochage_readiness_ui.py is issued then.
function monthBefore(months) {
    const today = new Date();
    const date = new Date(today.getFullYear(), today.getMonth() - months, 1);
    return {month: String(date.getMonth() + 1), year: String(date.getFullYear())};
}

async function uploadReport(input, name) {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", name]], ["name", "datas"]],
        kwargs: {},
    });
    const bytes = Uint8Array.from(atob(attachment.datas), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], attachment.name, {type: "application/xml"}));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", {bubbles: true}));
}

registry.category("web_tour.tours").add("accrochage_readiness_tour", {
    steps: () => [
        {
            content: "Open the search options",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter the passages to complete",
            trigger: ".o_filter_menu .o_menu_item:contains('À compléter')",
            run: "click",
        },
        {
            content: "Open the passage of the holder without sex",
            trigger:
                ".o_list_view .o_data_row:contains('Tour-Incomplète') .o_data_cell[name='partner_id']",
            run: "click",
        },
        {
            content: "The banner says what blocks, in French",
            trigger: ".o_form_view .alert-danger:contains('Sexe manquant')",
        },
        {
            content: "Follow the button to the holder's civil status",
            trigger:
                ".o_form_view .alert-danger button[name='action_open_what_to_fix']",
            run: "click",
        },
        {
            content: "The holder opens on the civil status",
            trigger: ".o_form_view .o_notebook .nav-link.active:contains('État civil')",
        },
        {
            content: "Record the sex",
            trigger:
                ".o_form_view .o_field_widget[name='accrochage_sex'] input[data-value='F']",
            run: "click",
        },
        {
            content: "Save the holder",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the civil status is complete",
            trigger: ".o_form_view .badge:contains('État civil complet')",
        },
        {
            content: "Back to the passage",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active) a:contains('ACC')",
            run: "click",
        },
        {
            content: "It is ready now",
            trigger: ".o_form_view .alert-success:contains('Prêt')",
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
            content: "Choose the month of the date of issue",
            trigger: ".modal .o_field_widget[name='period_month'] select",
            run: `select "${monthBefore(4).month}"`,
        },
        {
            content: "The period follows the month",
            trigger: ".modal .o_field_widget[name='date_from'] input",
            run() {
                const {month, year} = monthBefore(4);
                const expected = `01/${month.padStart(2, "0")}/${year}`;
                if (this.anchor.value !== expected) {
                    throw new Error(
                        `period starts on ${this.anchor.value}, not ${expected}`
                    );
                }
            },
        },
        {
            content: "Generate",
            trigger: ".modal button[name='action_generate']:visible",
            run: "click",
        },
        {
            content: "The file is there, not deposited yet",
            trigger:
                ".o_form_view .o_field_widget[name='passage_ids'] .o_data_row:contains('Tour-Incomplète')",
        },
        {
            content: "Mark it as deposited",
            trigger:
                ".o_form_view .o_form_statusbar button.o_accrochage_mark_deposited",
            run: "click",
        },
        {
            content: "Confirm the deposit",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The file is deposited",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Déposé')",
        },
        {
            content: "Import the processing report",
            trigger: ".o_form_view .o_form_statusbar button.o_accrochage_import_report",
            run: "click",
        },
        {
            content: "Upload the report, which rejects the holder",
            trigger: ".modal .o_field_widget[name='report_file']",
            async run() {
                await uploadReport(
                    this.anchor.querySelector("input.o_input_file"),
                    "accuse-de-traitement-readiness_20261120.xml"
                );
            },
        },
        {
            content: "The report is uploaded",
            trigger: ".modal .o_field_widget[name='report_file'] .o_clear_file_button",
        },
        {
            content: "Import it",
            trigger: ".modal button[name='action_import']",
            run: "click",
        },
        {
            content: "Open the passages of the file",
            trigger:
                ".o_form_view:not(:has(.modal)) .oe_stat_button[name='action_view_passages']",
            run: "click",
        },
        {
            content: "The rejected passage (a list when the file holds several)",
            trigger:
                ".o_list_view .o_data_row:contains('Tour-Incomplète') .o_data_cell[name='partner_id'], .o_form_view .alert-danger:contains('Rejeté par la Caisse des Dépôts')",
            run: "click",
        },
        {
            content: "It says why the Caisse des Dépôts rejected it",
            trigger:
                ".o_form_view .alert-danger:contains('Rejeté par la Caisse des Dépôts')",
        },
        {
            content: "Follow the fix button",
            trigger:
                ".o_form_view .alert-danger button[name='action_open_what_to_fix']",
            run: "click",
        },
        {
            content: "The holder's civil status, to correct",
            trigger: ".o_form_view .o_notebook .nav-link.active:contains('État civil')",
        },
    ],
});

registry.category("web_tour.tours").add("accrochage_correction_tour", {
    steps: () => [
        {
            content: "Correct the accepted passage",
            trigger: ".o_form_view .o_form_statusbar button[name='action_correct']",
            run: "click",
        },
        {
            content: "The button says what it generates",
            trigger:
                ".modal button[name='action_generate']:visible:contains('Générer le fichier de retrait et les corrections')",
            run: "click",
        },
        {
            content: "The withdrawal file comes first: to download and deposit",
            trigger: ".o_form_view .o_field_widget[name='action']:contains('Retrait')",
        },
        {
            content: "It can be marked as deposited",
            trigger:
                ".o_form_view .o_form_statusbar button.o_accrochage_mark_deposited",
        },
        {
            content: "And downloaded",
            trigger: ".o_form_view .o_form_statusbar button[name='action_download']",
        },
    ],
});

registry.category("web_tour.tours").add("accrochage_background_tour", {
    steps: () => [
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
            content: "Choose the month of the passages",
            trigger: ".modal .o_field_widget[name='period_month'] select",
            run: `select "${monthBefore(4).month}"`,
        },
        {
            content: "Generate: above the threshold, the run goes to the background",
            trigger: ".modal button[name='action_generate']:visible",
            run: "click",
        },
        {
            content: "The run is queued, nothing done yet",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('En file d')",
        },
        {
            content: "Its progress: 0 of 2",
            trigger: ".o_form_view .o_field_widget[name='done_count']:contains('0')",
        },
        {
            content: "Make the next file now (the background job would)",
            trigger: ".o_form_view .o_form_statusbar button[name='action_process_now']",
            run: "click",
        },
        {
            content: "One passage done out of two",
            trigger: ".o_form_view .o_field_widget[name='done_count']:contains('1')",
        },
        {
            content: "The next file",
            trigger: ".o_form_view .o_form_statusbar button[name='action_process_now']",
            run: "click",
        },
        {
            content: "Done",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Terminée')",
        },
        {
            content: "Open its files",
            trigger: ".o_form_view .oe_stat_button[name='action_view_files']",
            run: "click",
        },
        {
            content: "Its two files",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
        },
    ],
});
