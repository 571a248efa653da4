package com.simptel.keycloak.it.firstparty;

import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.RealmFixtures;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may call the endpoint: first-party clients only, confidential ones authenticated as at the token endpoint. */
@SimptelIT
class FirstPartyClientsIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void aConfidentialFirstPartyClientAuthenticatesWithClientSecretBasic(SimptelServer server) {
        TestUser user = users.create("fp-confidential");
        try (RealmFixtures.TestClient client = confidentialClient(server, true)) {
            ChallengeApi api = ChallengeApi.confidential(server, client.clientId(), client.secret());

            JsonResponse code = api.start(Map.of("username", user.username(), "password", user.password()));

            assertThat(code.status()).as(code.body()).isEqualTo(200);
            assertThat(code.json().path("data").path("applicationId").asText()).isEqualTo(client.clientId());
            JsonResponse tokens = api.redeem(code.text("authorization_code"));
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);

            JsonResponse asJson = api.asJson().start(Map.of("username", user.username(), "password", user.password()));
            assertThat(asJson.status()).as(asJson.body()).isEqualTo(200);

            JsonResponse wrongSecret = ChallengeApi.confidential(server, client.clientId(), "not-the-secret")
                    .start(Map.of("username", user.username(), "password", user.password()));
            assertThat(wrongSecret.status()).isEqualTo(401);
            assertThat(wrongSecret.text("error")).isEqualTo("invalid_client");

            // a confidential client that names itself but does not authenticate
            JsonResponse unauthenticated = ChallengeApi.app(server).raw("application/json",
                    "{\"client_id\":\"" + client.clientId() + "\",\"username\":\"x\",\"password\":\"y\"}");
            assertThat(unauthenticated.status()).isEqualTo(401);
            assertThat(unauthenticated.text("error")).isEqualTo("invalid_client");
        }
    }

    @Test
    void clientsWithoutTheFirstPartyScopeAndUnknownClientsAreRefused(SimptelServer server) {
        try (RealmFixtures.TestClient thirdParty = confidentialClient(server, false)) {
            JsonResponse spa = ChallengeApi.app(server).raw("application/x-www-form-urlencoded",
                    "client_id=simptel-spa&username=x&password=y&code_challenge=" + "a".repeat(43) + "&code_challenge_method=S256");
            assertThat(spa.status()).isEqualTo(400);
            assertThat(spa.text("error")).isEqualTo("unauthorized_client");

            JsonResponse confidential = ChallengeApi.confidential(server, thirdParty.clientId(), thirdParty.secret())
                    .start(Map.of("username", "x", "password", "y"));
            assertThat(confidential.status()).isEqualTo(400);
            assertThat(confidential.text("error")).isEqualTo("unauthorized_client");

            JsonResponse unknown = ChallengeApi.app(server).raw("application/x-www-form-urlencoded",
                    "client_id=no-such-client&username=x&password=y");
            assertThat(unknown.status()).isEqualTo(401);
            assertThat(unknown.text("error")).isEqualTo("invalid_client");
        }
    }

    /** A confidential client made as an admin would, with or without the default client scope simptel-first-party. */
    static RealmFixtures.TestClient confidentialClient(SimptelServer server, boolean firstParty) {
        String scopes = "\"web-origins\",\"acr\",\"profile\",\"roles\",\"basic\",\"email\",\"simptel-claims\",\"simptel-sessions\""
                + (firstParty ? ",\"simptel-first-party\"" : "");
        return RealmFixtures.createClientFromJson(server, "{\"clientId\":\"fp-conf-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"publicClient\":false,\"standardFlowEnabled\":true,\"redirectUris\":[\"https://app.example/cb\"],"
                + "\"defaultClientScopes\":[" + scopes + "]}");
    }
}
