package com.simptel.keycloak.it.registration;

import com.simptel.keycloak.it.support.Page;

import java.util.Map;

/** Keycloak's registration form as the tests fill it; its selectors live here only. */
final class RegistrationPage {

    static final String FORM = "#kc-register-form";
    static final String EMAIL = "#email";
    static final String SUBMIT = FORM + " [type=submit]";

    private RegistrationPage() {
    }

    static boolean isShown(Page page) {
        return page.hasElement(FORM);
    }

    /** Fills the named fields (username, email, firstName, lastName, password, password-confirm) and submits. */
    static Page submit(Page page, Map<String, String> fields) {
        var form = page.form(FORM);
        fields.forEach(form::set);
        return form.submit();
    }
}
