package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Keycloak's username-and-password form, and its password-only form (identity-first): {@code next:
 * password}. Where the realm offers passkeys on the form, the answer also carries the WebAuthn
 * request options, and the app may answer with a passkey assertion instead.
 */
final class PasswordJson implements StepForm {

    static final String NEXT = "password";

    @Override
    public boolean answered(ChallengeParams params) {
        return params.raw(ChallengeParams.PASSWORD) != null || FormFields.hasAssertion(params);
    }

    @Override
    public MultivaluedMap<String, String> form(ChallengeParams params) {
        MultivaluedMap<String, String> form = FormFields.of(params, AuthenticationManager.FORM_USERNAME,
                ChallengeParams.PASSWORD);
        if (FormFields.hasAssertion(params)) {
            FormFields.copyAssertion(params, form);
        }
        return form;
    }

    @Override
    public Challenge ask(StepView view) {
        return WebAuthnJson.withPasskeys(view, view.collect(NEXT, "simptelChallengePassword"));
    }
}
