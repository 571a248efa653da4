package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.WebAuthnConstants;

import java.util.Set;

/** Building a step's form from the endpoint's parameters. */
final class FormFields {

    /** The endpoint's own parameters: never part of a step's form. */
    static final Set<String> PROTOCOL = Set.of(ChallengeParams.CLIENT_ID, "client_secret", "client_assertion",
            "client_assertion_type", ChallengeParams.RESPONSE_TYPE, ChallengeParams.SCOPE,
            ChallengeParams.CODE_CHALLENGE, ChallengeParams.CODE_CHALLENGE_METHOD, ChallengeParams.AUTH_SESSION,
            ChallengeParams.UI_LOCALES, ChallengeParams.FLOW, ChallengeParams.REDIRECT_URI, ChallengeParams.STATE,
            ChallengeParams.NONCE, "cancel", "execution", "session_code", "tab_id", "client_data",
            "tryAnotherWay", "switchOrganization", "authenticationExecution");

    static final Set<String> WEBAUTHN = Set.of(WebAuthnConstants.CLIENT_DATA_JSON, WebAuthnConstants.AUTHENTICATOR_DATA,
            WebAuthnConstants.SIGNATURE, WebAuthnConstants.CREDENTIAL_ID, WebAuthnConstants.USER_HANDLE,
            WebAuthnConstants.ERROR);

    private FormFields() {
    }

    static MultivaluedMap<String, String> of(ChallengeParams params, String... names) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        for (String name : names) {
            copy(params, form, name, name);
        }
        return form;
    }

    static void copy(ChallengeParams params, MultivaluedMap<String, String> form, String from, String to) {
        String value = params.raw(from);
        if (value != null) {
            form.putSingle(to, value);
        }
    }

    static boolean hasAssertion(ChallengeParams params) {
        return params.raw(WebAuthnConstants.AUTHENTICATOR_DATA) != null || params.raw(WebAuthnConstants.ERROR) != null;
    }

    static void copyAssertion(ChallengeParams params, MultivaluedMap<String, String> form) {
        WEBAUTHN.forEach(name -> copy(params, form, name, name));
    }

    /**
     * Every parameter but the endpoint's own, for the steps that take the realm's user-profile
     * attributes; the OpenID Connect claim names stand for Keycloak's attribute names.
     */
    static MultivaluedMap<String, String> profile(ChallengeParams params) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        for (String name : params.names()) {
            if (!PROTOCOL.contains(name) && !WEBAUTHN.contains(name)) {
                copy(params, form, name, name);
            }
        }
        copy(params, form, ChallengeParams.GIVEN_NAME, "firstName");
        copy(params, form, ChallengeParams.FAMILY_NAME, "lastName");
        form.remove(ChallengeParams.GIVEN_NAME);
        form.remove(ChallengeParams.FAMILY_NAME);
        return form;
    }
}
