package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.common.KeycloakRelease;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.par.endpoints.ParEndpoint;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code redirect_to_web} (draft-ietf-oauth-first-party-apps §5.2.2.1.1): the journey's original
 * request pushed as Keycloak's own pushed authorization request (RFC 9126), stored where Keycloak's
 * PAR endpoint stores them. The app opens {@code /protocol/openid-connect/auth?client_id=…&request_uri=…}
 * in a browser; the realm's flow runs there in full, and the code comes back to the app's redirect
 * URI, redeemable with the same PKCE verifier (and DPoP key, where the journey was bound to one).
 */
final class WebRedirect {

    /** Where the browser returns with the code: the journey's {@code redirect_uri}, or the client's only one. */
    static final String REDIRECT_URI_NOTE = "simptel.first-party.redirect-uri";

    private WebRedirect() {
    }

    /** @return {@code request_uri} and its lifetime in seconds */
    static Map<String, Object> push(KeycloakSession session, RealmModel realm, ClientModel client,
                                    AuthenticationSessionModel authSession) {
        String redirectUri = authSession.getAuthNote(REDIRECT_URI_NOTE);
        if (redirectUri == null) {
            throw ChallengeError.invalidRequest("This journey needs a step the app cannot show: start it again with a"
                    + " redirect_uri registered for the client, to continue in a browser");
        }
        Map<String, String> request = new HashMap<>();
        request.put(OAuth2Constants.CLIENT_ID, client.getClientId());
        request.put(OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CODE);
        request.put(OAuth2Constants.REDIRECT_URI, redirectUri);
        copy(authSession.getClientNote(OAuth2Constants.SCOPE), OAuth2Constants.SCOPE, request);
        copy(authSession.getClientNote(OIDCLoginProtocol.CODE_CHALLENGE_PARAM), OAuth2Constants.CODE_CHALLENGE, request);
        copy(authSession.getClientNote(OIDCLoginProtocol.CODE_CHALLENGE_METHOD_PARAM), OAuth2Constants.CODE_CHALLENGE_METHOD, request);
        copy(authSession.getClientNote(OIDCLoginProtocol.STATE_PARAM), OAuth2Constants.STATE, request);
        copy(authSession.getClientNote(OIDCLoginProtocol.NONCE_PARAM), OIDCLoginProtocol.NONCE_PARAM, request);
        copy(authSession.getClientNote(LocaleSelectorProvider.CLIENT_REQUEST_LOCALE), OIDCLoginProtocol.UI_LOCALES_PARAM, request);
        copy(authSession.getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME), OIDCLoginProtocol.LOGIN_HINT_PARAM, request);
        copy(authSession.getClientNote(OIDCLoginProtocol.DPOP_JKT), ParEndpoint.PAR_DPOP_PROOF_JKT, request);
        request.put(ParEndpoint.PAR_CREATED_TIME, String.valueOf(System.currentTimeMillis()));

        String key = SecretGenerator.getInstance().generateSecureID();
        int expiresIn = realm.getParPolicy().getRequestUriLifespan();
        session.singleUseObjects().put(storeKey(key), expiresIn, request);
        Map<String, Object> answer = new HashMap<>();
        answer.put("request_uri", ParEndpoint.REQUEST_URI_PREFIX + key);
        answer.put("expires_in", expiresIn);
        return answer;
    }

    /** Where Keycloak's authorization endpoint looks the request up: under a prefix from 26.7 on. */
    private static String storeKey(String key) {
        return KeycloakRelease.atLeast(26, 7) ? ParEndpoint.CACHE_KEY_PREFIX + key : key;
    }

    private static void copy(String value, String name, Map<String, String> request) {
        if (value != null) {
            request.put(name, value);
        }
    }
}
