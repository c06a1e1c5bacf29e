import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("accrochage_certifier_tour", {
    steps: () => [
        {
            content: "Open the demo certifier from the list",
            trigger: ".o_data_row td[name='name']:contains('Institut Demo Formation')",
            run: "click",
        },
        {
            content: "The form shows the certifier client number",
            trigger:
                ".o_form_view .o_field_widget[name='certifier_client_number'] input:value(04VHF013)",
        },
        {
            content: "Change the contract number",
            trigger: ".o_form_view .o_field_widget[name='contract_number'] input",
            run: "edit MCFCER000777",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
