package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Keycloak's terms-and-conditions required action: {@code next: terms} with the realm theme's
 * {@code terms} text; {@code accept_terms=true} accepts, {@code false} declines (access denied).
 */
final class TermsJson implements StepForm {

    @Override
    public boolean answered(ChallengeParams params) {
        return params.get(ChallengeParams.ACCEPT_TERMS) != null;
    }

    @Override
    public MultivaluedMap<String, String> form(ChallengeParams params) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        if (!params.isTrue(ChallengeParams.ACCEPT_TERMS)) {
            form.putSingle("cancel", "");
        }
        return form;
    }

    @Override
    public Challenge ask(StepView view) {
        return view.collect("terms", "simptelChallengeTerms").with("terms", view.messages().text("termsText"));
    }
}
