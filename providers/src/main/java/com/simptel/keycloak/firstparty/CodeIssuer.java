package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.authmode.AuthMode;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.OAuth2Code;
import org.keycloak.protocol.oidc.utils.OAuth2CodeParser;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.HashMap;
import java.util.Map;

/**
 * The end of a journey, where a browser login gets its redirect with the code
 * ({@code LoginProtocol.authenticated}): the user session and client session from the
 * authentication session (its notes, scopes and auth mode carried over), the brute-force success
 * record, and an authorization code of Keycloak's own kind, made as Keycloak's OIDC protocol makes
 * it (nonce, scope, PKCE, DPoP key), redeemed at the token endpoint with the PKCE verifier. The
 * code has no redirect URI, so the token request needs none.
 */
final class CodeIssuer {

    private CodeIssuer() {
    }

    /** @return the code; the journey's authentication session is gone afterwards */
    static String issue(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession, UserModel user,
                        AuthMode mode, EventBuilder event) {
        authSession.setAuthenticatedUser(user);
        if (authSession.getUserSessionNotes().get(AuthMode.USER_SESSION_NOTE) == null) {
            authSession.setUserSessionNote(AuthMode.USER_SESSION_NOTE, mode.value());
        }
        ClientSessionContext context = AuthenticationProcessor.attachSession(authSession, null, session, realm,
                session.getContext().getConnection(), event);
        AuthenticationManager.logSuccess(session, authSession);

        AuthenticatedClientSessionModel clientSession = context.getClientSession();
        UserSessionModel userSession = clientSession.getUserSession();
        event.session(userSession);
        OAuth2Code data = OAuth2Code.deserializeCode(codeData(authSession, realm, userSession));
        String code = OAuth2CodeParser.persistCode(session, clientSession, data);
        event.detail(Details.CODE_ID, authSession.getParentSession().getId()).success();
        new ChallengeSessions(session, realm).end(authSession);
        return code;
    }

    /**
     * The code's data under the names Keycloak stores it with: read back through
     * {@code OAuth2Code.deserializeCode}, which Keycloak 26.4 to 26.7 all have (its constructor's
     * parameters differ between them).
     */
    private static Map<String, String> codeData(AuthenticationSessionModel authSession, RealmModel realm,
                                                UserSessionModel userSession) {
        Map<String, String> data = new HashMap<>();
        data.put("id", SecretGenerator.getInstance().generateSecureID());
        data.put("client_uuid", authSession.getClient().getId());
        data.put("exp", Integer.toString(Time.currentTime() + realm.getAccessCodeLifespan()));
        data.put("nonce", authSession.getClientNote(OIDCLoginProtocol.NONCE_PARAM));
        data.put("scope", authSession.getClientNote(OAuth2Constants.SCOPE));
        data.put("code_challenge", authSession.getClientNote(OIDCLoginProtocol.CODE_CHALLENGE_PARAM));
        data.put("code_challenge_method", authSession.getClientNote(OIDCLoginProtocol.CODE_CHALLENGE_METHOD_PARAM));
        data.put("dpop_jkt", authSession.getClientNote(OIDCLoginProtocol.DPOP_JKT));
        data.put("user_session_id", userSession.getId());
        return data;
    }
}
