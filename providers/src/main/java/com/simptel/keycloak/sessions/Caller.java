package com.simptel.keycloak.sessions;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

import java.util.Arrays;

/**
 * Who calls: authenticated by Keycloak's own bearer-token checks (the Account REST API's
 * {@code BearerTokenAuthenticator}): signature, expiry, issuer (this realm), token type,
 * revocation, not-before, and a still-valid user session holding the token's client; then the
 * token's {@code scope} must name {@value #API_SCOPE} and its {@code aud} must hold
 * {@value #AUDIENCE} (the scope's audience mapper), so a token meant for another API is refused.
 */
final class Caller {

    /**
     * The client scope a token needs for this API. A realm default client scope in realm-config,
     * so every client has it until an admin removes it from a client.
     */
    static final String API_SCOPE = "simptel-sessions";

    /** The audience of this API, added by the audience mapper of client scope {@value #API_SCOPE}. */
    static final String AUDIENCE = "simptel-sessions";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private final UserSessionModel tokenSession;
    private final AccessToken token;
    private final ClientModel client;
    private AdminPermissionEvaluator adminPermissions;

    /**
     * The one place that reads Keycloak's {@code AuthResult}: a class with getters in 26.4, a
     * record since 26.5. Its getters exist in all of 26.4 to 26.7 (deprecated since 26.5), its
     * record accessors only since 26.5, so the getters keep one JAR running on all three.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private Caller(KeycloakSession session, RealmModel realm, AuthResult auth) {
        this.session = session;
        this.realm = realm;
        this.user = auth.getUser();
        this.tokenSession = auth.getSession();
        this.token = auth.getToken();
        this.client = auth.getClient();
    }

    /** @throws SessionsApiException 401 with a Bearer challenge; 403 insufficient_scope without the API scope */
    static Caller authenticate(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        HttpHeaders headers = session.getContext().getRequestHeaders();
        if (headers.getHeaderString(HttpHeaders.AUTHORIZATION) == null) {
            // RFC 6750 3.1: no error code in the challenge when no credentials were sent.
            throw unauthorized(realm, null, "A bearer access token is required");
        }
        AuthResult result;
        try {
            result = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        } catch (NotAuthorizedException e) {
            throw unauthorized(realm, "invalid_request", "The Authorization header is not a bearer token");
        }
        if (result == null) {
            throw unauthorized(realm, "invalid_token",
                    "The access token is invalid or expired, or its session has ended");
        }
        Caller caller = new Caller(session, realm, result);
        if (caller.user == null) {
            throw unauthorized(realm, "invalid_token",
                    "The access token is invalid or expired, or its session has ended");
        }
        if (!grantsApi(caller.token, caller.client)) {
            throw insufficientScope(realm);
        }
        return caller;
    }

    /**
     * The token's scope names {@value #API_SCOPE}, its audience holds {@value #AUDIENCE}, and its client still has that scope: an admin
     * who removes the scope from a client stops the tokens already issued, not only later ones.
     */
    private static boolean grantsApi(AccessToken token, ClientModel client) {
        boolean inToken = token.getScope() != null && Arrays.asList(token.getScope().split(" ")).contains(API_SCOPE)
                && token.hasAudience(AUDIENCE);
        return inToken && client != null && (client.getClientScopes(true).containsKey(API_SCOPE)
                || client.getClientScopes(false).containsKey(API_SCOPE));
    }

    /** RFC 6750 3.1: 403 with the scope the token would need. */
    private static SessionsApiException insufficientScope(RealmModel realm) {
        String description = "The token is not meant for the sessions API (scope " + API_SCOPE + " and audience "
                + AUDIENCE + "): this realm does not let the token's client use it, or the user did not consent";
        return new SessionsApiException(403, "insufficient_scope", description)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm.getName()
                        + "\", error=\"insufficient_scope\", error_description=\"" + description
                        + "\", scope=\"" + API_SCOPE + "\"");
    }

    static SessionsApiException unauthorized(RealmModel realm, String error, String description) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(realm.getName()).append('"');
        if (error != null) {
            challenge.append(", error=\"").append(error).append("\", error_description=\"")
                    .append(description).append('"');
        }
        return new SessionsApiException(401, error == null ? "unauthorized" : error, description)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge.toString());
    }

    UserModel user() {
        return user;
    }

    AccessToken token() {
        return token;
    }

    ClientModel client() {
        return client;
    }

    boolean isServiceAccount() {
        return user.getServiceAccountClientLink() != null;
    }

    /**
     * The user session the token belongs to.
     *
     * @throws SessionsApiException 403 for service-account tokens, which have none
     */
    UserSessionModel currentSession() {
        UserSessionModel current = tokenSession;
        if (isServiceAccount() || current == null) {
            throw SessionsApiException.forbidden("This token has no user session (service account):"
                    + " the current-session endpoints need a user's token");
        }
        if (current.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT) {
            // e.g. a token-exchange token: write through to the stored session, not a transient copy
            UserSessionModel stored = session.sessions().getUserSession(realm, current.getId());
            if (stored == null) {
                throw SessionsApiException.forbidden("This token's user session is not stored");
            }
            return stored;
        }
        return current;
    }

    /** The token's own session: same id and same kind (an offline session may share a regular one's id). */
    boolean isCurrent(UserSessionModel userSession) {
        UserSessionModel current = tokenSession;
        return current != null && !isServiceAccount() && current.getId().equals(userSession.getId())
                && current.isOffline() == userSession.isOffline();
    }

    boolean owns(UserSessionModel userSession) {
        return userSession.getUser() != null && userSession.getUser().getId().equals(user.getId());
    }

    /** realm-management view-users (or fine-grained equivalent) over that user. */
    boolean canView(UserModel user) {
        return admin().users().canView(user);
    }

    /** realm-management manage-users (or fine-grained equivalent) over that user. */
    boolean canManage(UserModel user) {
        return admin().users().canManage(user);
    }

    /** realm-management view-users (or manage-users) over the realm's users in general. */
    boolean canViewUsers() {
        return admin().users().canView();
    }

    boolean canManageUsers() {
        return admin().users().canManage();
    }

    AdminAuth adminAuth() {
        return new AdminAuth(realm, token, user, client);
    }

    private AdminPermissionEvaluator admin() {
        if (adminPermissions == null) {
            adminPermissions = AdminPermissions.evaluator(session, realm, adminAuth());
        }
        return adminPermissions;
    }
}
