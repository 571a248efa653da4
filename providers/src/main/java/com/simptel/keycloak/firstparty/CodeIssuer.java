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
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.OAuth2Code;
import org.keycloak.protocol.oidc.utils.OAuth2CodeParser;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The end of a journey, as Keycloak ends a browser login: the user session and client session from
 * the authentication session (its notes, scopes and auth mode carried over), the brute-force success
 * record, and an authorization code of Keycloak's own kind, redeemed at the token endpoint with the
 * PKCE verifier. The code has no redirect URI, so the token request needs none.
 */
final class CodeIssuer {

    private CodeIssuer() {
    }

    /** @return the code; the journey's authentication session is gone afterwards */
    static String issue(Exchange x, UserModel user, AuthMode mode, EventBuilder event) {
        AuthenticationSessionModel authSession = x.authSession();
        authSession.setAuthenticatedUser(user);
        authSession.setUserSessionNote(AuthMode.USER_SESSION_NOTE, mode.value());
        AuthenticationManager.setClientScopesInSession(x.session(), authSession);
        ClientSessionContext context = AuthenticationProcessor.attachSession(authSession, null, x.session(), x.realm(),
                x.session().getContext().getConnection(), event);
        AuthenticationManager.logSuccess(x.session(), authSession);

        AuthenticatedClientSessionModel clientSession = context.getClientSession();
        UserSessionModel userSession = clientSession.getUserSession();
        OAuth2Code data = new OAuth2Code(SecretGenerator.getInstance().generateSecureID(), x.client().getId(),
                Time.currentTime() + x.realm().getAccessCodeLifespan(), null,
                authSession.getClientNote(OAuth2Constants.SCOPE), null, null,
                authSession.getClientNote(OIDCLoginProtocol.CODE_CHALLENGE_PARAM),
                authSession.getClientNote(OIDCLoginProtocol.CODE_CHALLENGE_METHOD_PARAM), null, userSession.getId());
        String code = OAuth2CodeParser.persistCode(x.session(), clientSession, data);
        event.detail(Details.CODE_ID, authSession.getParentSession().getId()).success();
        new ChallengeSessions(x.session(), x.realm()).end(authSession);
        return code;
    }
}
