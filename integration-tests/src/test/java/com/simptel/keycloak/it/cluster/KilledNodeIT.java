package com.simptel.keycloak.it.cluster;

import com.simptel.keycloak.it.sessions.SessionLogin;
import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.harness.KeycloakCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node 1 dies by SIGKILL while a session has a bucket and a registration and a recovery are half
 * way through on it. Keycloak 26.7 keeps authentication sessions, login failures and the
 * single-use store ({@code actionTokens}) in distributed caches with at least two owners
 * ({@code CacheConfigurator.ensureMinimumOwners}), so with two nodes node 2 holds a copy of every
 * entry; user sessions and their notes are persisted in the database. Both journeys therefore go
 * on at node 2 from the step they had reached, and node 1, started again, serves the same sessions.
 */
@SimptelIT
class KilledNodeIT {

    private static final String BUCKET = "{\"mfa\":{\"step\":2},\"note\":\"before the kill\"}";

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void sessionsBucketsAndJourneysLiveOnAtTheOtherNodeAndTheKilledNodeRejoins(SimptelServer server) throws Exception {
        KeycloakCluster cluster = server.cluster();
        KeycloakCluster.Node killed = cluster.node(1);
        KeycloakCluster.Node survivor = cluster.node(2);
        String a = killed.baseUrl();
        String b = survivor.baseUrl();

        JourneysInFlight inFlight = JourneysInFlight.beginAt(server, users, "xkill", a, BUCKET);
        SessionLogin login = inFlight.login;
        JsonResponse written = inFlight.written;

        long viewsBefore = oneMemberViews(survivor);
        try {
            cluster.kill(killed);
            // node 2 has noticed: from here on it answers alone, from its own copies
            Await.until("node 2 in a cluster of one", Duration.ofSeconds(60), () -> oneMemberViews(survivor) > viewsBefore);

            JsonResponse current = login.api(server).at(b).current();
            assertThat(current.status()).as(current.toString()).isEqualTo(200);
            assertThat(current.text("_id")).isEqualTo(login.sessionId());
            assertThat(current.header("ETag")).isEqualTo(written.header("ETag"));
            assertThat(current.json().path("data").path("MFAInputsBucket").path("note").asText()).isEqualTo("before the kill");

            JsonResponse refreshed = login.client().postForm(b + "/realms/" + SimptelServer.REALM
                    + "/protocol/openid-connect/token", Map.of("grant_type", "refresh_token",
                    "refresh_token", login.refreshToken()), OidcClient.Auth.BASIC);
            assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
            SessionLogin afterRefresh = new SessionLogin(refreshed.text("access_token"), refreshed.text("refresh_token"),
                    refreshed.text("id_token"), login.sessionId(), login.client());
            assertThat(afterRefresh.api(server).at(b).current().status()).isEqualTo(200);

            // the registration and the recovery go on at node 2 from the step they had reached
            inFlight.finishRegistrationAt(b, "the wrong try made at node 1 is still counted");
            SessionLogin newcomer = sessionOf(inFlight.person.tokens(), OidcClient.web(server));
            assertThat(inFlight.person.user().isEmailVerified()).isTrue();
            SessionLogin recovered = sessionOf(inFlight.finishRecoveryAt(server, b, "After-the-kill-1"), OidcClient.web(server));

            cluster.restart(killed);

            // node 1 is back in the view and serves every session, the one made while it was down too
            for (SessionLogin session : new SessionLogin[] {afterRefresh, newcomer, recovered}) {
                JsonResponse atA = session.api(server).at(a).current();
                assertThat(atA.status()).as(atA.toString()).isEqualTo(200);
                assertThat(atA.text("_id")).isEqualTo(session.sessionId());
            }
            JsonResponse bucketAtA = afterRefresh.api(server).at(a).current();
            assertThat(bucketAtA.header("ETag")).isEqualTo(written.header("ETag"));
            assertThat(bucketAtA.json().path("data").path("MFAInputsBucket").path("mfa").path("step").asInt()).isEqualTo(2);
        } finally {
            if (!killed.isRunning()) {
                cluster.restart(killed); // the next test classes expect two nodes
            }
        }
    }

    private static SessionLogin sessionOf(JsonResponse tokens, OidcClient client) throws ParseException {
        String access = tokens.text("access_token");
        String sid = Jwt.claims(access).getStringClaim("sid");
        return new SessionLogin(access, tokens.text("refresh_token"), tokens.text("id_token"), sid, client);
    }

    private static long oneMemberViews(KeycloakCluster.Node node) {
        try {
            return KeycloakCluster.viewsSeen(node, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
