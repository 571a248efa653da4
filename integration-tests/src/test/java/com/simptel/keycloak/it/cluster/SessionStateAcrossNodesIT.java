package com.simptel.keycloak.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.sessions.SessionLogin;
import com.simptel.keycloak.it.sessions.SessionsApi;
import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.harness.KeycloakCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.simptel.keycloak.it.sessions.SessionsApi.bucket;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One session's journey with its steps sent to different nodes on purpose (node 1 = A, node 2 = B):
 * what one node issued or wrote, the other accepts or reads at once.
 */
@SimptelIT
class SessionStateAcrossNodesIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final int WRITERS = 16;
    private static final int ROUNDS = 3;

    @Test
    void aTokenIssuedAtOneNodeIsAcceptedAtTheOther(SimptelServer server) {
        KeycloakCluster cluster = server.cluster();
        TestUser user = users.create("token-ab");
        SessionLogin login = SessionLogin.web(server, user);

        JsonResponse issuedAtA = login.client().at(cluster.node(1).baseUrl()).refresh(login.refreshToken());
        assertThat(issuedAtA.status()).as(issuedAtA.toString()).isEqualTo(200);
        String accessToken = issuedAtA.text("access_token");
        assertThat(SessionLogin.claims(accessToken).path("iss").asText()).isEqualTo(server.realmUrl());

        String nodeB = cluster.node(2).baseUrl();
        JsonResponse userinfo = login.client().at(nodeB).userinfo(accessToken);
        assertThat(userinfo.status()).as(userinfo.toString()).isEqualTo(200);
        assertThat(userinfo.text("sub")).isEqualTo(user.id());
        JsonResponse introspected = OidcClient.resourceServer(server).at(nodeB).introspect(accessToken);
        assertThat(introspected.json().path("active").asBoolean()).as(introspected.toString()).isTrue();
        JsonResponse current = login.withTokens(issuedAtA).api(server).at(nodeB).current();
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        assertThat(current.text("_id")).isEqualTo(login.sessionId());

        JsonResponse refreshedAtB = login.client().at(nodeB).refresh(issuedAtA.text("refresh_token"));
        assertThat(refreshedAtB.status()).as("a refresh token issued at A, redeemed at B: %s", refreshedAtB).isEqualTo(200);
    }

    @Test
    void aBucketWrittenAtOneNodeIsReadAtTheOtherAtOnce(SimptelServer server) {
        KeycloakCluster cluster = server.cluster();
        SessionLogin login = SessionLogin.web(server, users.create("bucket-ab"));
        SessionsApi atA = login.api(server).at(cluster.node(1).baseUrl());
        SessionsApi atB = login.api(server).at(cluster.node(2).baseUrl());

        for (int step = 1; step <= 5; step++) {
            SessionsApi writer = step % 2 == 1 ? atA : atB;
            SessionsApi reader = step % 2 == 1 ? atB : atA;
            JsonResponse written = writer.put("{\"step\":" + step + ",\"inputs\":{\"email\":\"a@simptel.test\"}}",
                    "application/json", null);
            assertThat(written.status()).as(written.toString()).isEqualTo(200);

            JsonResponse read = reader.current();

            assertThat(read.status()).isEqualTo(200);
            assertThat(read.header("ETag")).as("step %d", step).isEqualTo(written.header("ETag"));
            assertThat(bucket(read)).isEqualTo(bucket(written));
        }
    }

    @Test
    void ofWritersWithTheSameIfMatchOnBothNodesExactlyOneWinsAndItsEtagWorksOnBoth(SimptelServer server)
            throws Exception {
        KeycloakCluster cluster = server.cluster();
        SessionLogin login = SessionLogin.web(server, users.create("ifmatch-ab"));
        List<SessionsApi> nodes = cluster.nodes().stream()
                .map(node -> login.api(server).at(node.baseUrl())).toList();
        String version = nodes.get(0).current().header("ETag");

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                List<JsonResponse> answers = contest(pool, nodes, version, round);

                List<JsonResponse> winners = answers.stream().filter(r -> r.status() == 200).toList();
                assertThat(winners).as("round %d, If-Match %s: %s", round, version, answers).hasSize(1);
                assertThat(answers).as("the losers: 412, or 409 with Retry-After").allSatisfy(r -> {
                    if (r.status() != 200) {
                        assertThat(r.status()).as(r.toString()).isIn(409, 412);
                        if (r.status() == 409) {
                            assertThat(r.header("Retry-After")).isNotNull();
                        }
                    }
                });
                JsonResponse winner = winners.get(0);
                assertThat(winner.header("ETag")).isNotEqualTo(version);
                for (SessionsApi node : nodes) {
                    JsonResponse read = node.current();
                    assertThat(read.header("ETag")).isEqualTo(winner.header("ETag"));
                    assertThat(bucket(read)).isEqualTo(bucket(winner));
                }
                version = winner.header("ETag");
            }
        } finally {
            pool.shutdownNow();
        }

        // the last winner's ETag as If-Match at A, then A's answer as If-Match at B; the stale one is refused at B
        JsonResponse atA = nodes.get(0).patch("{\"next\":\"A\"}", "application/merge-patch+json", version);
        assertThat(atA.status()).as(atA.toString()).isEqualTo(200);
        JsonResponse atB = nodes.get(1).patch("{\"next\":\"B\"}", "application/merge-patch+json", atA.header("ETag"));
        assertThat(atB.status()).as(atB.toString()).isEqualTo(200);
        assertThat(bucket(atB).path("next").asText()).isEqualTo("B");
        JsonResponse stale = nodes.get(1).patch("{\"next\":\"stale\"}", "application/merge-patch+json", version);
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
    }

    /** {@link #WRITERS} PUTs with If-Match {@code version} at once, half to each node. */
    private static List<JsonResponse> contest(ExecutorService pool, List<SessionsApi> nodes, String version, int round)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JsonResponse>> futures = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            // a client of its own per writer: a connection each, as separate callers have
            SessionsApi api = nodes.get(w % nodes.size()).overHttp1();
            String body = "{\"round\":" + round + ",\"writer\":" + w + "}";
            futures.add(pool.submit(() -> {
                start.await();
                return api.put(body, "application/json", version);
            }));
        }
        start.countDown();
        List<JsonResponse> answers = new ArrayList<>();
        for (Future<JsonResponse> f : futures) {
            answers.add(f.get(120, TimeUnit.SECONDS));
        }
        return answers;
    }

    @Test
    void anExtendAtOneNodeShowsInTheExpiryAtTheOther(SimptelServer server) {
        KeycloakCluster cluster = server.cluster();
        SessionLogin login = SessionLogin.web(server, users.create("extend-ab"));
        SessionsApi atA = login.api(server).at(cluster.node(1).baseUrl());
        SessionsApi atB = login.api(server).at(cluster.node(2).baseUrl());
        JsonNode before = atB.current().json();
        // expiry and last access are kept in whole seconds: only passing time can move them
        Await.clockPast(Instant.parse(before.path("data").path("lastAccess").asText()).plusSeconds(2));

        JsonResponse extended = atA.extend("POST");

        assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
        assertThat(Instant.parse(extended.text("expires")))
                .isAfterOrEqualTo(Instant.parse(before.path("expires").asText()).plusSeconds(2));
        JsonResponse seenAtB = atB.current();
        assertThat(seenAtB.text("expires")).isEqualTo(extended.text("expires"));
        assertThat(seenAtB.json().path("data").path("lastAccess"))
                .isEqualTo(extended.json().path("data").path("lastAccess"));
        assertThat(seenAtB.json().path("data").path("cookie").path("expires").asText())
                .isEqualTo(extended.text("expires"));
    }

}
