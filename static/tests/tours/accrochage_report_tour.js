import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

// Set by tests/test_accrochage_report_ui.py: the report built for the file.
const REPORT_NAME = "accuse-de-traitement-tour_20261120.xml";

async function uploadReport(input) {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", REPORT_NAME]], ["name", "datas"]],
        kwargs: {},
    });
    const bytes = Uint8Array.from(atob(attachment.datas), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], attachment.name, {type: "application/xml"}));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", {bubbles: true}));
}

registry.category("web_tour.tours").add("accrochage_report_tour", {
    steps: () => [
        {
            content: "Import the processing report of the file",
            trigger: ".o_form_view .o_form_statusbar button.o_accrochage_import_report",
            run: "click",
        },
        {
            content: "Upload the report downloaded from the CDC portal",
            trigger: ".modal .o_field_widget[name='report_file']",
            async run() {
                await uploadReport(this.anchor.querySelector("input.o_input_file"));
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
            content: "Back on the file, open the processing report",
            trigger:
                ".o_form_view:not(:has(.modal)) .o_notebook_headers .nav-link[name='report']",
            run: "click",
        },
        {
            content: "The rejected candidate is listed with the French explanation",
            trigger:
                ".o_form_view .o_field_widget[name='report_line_ids'] .o_data_row:contains('Tour-Rejetée'):contains('Vérifiez le nom de naissance')",
        },
        {
            content: "The accepted candidate too",
            trigger:
                ".o_form_view .o_field_widget[name='report_line_ids'] .o_data_row:contains('Tour-Acceptée')",
        },
    ],
});
