package com.simptel.keycloak.sessions;

import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.cors.Cors;

/**
 * Admits the caller of a resource method of {@link SessionsResource}, once per request: the bearer
 * token is valid and carries the API's scope (else 401 or 403), and the browser origin is allowed
 * for the token's client. CORS headers are set here for whatever the request answers.
 */
final class SessionsGate {

    private SessionsGate() {
    }

    /** @throws SessionsApiException the answer when the request is not admitted */
    static Caller admit(KeycloakSession session) {
        Caller caller;
        try {
            caller = Caller.authenticate(session);
        } catch (SessionsApiException e) {
            throw refuse(e);
        }
        if (!BrowserOrigins.allows(session, caller.token(), caller.client())) {
            throw SessionsApiException.forbidden("Origin is not allowed for this token's client");
        }
        cors().allowAllOrigins().add(); // the origin was checked above: Cors echoes it back
        return caller;
    }

    /** An answer given before any caller is known: the error carries no data, so any page may read why it failed. */
    static SessionsApiException refuse(SessionsApiException e) {
        cors().allowAllOrigins().add();
        return e;
    }

    private static Cors cors() {
        return Cors.builder().auth().allowedMethods(SessionsResource.methods())
                .exposedHeaders(HttpHeaders.ETAG, HttpHeaders.WWW_AUTHENTICATE, "Allow", SessionLists.LINK);
    }
}
