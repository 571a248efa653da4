package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/** Keycloak's update-password required action (after a reset, or set by an admin): {@code next: new_password}. */
final class NewPasswordJson implements StepForm {

    static final String NEXT = "new_password";

    @Override
    public boolean answered(ChallengeParams params) {
        return params.raw(ChallengeParams.NEW_PASSWORD) != null;
    }

    @Override
    public MultivaluedMap<String, String> form(ChallengeParams params) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        FormFields.copy(params, form, ChallengeParams.NEW_PASSWORD, "password-new");
        FormFields.copy(params, form, ChallengeParams.NEW_PASSWORD, "password-confirm");
        return form;
    }

    @Override
    public Challenge ask(StepView view) {
        return view.collect(NEXT, "simptelChallengeNewPassword");
    }
}
