package com.simptel.keycloak.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.sessions.SessionLogin;
import com.simptel.keycloak.it.sessions.SessionsApi;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.harness.KeycloakCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app's offline session used at node A (1) is listed at node B (2) and ended there: its
 * offline tokens are refused at both nodes at once.
 */
@SimptelIT
class OfflineSessionsAcrossNodesIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void anOfflineSessionUsedAtAIsListedAndEndedAtB(SimptelServer server) {
        TestUser user = users.create("offline-nodes");
        SessionLogin app = SessionLogin.offline(server, OidcClient.web(server), user, null);
        OidcClient atA = OidcClient.web(server).at(nodeA(server));
        SessionLogin usedAtA = app.withTokens(atA.refresh(app.refreshToken()));
        SessionLogin web = SessionLogin.web(server, user);
        SessionsApi atB = web.api(server).at(nodeB(server));

        JsonResponse list = atB.list();

        assertThat(list.status()).isEqualTo(200);
        JsonNode offline = null;
        for (JsonNode s : list.json()) {
            if (s.path("offline").asBoolean()) {
                offline = s;
            }
        }
        assertThat(offline).as("an offline session in %s", list.body()).isNotNull();
        assertThat(offline.path("_id").asText()).isEqualTo(app.sessionId());
        assertThat(offline.path("data").path("authorize").has("simptel-web")).isTrue();

        assertThat(atB.logoutById(app.sessionId()).status()).isEqualTo(204);

        for (KeycloakCluster.Node node : server.cluster().nodes()) {
            JsonResponse refresh = OidcClient.web(server).at(node.baseUrl()).refresh(usedAtA.refreshToken());
            assertThat(refresh.status()).as("refresh at %s: %s", node.name(), refresh).isEqualTo(400);
            assertThat(refresh.text("error")).isEqualTo("invalid_grant");
        }
        JsonResponse introspected = OidcClient.resourceServer(server).at(nodeA(server)).introspect(usedAtA.accessToken());
        assertThat(introspected.json().path("active").asBoolean()).as("at A: %s", introspected).isFalse();
        assertThat(web.api(server).at(nodeA(server)).list().json())
                .noneSatisfy(s -> assertThat(s.path("offline").asBoolean()).isTrue());
    }

    private static String nodeA(SimptelServer server) {
        return server.cluster().node(1).baseUrl();
    }

    private static String nodeB(SimptelServer server) {
        return server.cluster().node(2).baseUrl();
    }
}
