package com.simptel.keycloak.sessions;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.PathSegment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.cors.Cors;

import java.util.List;

/**
 * Admits a request to the API, once, before any endpoint runs: the path and method are served
 * (else 404 or 405, as JAX-RS decides before authentication), the bearer token is valid and
 * carries the API's scope (else 401 or 403), and the browser origin is allowed for the token's
 * client. CORS headers are set here for whatever the request answers.
 */
final class SessionsGate {

    static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

    private static final String PATH_ATTRIBUTE = "simptel.sessions.path";

    private SessionsGate() {
    }

    /** @throws SessionsApiException the answer when the request is not admitted */
    static Caller admit(KeycloakSession session) {
        Cors cors = Cors.builder().auth().allowedMethods(METHODS)
                .exposedHeaders(HttpHeaders.ETAG, HttpHeaders.WWW_AUTHENTICATE, "Allow", SessionLists.LINK);
        String path = pathBelowApi(session);
        List<String> served = ServedMethods.of(path);
        String method = session.getContext().getHttpRequest().getHttpMethod();
        Caller caller;
        try {
            if (served == null || !served.contains(method)) {
                throw served == null ? SessionsApiException.noSuchPath(path)
                        : SessionsApiException.methodNotAllowed(method, served);
            }
            caller = Caller.authenticate(session);
        } catch (SessionsApiException e) {
            cors.allowAllOrigins().add(); // the error carries no data: let any page read why it failed
            throw e;
        }
        if (!BrowserOrigins.allows(session, caller.token(), caller.client())) {
            throw SessionsApiException.forbidden("Origin is not allowed for this token's client");
        }
        cors.allowAllOrigins().add(); // the origin was checked above: Cors echoes it back
        return caller;
    }

    /** The path below {@code /realms/{realm}/sessions}, e.g. {@code session/extend}; read once per request. */
    static String pathBelowApi(KeycloakSession session) {
        String path = session.getAttribute(PATH_ATTRIBUTE, String.class);
        if (path == null) {
            path = readPathBelowApi(session);
            session.setAttribute(PATH_ATTRIBUTE, path);
        }
        return path;
    }

    private static String readPathBelowApi(KeycloakSession session) {
        List<PathSegment> segments = session.getContext().getUri().getPathSegments();
        for (int i = 0; i + 2 < segments.size(); i++) {
            if ("realms".equals(segments.get(i).getPath())
                    && SessionsResourceProviderFactory.PROVIDER_ID.equals(segments.get(i + 2).getPath())) {
                return String.join("/", segments.subList(i + 3, segments.size()).stream()
                        .map(PathSegment::getPath).toList());
            }
        }
        return "";
    }
}
