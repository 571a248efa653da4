package com.simptel.keycloak.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.sessions.SessionLogin;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.NextRelease;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.harness.KeycloakCluster;
import com.simptel.keycloak.harness.KeycloakDistribution;
import com.simptel.keycloak.harness.ProviderJarCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling update of node 1 to the next release of our JAR (same formats, version one up): a
 * registration and a recovery started on it with the old JAR finish on it with the new one, from
 * the step they had reached, and a bucket written before keeps its ETag. The release is built
 * beside node 1 while it runs; afterwards node 1 is put back on the build of the JAR under test
 * (drained, stopped, started), so the classes after this one run on it.
 */
@SimptelIT
class RollingUpdateIT {

    private static final String BUCKET = "{\"mfa\":{\"step\":3},\"note\":\"before the update\"}";

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void journeysStartedOnTheOldJarFinishOnTheNewOneAndTheBucketKeepsItsETag(SimptelServer server) throws Exception {
        KeycloakCluster cluster = server.cluster();
        KeycloakCluster.Node updated = cluster.node(1);
        String a = updated.baseUrl();
        String underTest = ProviderJarCopy.versionOf(NextRelease.current());
        Path next = NextRelease.jar();
        String nextVersion = ProviderJarCopy.versionOf(next);
        assertThat(jarVersionServedBy(server, a)).isEqualTo(underTest);

        JourneysInFlight inFlight = JourneysInFlight.beginAt(server, users, "xroll", a, BUCKET);
        SessionLogin login = inFlight.login;
        JsonResponse written = inFlight.written;

        KeycloakDistribution before = NextRelease.update(cluster, updated, next);
        try {
            assertThat(jarVersionServedBy(server, a)).as("node 1 runs the next release").isEqualTo(nextVersion);

            // the bucket: same content, same ETag, and that ETag still wins an If-Match write
            JsonResponse current = login.api(server).at(a).current();
            assertThat(current.status()).as(current.toString()).isEqualTo(200);
            assertThat(current.header("ETag")).isEqualTo(written.header("ETag"));
            assertThat(current.json().path("data").path("MFAInputsBucket").path("note").asText()).isEqualTo("before the update");
            JsonResponse rewritten = login.api(server).at(a).put("{\"note\":\"after the update\"}", "application/json",
                    written.header("ETag"));
            assertThat(rewritten.status()).as(rewritten.toString()).isEqualTo(200);

            // the registration and the recovery go on at the updated node from the step they had reached
            inFlight.finishRegistrationAt(a, "the wrong try made with the old JAR is still counted");
            assertThat(inFlight.person.tokens().status()).isEqualTo(200);
            assertThat(inFlight.person.user().isEmailVerified()).isTrue();
            inFlight.finishRecoveryAt(server, a, "After-the-update-1");
        } finally {
            NextRelease.rollBack(cluster, updated, before);
        }
        assertThat(jarVersionServedBy(server, a)).isEqualTo(underTest);
    }

    /** The version our providers report at one node (admin console, Server info). */
    private static String jarVersionServedBy(SimptelServer server, String node) {
        JsonResponse info = OidcClient.send(HttpRequest.newBuilder(URI.create(node + "/admin/serverinfo"))
                .header("Authorization", "Bearer " + server.admin().tokenManager().getAccessTokenString()).GET().build());
        assertThat(info.status()).as(info.body()).isEqualTo(200);
        JsonNode sessions = info.json().path("providers").path("realm-restapi-extension").path("providers").path("sessions");
        return sessions.path("operationalInfo").path("simptel-version").asText();
    }
}
