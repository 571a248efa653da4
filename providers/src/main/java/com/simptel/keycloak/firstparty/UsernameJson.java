package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.services.managers.AuthenticationManager;

/** Keycloak's username-only form (identity-first) and the reset-credentials choose-user form: {@code next: username}. */
final class UsernameJson implements StepForm {

    @Override
    public boolean answered(ChallengeParams params) {
        return params.get(ChallengeParams.USERNAME) != null || FormFields.hasAssertion(params);
    }

    @Override
    public MultivaluedMap<String, String> form(ChallengeParams params) {
        MultivaluedMap<String, String> form = FormFields.of(params, AuthenticationManager.FORM_USERNAME);
        if (FormFields.hasAssertion(params)) {
            FormFields.copyAssertion(params, form);
        }
        return form;
    }

    @Override
    public Challenge ask(StepView view) {
        return WebAuthnJson.withPasskeys(view, view.collect("username", "simptelChallengeUsername"));
    }
}
