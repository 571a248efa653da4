package com.simptel.keycloak.it.firstparty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Both metadata documents name the challenge endpoint, and an app needs nothing else to sign in. */
@SimptelIT
class FirstPartyDiscoveryIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void bothMetadataDocumentsNameTheEndpointAndAreOtherwiseKeycloaksOwn(SimptelServer server) {
        JsonResponse oidc = get(server.realmUrl() + "/.well-known/openid-configuration");
        JsonResponse oauth = get(server.realmUrl() + "/.well-known/oauth-authorization-server");
        JsonResponse rfc8414 = get(server.baseUrl() + "/.well-known/oauth-authorization-server/realms/" + SimptelServer.REALM);

        for (JsonResponse document : List.of(oidc, oauth, rfc8414)) {
            assertThat(document.status()).as(document.body()).isEqualTo(200);
            assertThat(document.text("authorization_challenge_endpoint"))
                    .isEqualTo(server.realmUrl() + "/authorization-challenge");
            assertThat(document.text("issuer")).isEqualTo(server.realmUrl());
            assertThat(document.text("token_endpoint")).isEqualTo(server.oidcEndpoint("token"));
            assertThat(document.json().path("code_challenge_methods_supported").toString()).contains("S256");
        }
        // one stock provider behind all three, one member added
        assertThat(oauth.json()).isEqualTo(oidc.json());
        assertThat(rfc8414.json()).isEqualTo(oidc.json());
        ObjectNode stock = oidc.json().deepCopy();
        stock.remove("authorization_challenge_endpoint");
        assertThat(stock.has("authorization_endpoint")).isTrue();
        assertThat(stock.size()).isGreaterThan(40);
    }

    @Test
    void aPlainHttpClientSignsInWithNothingButTheDiscoveryDocument(SimptelServer server) {
        TestUser user = users.create("fp-discover");
        JsonResponse metadata = get(server.baseUrl() + "/.well-known/oauth-authorization-server/realms/" + SimptelServer.REALM);
        ChallengeApi api = ChallengeApi.app(server);
        String verifier = api.pkce().verifier();

        JsonResponse code = ChallengeApi.checked(api.oidc().postForm(metadata.text("authorization_challenge_endpoint"),
                Map.of("username", user.username(), "password", user.password(),
                        "code_challenge", api.pkce().challenge(), "code_challenge_method", "S256"),
                OidcClient.Auth.NONE));
        assertThat(code.status()).as(code.body()).isEqualTo(200);
        JsonResponse tokens = api.oidc().postForm(metadata.text("token_endpoint"), Map.of("grant_type",
                "authorization_code", "code", code.text("authorization_code"), "code_verifier", verifier),
                OidcClient.Auth.NONE);

        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.text("access_token")).isNotBlank();
    }

    private static JsonResponse get(String url) {
        return OidcClient.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }
}
