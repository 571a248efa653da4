package com.simptel.keycloak.it.standard;

import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.OidcClient.Auth;
import com.simptel.keycloak.it.support.RealmFixtures;
import com.simptel.keycloak.it.support.RealmFixtures.TestClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The introspection endpoint (RFC 7662), called by the resource server, which is in the
 * audience of every token of the realm (Keycloak 26 answers active:false to anyone else).
 */
@SimptelIT
class IntrospectionIT {

    private final SimptelServer server;
    private final OidcClient resourceServer;

    IntrospectionIT(SimptelServer server) {
        this.server = server;
        this.resourceServer = OidcClient.resourceServer(server);
    }

    @Test
    void activeUserTokenIsDescribed() {
        JsonResponse tokens = OidcClient.spa(server).login(new HttpBrowser(server.baseUrl()), "alice", "alice-password");

        JsonResponse introspection = resourceServer.introspect(tokens.text("access_token"));

        assertThat(introspection.status()).isEqualTo(200);
        assertThat(introspection.json().path("active").asBoolean()).as(introspection.body()).isTrue();
        assertThat(introspection.text("client_id")).isEqualTo("simptel-spa");
        assertThat(introspection.text("username")).isEqualTo("alice");
        assertThat(introspection.text("token_type")).isEqualTo("Bearer");
        assertThat(introspection.text("scope").split(" ")).contains("openid", "profile", "email");
        assertThat(introspection.text("iss")).isEqualTo(server.realmUrl());
        long now = Instant.now().getEpochSecond();
        assertThat(introspection.json().path("exp").asLong()).isGreaterThan(now);
        assertThat(introspection.json().path("iat").asLong()).isBetween(now - 120, now + 5);
    }

    @Test
    void revokedTokenIsInactive() {
        OidcClient web = OidcClient.web(server);
        JsonResponse tokens = web.login(new HttpBrowser(server.baseUrl()), "bob", "bob-password");
        String accessToken = tokens.text("access_token");
        assertThat(resourceServer.introspect(accessToken).json().path("active").asBoolean()).isTrue();

        assertThat(web.revoke(accessToken, "access_token").status()).isEqualTo(200);

        JsonResponse introspection = resourceServer.introspect(accessToken);
        assertThat(introspection.status()).isEqualTo(200);
        assertThat(introspection.json().path("active").asBoolean()).isFalse();
        assertThat(introspection.json().has("username")).as("an inactive token reveals nothing").isFalse();
    }

    /** A dedicated client whose access tokens live 5 s, so the demo clients stay untouched. */
    @Test
    void expiredTokenIsInactive() throws Exception {
        try (TestClient shortLived = RealmFixtures.createServiceClient(server, "it-short-lived",
                Map.of("access.token.lifespan", "5"))) {
            JsonResponse tokens = RealmFixtures.oidc(server, shortLived).clientCredentials(Auth.BASIC);
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            // expires_in counts from the second the answer was made, so a second boundary may make it 4
            assertThat(tokens.json().path("expires_in").asInt()).isBetween(4, 5);
            String accessToken = tokens.text("access_token");
            JsonResponse fresh = resourceServer.introspect(accessToken);
            assertThat(fresh.json().path("active").asBoolean()).as(fresh.body()).isTrue();
            assertThat(fresh.json().path("exp").asLong() - fresh.json().path("iat").asLong())
                    .as("the client's 5 s token lifespan").isEqualTo(5);

            long exp = fresh.json().path("exp").asLong();
            Await.clockPast(Instant.ofEpochSecond(exp + 2)); // expiry is in whole seconds: only wall time passes it

            JsonResponse expired = resourceServer.introspect(accessToken);
            assertThat(expired.status()).isEqualTo(200);
            assertThat(expired.json().path("active").asBoolean()).isFalse();
        }
    }

    @Test
    void malformedTokenIsInactive() {
        JsonResponse introspection = resourceServer.introspect("not-a-token");

        assertThat(introspection.status()).isEqualTo(200);
        assertThat(introspection.json().path("active").asBoolean()).isFalse();
    }

    @Test
    void callerMustAuthenticate() {
        String accessToken = OidcClient.service(server).clientCredentials(Auth.BASIC).text("access_token");
        OidcClient anonymous = new OidcClient(server, SimptelServer.REALM, "simptel-resource-server", null, null);
        OidcClient wrongSecret = new OidcClient(server, SimptelServer.REALM, "simptel-resource-server", "nope", null);

        JsonResponse withoutCredentials = anonymous.postForm(anonymous.endpoint("token/introspect"),
                Map.of("token", accessToken), Auth.NONE);
        JsonResponse withWrongSecret = wrongSecret.introspect(accessToken);

        assertThat(withoutCredentials.status()).isEqualTo(401);
        assertThat(withoutCredentials.json().has("active")).isFalse();
        assertThat(withWrongSecret.status()).isEqualTo(401);
        assertThat(withWrongSecret.json().has("active")).isFalse();
    }
}
