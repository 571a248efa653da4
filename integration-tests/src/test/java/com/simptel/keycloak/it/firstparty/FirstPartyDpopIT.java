package com.simptel.keycloak.it.firstparty;

import com.simptel.keycloak.it.support.DpopKey;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.OpenApiValidator;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import static com.simptel.keycloak.it.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP on a journey (draft §9.5.1): a proof on the first request binds the auth_session to its key;
 * a later proof of another key is refused; the code is bound to the key at Keycloak's token
 * endpoint, and the DPoP-bound tokens work on the sessions API.
 */
@SimptelIT
class FirstPartyDpopIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void aBoundJourneyRefusesAnotherKeyAndItsCodeNeedsTheKey(SimptelServer server) throws Exception {
        TestUser user = users.create("fp-dpop");
        DpopKey key = DpopKey.generate();
        DpopKey other = DpopKey.generate();
        ChallengeApi api = ChallengeApi.app(server);

        JsonResponse first = api.start(Map.of(), proof(key, api.url()));
        assertThat(first.status()).as(first.body()).isEqualTo(403);
        String handle = first.text("auth_session");

        JsonResponse foreign = api.next(handle, Map.of("username", user.username(), "password", user.password()),
                proof(other, api.url()));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.text("error")).isEqualTo("invalid_dpop_proof");
        JsonResponse missing = api.next(handle, Map.of("username", user.username(), "password", user.password()));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("error")).isEqualTo("invalid_dpop_proof");

        JsonResponse code = api.next(handle, Map.of("username", user.username(), "password", user.password()),
                proof(key, api.url()));
        assertThat(code.status()).as(code.body()).isEqualTo(200);
        JsonResponse withoutKey = api.redeem(code.text("authorization_code"));
        assertThat(withoutKey.status()).isEqualTo(400);
        assertThat(withoutKey.json().has("access_token")).isFalse();

        ChallengeApi second = ChallengeApi.app(server);
        JsonResponse again = second.start(Map.of("username", user.username(), "password", user.password()),
                proof(key, second.url()));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        String tokenUrl = server.oidcEndpoint("token");
        JsonResponse otherKey = second.redeem(again.text("authorization_code"), proof(other, tokenUrl));
        assertThat(otherKey.status()).isEqualTo(400);

        ChallengeApi third = ChallengeApi.app(server);
        JsonResponse bound = third.start(Map.of("username", user.username(), "password", user.password()),
                proof(key, third.url()));
        JsonResponse tokens = third.redeem(bound.text("authorization_code"), proof(key, tokenUrl));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.text("token_type")).isEqualTo("DPoP");
        String accessToken = tokens.text("access_token");
        Object cnf = Jwt.claims(accessToken).getClaim("cnf");
        assertThat(cnf.toString()).contains(key.thumbprint());

        String sessionUrl = server.realmUrl() + "/sessions/session";
        JsonResponse session = OidcClient.send(HttpRequest.newBuilder(URI.create(sessionUrl))
                .header("Authorization", "DPoP " + accessToken)
                .header("DPoP", key.proof("GET", sessionUrl, accessToken)).GET().build());
        OpenApiValidator.get().validate("getCurrentSession", session);
        assertThat(session.status()).as(session.body()).isEqualTo(200);
        assertThat(session.json().path("data").path("user").path("username").asText()).isEqualTo(user.username());

        JsonResponse stolen = OidcClient.send(HttpRequest.newBuilder(URI.create(sessionUrl))
                .header("Authorization", "DPoP " + accessToken)
                .header("DPoP", other.proof("GET", sessionUrl, accessToken)).GET().build());
        OpenApiValidator.get().validate("getCurrentSession", stolen);
        assertError(stolen, 401, "invalid_token");
    }

    private static Map<String, String> proof(DpopKey key, String url) {
        return Map.of("DPoP", key.proof("POST", url));
    }
}
