package com.simptel.keycloak.it.cluster;

import com.simptel.keycloak.it.sessions.SessionLogin;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.harness.KeycloakCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness itself: two nodes in one view, one database, HAProxy in front sending to both. */
@SimptelIT
class ClusterFormedIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void bothNodesShareOneClusterAndServeTheSameSession(SimptelServer server) throws Exception {
        KeycloakCluster cluster = server.cluster();
        for (KeycloakCluster.Node node : cluster.nodes()) {
            assertThat(KeycloakCluster.viewsSeen(node, 2)).as(node.name()).isPositive();
            assertThat(cluster.balancer().status(node.name())).as("HAProxy's check of " + node.name()).startsWith("UP");
        }
        SessionLogin login = SessionLogin.web(server, users.create("formed"));
        for (KeycloakCluster.Node node : cluster.nodes()) {
            JsonResponse current = login.api(server).at(node.baseUrl()).current();
            assertThat(current.status()).as(node.name()).isEqualTo(200);
            assertThat(current.text("_id")).as(node.name()).isEqualTo(login.sessionId());
        }
        // round robin: the balancer sends requests to both nodes (a node just taken in is ramped up
        // over HAProxy's slowstart, so this class, when it runs first, may need a few more)
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20); // slowstart is 10 s
        while (!bothServed(cluster) && System.nanoTime() < deadline) {
            assertThat(login.api(server).current().status()).isEqualTo(200);
        }
        for (KeycloakCluster.Node node : cluster.nodes()) {
            assertThat(cluster.balancer().requestsSent(node.name())).as(node.name()).isPositive();
        }
    }

    private static boolean bothServed(KeycloakCluster cluster) throws Exception {
        for (KeycloakCluster.Node node : cluster.nodes()) {
            if (cluster.balancer().requestsSent(node.name()) == 0) {
                return false;
            }
        }
        return true;
    }
}
