package com.simptel.keycloak.it.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers.TestUser;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Tokens of one sign-in through the login page in a new browser, hence a new Keycloak user
 * session, and the id of that session.
 */
public record SessionLogin(String accessToken, String refreshToken, String idToken, String sessionId, OidcClient client) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Through simptel-web (confidential). */
    public static SessionLogin web(SimptelServer server, TestUser user) {
        return through(server, OidcClient.web(server), user.username(), user.password());
    }

    /** Through simptel-spa (public, PKCE). */
    static SessionLogin spa(SimptelServer server, TestUser user) {
        return through(server, OidcClient.spa(server), user.username(), user.password());
    }

    static SessionLogin through(SimptelServer server, OidcClient client, TestUser user) {
        return through(server, client, user.username(), user.password());
    }

    static SessionLogin through(SimptelServer server, OidcClient client, String username, String password) {
        JsonResponse tokens = client.login(new HttpBrowser(server.baseUrl()), username, password);
        if (tokens.status() != 200) {
            throw new AssertionError("Token request failed: " + tokens);
        }
        String access = tokens.text("access_token");
        return new SessionLogin(access, tokens.text("refresh_token"), tokens.text("id_token"),
                claims(access).path("sid").asText(), client);
    }

    /** The same session with the tokens of a refresh grant's answer. */
    public SessionLogin withTokens(JsonResponse refreshed) {
        if (refreshed.status() != 200) {
            throw new AssertionError("Refresh failed: " + refreshed);
        }
        return new SessionLogin(refreshed.text("access_token"), refreshed.text("refresh_token"),
                refreshed.text("id_token"), sessionId, client);
    }

    public SessionsApi api(SimptelServer server) {
        return new SessionsApi(server, accessToken);
    }

    boolean introspectsActive(SimptelServer server) {
        JsonResponse r = OidcClient.resourceServer(server).introspect(accessToken);
        return r.json().path("active").asBoolean(false);
    }

    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("Not a JWT: " + jwt);
        }
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new AssertionError("Not a JWT: " + jwt, e);
        }
    }
}
