package com.simptel.keycloak.it.cluster;

import com.simptel.keycloak.it.sessions.SessionLogin;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.harness.KeycloakCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session logged out at node B (node 2), by each way there is: its access token no longer
 * introspects as active at node A (node 1), and its refresh token is refused at both nodes.
 */
@SimptelIT
class LogoutAcrossNodesIT {

    private static final String POST_LOGOUT_URI = "http://localhost:3000/logged-out";

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void ourSessionsApiLogoutAtBEndsTheSessionAtA(SimptelServer server) {
        SessionLogin login = SessionLogin.web(server, users.create("logout-api"));
        assertActiveAtA(server, login.accessToken());

        JsonResponse logout = login.api(server).at(nodeB(server)).logoutCurrent();

        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
        assertEndedEverywhere(server, login.client(), login.accessToken(), login.refreshToken());
    }

    @Test
    void rpInitiatedLogoutAtBEndsTheSessionAtA(SimptelServer server) {
        TestUser user = users.create("logout-rp");
        OidcClient web = OidcClient.web(server);
        HttpBrowser browser = new HttpBrowser(server.baseUrl());
        JsonResponse tokens = web.login(browser, user.username(), user.password());
        assertActiveAtA(server, tokens.text("access_token"));
        String state = UUID.randomUUID().toString();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", web.clientId());
        params.put("id_token_hint", tokens.text("id_token"));
        params.put("post_logout_redirect_uri", POST_LOGOUT_URI);
        params.put("state", state);

        // the browser, with its Keycloak cookies, sent to node B's end_session_endpoint
        Page back = browser.open(web.at(nodeB(server)).url("logout", params));

        assertThat(back.isRedirect()).as(back.status() + " " + back.text()).isTrue();
        assertThat(back.location().toString()).startsWith(POST_LOGOUT_URI + "?");
        assertThat(back.redirectParams()).containsEntry("state", state);
        assertEndedEverywhere(server, web, tokens.text("access_token"), tokens.text("refresh_token"));
    }

    @Test
    void refreshTokenLogoutAtBEndsTheSessionAtA(SimptelServer server) {
        SessionLogin login = SessionLogin.web(server, users.create("logout-rt"));
        assertActiveAtA(server, login.accessToken());

        // Keycloak's back-channel logout by refresh token: POST to the logout endpoint with client authentication
        JsonResponse logout = login.client().postForm(login.client().at(nodeB(server)).endpoint("logout"),
                Map.of("refresh_token", login.refreshToken()), OidcClient.Auth.BASIC);

        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
        assertEndedEverywhere(server, login.client(), login.accessToken(), login.refreshToken());
    }

    private static void assertActiveAtA(SimptelServer server, String accessToken) {
        JsonResponse r = OidcClient.resourceServer(server).at(nodeA(server)).introspect(accessToken);
        assertThat(r.json().path("active").asBoolean()).as("before the logout, at A: %s", r).isTrue();
    }

    private static void assertEndedEverywhere(SimptelServer server, OidcClient client, String accessToken,
                                              String refreshToken) {
        JsonResponse introspected = OidcClient.resourceServer(server).at(nodeA(server)).introspect(accessToken);
        assertThat(introspected.status()).isEqualTo(200);
        assertThat(introspected.json().path("active").asBoolean()).as("at A: %s", introspected).isFalse();
        for (KeycloakCluster.Node node : server.cluster().nodes()) {
            JsonResponse refresh = client.at(node.baseUrl()).refresh(refreshToken);
            assertThat(refresh.status()).as("refresh at %s: %s", node.name(), refresh).isEqualTo(400);
            assertThat(refresh.text("error")).isEqualTo("invalid_grant");
        }
    }

    private static String nodeA(SimptelServer server) {
        return server.cluster().node(1).baseUrl();
    }

    private static String nodeB(SimptelServer server) {
        return server.cluster().node(2).baseUrl();
    }
}
