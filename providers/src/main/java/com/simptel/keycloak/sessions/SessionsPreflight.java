package com.simptel.keycloak.sessions;

import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.cors.Cors;

/** CORS preflight for every path of the API: answered without a token, as browsers send none. */
public final class SessionsPreflight {

    /** Request headers a browser app needs besides Keycloak's CORS defaults. */
    private static final String EXTRA_ALLOWED_HEADERS = "If-Match";

    private final KeycloakSession session;

    SessionsPreflight(KeycloakSession session) {
        this.session = session;
    }

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        Response response = Cors.builder().auth().allowedMethods(SessionsGate.METHODS).preflight().add(Response.ok());
        if (session.getContext().getRequestHeaders().getHeaderString(Cors.ORIGIN_HEADER) != null) {
            session.getContext().getHttpResponse().addHeader(Cors.ACCESS_CONTROL_ALLOW_HEADERS, EXTRA_ALLOWED_HEADERS);
        }
        return response;
    }
}
