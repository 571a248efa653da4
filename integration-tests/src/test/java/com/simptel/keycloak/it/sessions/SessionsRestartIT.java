package com.simptel.keycloak.it.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bucket lives on the Keycloak user session, which Keycloak 26 persists in its database: it
 * must survive a restart. Restarts the shared server (same database), so it is a class of its own.
 */
@SimptelIT
class SessionsRestartIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void theBucketAndTheSessionSurviveARestart(SimptelServer server) throws Exception {
        SessionLogin login = SessionLogin.web(server, users.create("restart"));
        SessionsApi api = login.api(server);
        JsonResponse written = api.put("{\"mfa\":{\"step\":2,\"inputs\":[\"email\",\"totp\"]},\"note\":\"überall\"}");
        assertThat(written.status()).isEqualTo(200);
        JsonNode before = written.json();

        server.restart();

        JsonResponse after = new SessionsApi(server, login.accessToken()).current();
        assertThat(after.status()).as(after.toString()).isEqualTo(200);
        assertThat(after.header("ETag")).isEqualTo(written.header("ETag"));
        assertThat(after.json().path("data").path("MFAInputsBucket"))
                .isEqualTo(before.path("data").path("MFAInputsBucket"));
        assertThat(after.json().path("data").path("useragent")).isEqualTo(before.path("data").path("useragent"));
        assertThat(after.json().path("_id").asText()).isEqualTo(login.sessionId());

        JsonResponse patched = new SessionsApi(server, login.accessToken())
                .patch("{\"note\":null}", "application/merge-patch+json", after.header("ETag"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("data").path("MFAInputsBucket").has("note")).isFalse();
    }
}
