package com.simptel.keycloak.it.cluster;

import com.simptel.keycloak.it.sessions.SessionLogin;
import com.simptel.keycloak.it.sessions.SessionsApi;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.harness.KeycloakCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both nodes stopped and started again on the same database: sessions and their buckets are read
 * at either node, and refresh tokens still work. Restarts the shared cluster, so it is a class of
 * its own, and it checks that the cluster it leaves behind has formed again and serves new logins.
 */
@SimptelIT
class WholeClusterRestartIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void sessionsBucketsAndRefreshTokensSurviveAStopAndStartOfBothNodes(SimptelServer server) throws Exception {
        KeycloakCluster cluster = server.cluster();
        SessionLogin login = SessionLogin.web(server, users.create("restart-all"));
        JsonResponse written = login.api(server).at(cluster.node(1).baseUrl())
                .put("{\"mfa\":{\"step\":2},\"note\":\"überall\"}", "application/json", null);
        assertThat(written.status()).as(written.toString()).isEqualTo(200);

        server.restart();

        for (KeycloakCluster.Node node : cluster.nodes()) {
            assertThat(node.isRunning()).as(node.name()).isTrue();
            JsonResponse read = login.api(server).at(node.baseUrl()).current();
            assertThat(read.status()).as("%s: %s", node.name(), read).isEqualTo(200);
            assertThat(read.text("_id")).isEqualTo(login.sessionId());
            assertThat(read.header("ETag")).isEqualTo(written.header("ETag"));
            assertThat(SessionsApi.bucket(read)).isEqualTo(SessionsApi.bucket(written));
        }
        JsonResponse refreshedAtA = login.client().at(cluster.node(1).baseUrl()).refresh(login.refreshToken());
        assertThat(refreshedAtA.status()).as(refreshedAtA.toString()).isEqualTo(200);
        assertThat(SessionLogin.claims(refreshedAtA.text("access_token")).path("sid").asText())
                .isEqualTo(login.sessionId());
        JsonResponse refreshedAtB = login.client().at(cluster.node(2).baseUrl()).refresh(refreshedAtA.text("refresh_token"));
        assertThat(refreshedAtB.status()).as(refreshedAtB.toString()).isEqualTo(200);
        SessionsApi withNewToken = login.withTokens(refreshedAtB).api(server).at(cluster.node(2).baseUrl());
        JsonResponse patched = withNewToken.patch("{\"note\":null}", "application/merge-patch+json",
                written.header("ETag"));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

        // what the next test classes need (restartAll waited for a two-member view): a new login served at both nodes
        SessionLogin fresh = SessionLogin.web(server, users.create("after-restart"));
        for (KeycloakCluster.Node node : cluster.nodes()) {
            assertThat(fresh.api(server).at(node.baseUrl()).current().status()).as(node.name()).isEqualTo(200);
        }
    }
}
