package com.simptel.keycloak.it.firstparty;

import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static com.simptel.keycloak.it.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Malformed requests and bad auth_session values: JSON errors, never a server error. */
@SimptelIT
class FirstPartyErrorsIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final String CHALLENGE = "code_challenge=" + "a".repeat(43) + "&code_challenge_method=S256";

    @Test
    void malformedRequestsAreInvalidRequest(SimptelServer server) {
        ChallengeApi api = ChallengeApi.app(server);
        String form = "application/x-www-form-urlencoded";

        assertError(api.raw(form, "client_id=simptel-app&username=a&password=b"), 400, "invalid_request"); // no PKCE
        assertError(api.raw(form, "client_id=simptel-app&code_challenge=" + "a".repeat(43) + "&code_challenge_method=plain"),
                400, "invalid_request");
        assertError(api.raw(form, "client_id=simptel-app&" + CHALLENGE + "&username=a&username=b"), 400, "invalid_request");
        assertError(api.raw(form, "client_id=simptel-app&" + CHALLENGE + "&flow=signup"), 400, "invalid_request");
        assertError(api.raw("application/json", "{\"client_id\":\"simptel-app\","), 400, "invalid_request");
        assertError(api.raw("application/json", "[\"client_id\"]"), 400, "invalid_request");
        assertError(api.raw("application/json", "{\"client_id\":\"simptel-app\",\"username\":{\"a\":1}}"), 400, "invalid_request");
        assertError(api.raw("application/json", "{\"client_id\":\"simptel-app\",\"client_id\":\"simptel-app\"}"), 400, "invalid_request");
        assertError(api.raw("text/plain", "client_id=simptel-app"), 400, "invalid_request");
        assertError(api.raw(form, "client_id=simptel-app&" + CHALLENGE + "&password=" + "x".repeat(5000)), 400, "invalid_request");
        assertError(api.raw(form, "client_id=simptel-app&" + CHALLENGE + "&response_type=token"), 400, "unsupported_response_type");
        assertError(api.raw(form, "client_id=simptel-app&" + CHALLENGE + "&scope=no-such-scope"), 400, "invalid_scope");
        assertError(api.raw(form, "client_id=simptel-app&" + CHALLENGE + "&flow=registration&username=u&email=not-an-address&password=Fp-password-1&given_name=a&family_name=b"),
                400, "invalid_request");
    }

    @Test
    void unknownForgedForeignAndFinishedSessionsAreInvalidSession(SimptelServer server) throws Exception {
        TestUser user = users.create("fp-sessions");
        try (var other = FirstPartyClientsIT.confidentialClient(server, true)) {
            ChallengeApi api = ChallengeApi.app(server);
            JsonResponse ask = api.start(Map.of());
            String handle = ask.text("auth_session");
            String[] parts = handle.split("\\.");

            assertError(api.next("garbage", Map.of()), 400, "invalid_session");
            assertError(api.next(parts[0] + "." + parts[1] + "." + "A".repeat(43), Map.of()), 400, "invalid_session");
            assertError(ChallengeApi.confidential(server, other.clientId(), other.secret()).next(handle, Map.of()),
                    400, "invalid_session");
            Map<String, String> otherFlow = new HashMap<>(Map.of("flow", "registration"));
            assertError(api.next(handle, otherFlow), 400, "invalid_session");

            JsonResponse done = api.next(handle, Map.of("username", user.username(), "password", user.password()));
            assertThat(done.status()).isEqualTo(200);
            assertError(api.next(handle, Map.of("username", user.username(), "password", user.password())), 400, "invalid_session");
        }
    }

    @Test
    void aSessionDiesWithTheRealmsLoginTimeout(SimptelServer server) throws Exception {
        var realm = server.realm();
        var representation = realm.toRepresentation();
        Integer before = representation.getAccessCodeLifespanLogin();
        ChallengeApi api = ChallengeApi.app(server);
        try {
            representation.setAccessCodeLifespanLogin(2);
            realm.update(representation);
            JsonResponse ask = api.start(Map.of());
            Instant asked = Instant.now();
            assertThat(ask.status()).isEqualTo(403);
            Await.clockPast(asked.plusSeconds(4)); // a 2 s login timeout: only wall time makes the session expire
            assertError(api.next(ask.text("auth_session"), Map.of("username", "x", "password", "y")), 400, "invalid_session");
        } finally {
            representation.setAccessCodeLifespanLogin(before);
            realm.update(representation);
        }
    }
}
