package com.simptel.keycloak.it.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers.TestUser;

/**
 * Tokens of one sign-in through the login page in a new browser, hence a new Keycloak user
 * session, and the id of that session.
 */
public record SessionLogin(String accessToken, String refreshToken, String idToken, String sessionId, OidcClient client) {

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

    /**
     * An app's sign-in with an offline token ({@code scope=openid offline_access}) in a browser of
     * its own with this User-Agent; {@code sessionId} is the {@code sid} of the offline refresh token.
     */
    public static SessionLogin offline(SimptelServer server, OidcClient client, TestUser user, String userAgent) {
        HttpBrowser browser = new HttpBrowser(server.baseUrl());
        if (userAgent != null) {
            browser.userAgent(userAgent);
        }
        JsonResponse tokens = client.login(browser, user.username(), user.password(), null, "openid offline_access");
        if (tokens.status() != 200) {
            throw new AssertionError("Token request failed: " + tokens);
        }
        String refresh = tokens.text("refresh_token");
        if (!"Offline".equals(claims(refresh).path("typ").asText())) {
            throw new AssertionError("Not an offline token: " + claims(refresh));
        }
        return new SessionLogin(tokens.text("access_token"), refresh, tokens.text("id_token"),
                claims(refresh).path("sid").asText(), client);
    }

    /** A sign-in through simptel-web in a browser with this User-Agent. */
    public static SessionLogin web(SimptelServer server, TestUser user, String userAgent) {
        OidcClient client = OidcClient.web(server);
        JsonResponse tokens = client.login(new HttpBrowser(server.baseUrl()).userAgent(userAgent), user.username(),
                user.password());
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

    /** The token's payload (see {@link Jwt#payload}). */
    public static JsonNode claims(String jwt) {
        return Jwt.payload(jwt);
    }
}
