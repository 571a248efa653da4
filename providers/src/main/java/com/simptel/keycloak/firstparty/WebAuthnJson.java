package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.WebAuthnConstants;
import org.keycloak.forms.login.freemarker.model.WebAuthnAuthenticatorsBean;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's WebAuthn steps, second factor and passwordless (passkeys): {@code next: webauthn} with
 * the request options the page hands {@code navigator.credentials.get} ({@code challenge},
 * {@code rpId}, {@code allowCredentials}, {@code userVerification}, {@code timeout}); the app
 * answers with the assertion ({@code clientDataJSON}, {@code authenticatorData}, {@code signature},
 * {@code credentialId}, {@code userHandle}, base64url), which Keycloak's authenticator verifies.
 */
final class WebAuthnJson implements StepForm {

    static final String OPTIONS = "webauthn";

    @Override
    public boolean answered(ChallengeParams params) {
        return FormFields.hasAssertion(params);
    }

    @Override
    public MultivaluedMap<String, String> form(ChallengeParams params) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        FormFields.copyAssertion(params, form);
        return form;
    }

    @Override
    public Challenge ask(StepView view) {
        Map<String, Object> options = options(view.page());
        return options == null ? null : view.collect("webauthn", "simptelChallengeWebAuthn").with(OPTIONS, options);
    }

    /** Keycloak's WebAuthn error page offers "try again", which asks anew with a fresh challenge. */
    @Override
    public boolean retriesAfterError() {
        return true;
    }

    /** The challenge with the passkey options, where the page offers a passkey besides its own field. */
    static Challenge withPasskeys(StepView view, Challenge challenge) {
        if (!view.page().flag(WebAuthnConstants.ENABLE_WEBAUTHN_CONDITIONAL_UI)) {
            return challenge;
        }
        Map<String, Object> options = options(view.page());
        return options == null ? challenge : challenge.with(OPTIONS, options);
    }

    /** The page's request options, or null where the page holds no challenge. */
    static Map<String, Object> options(RenderedPage page) {
        Object challenge = page.attribute(WebAuthnConstants.CHALLENGE);
        if (challenge == null) {
            return null;
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("challenge", challenge.toString());
        options.put("rpId", text(page.attribute(WebAuthnConstants.RP_ID)));
        List<Map<String, Object>> allowed = new ArrayList<>();
        if (page.attribute(WebAuthnConstants.ALLOWED_AUTHENTICATORS) instanceof WebAuthnAuthenticatorsBean bean) {
            for (WebAuthnAuthenticatorsBean.WebAuthnAuthenticatorBean authenticator : bean.getAuthenticators()) {
                Map<String, Object> credential = new LinkedHashMap<>();
                credential.put("type", "public-key");
                credential.put("id", base64Url(authenticator.getCredentialId()));
                allowed.add(credential);
            }
        }
        options.put("allowCredentials", allowed);
        options.put("userVerification", text(page.attribute(WebAuthnConstants.USER_VERIFICATION)));
        Object timeout = page.attribute(WebAuthnConstants.CREATE_TIMEOUT);
        int seconds = timeout instanceof Number n ? n.intValue() : 0;
        if (seconds > 0) {
            options.put("timeout", seconds * 1000);
        }
        return options;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** Keycloak keeps credential ids in base64; the app gets base64url, as in the assertion. */
    private static String base64Url(String id) {
        return id == null ? null : id.replace('+', '-').replace('/', '_').replace("=", "");
    }
}
