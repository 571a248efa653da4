package com.simptel.keycloak.it.standard;

import com.nimbusds.jwt.JWTClaimsSet;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.OidcClient.Auth;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The token endpoint with grant_type=client_credentials, client_secret_basic and client_secret_post. */
@SimptelIT
class ClientCredentialsIT {

    private final SimptelServer server;

    ClientCredentialsIT(SimptelServer server) {
        this.server = server;
    }

    @ParameterizedTest
    @EnumSource(value = Auth.class, names = {"BASIC", "POST"})
    void serviceGetsAnAccessTokenForItself(Auth clientAuthentication) throws Exception {
        JsonResponse tokens = OidcClient.service(server).clientCredentials(clientAuthentication);

        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.text("token_type")).isEqualTo("Bearer");
        assertThat(tokens.json().path("expires_in").asInt()).isPositive();
        // RFC 6749 4.4.3: no refresh token for client credentials; the service simply asks again.
        assertThat(tokens.json().has("refresh_token")).isFalse();
        JWTClaimsSet access = Jwt.claims(tokens.text("access_token"));
        assertThat(access.getIssuer()).isEqualTo(server.realmUrl());
        assertThat(access.getStringClaim("azp")).isEqualTo("simptel-service");
        assertThat(access.getStringClaim("preferred_username")).isEqualTo("service-account-simptel-service");
        assertThat(access.getAudience()).contains("simptel-resource-server");
    }

    @ParameterizedTest
    @EnumSource(value = Auth.class, names = {"BASIC", "POST"})
    void wrongSecretIsUnauthorized(Auth clientAuthentication) {
        OidcClient impostor = new OidcClient(server, SimptelServer.REALM, "simptel-service", "not-the-secret", null);

        JsonResponse response = impostor.clientCredentials(clientAuthentication);

        assertThat(response.status()).as(response.body()).isEqualTo(401);
        // RFC 6749 5.2 names this invalid_client; Keycloak 26 answers unauthorized_client.
        assertThat(response.text("error")).isIn("invalid_client", "unauthorized_client");
        assertThat(response.json().has("access_token")).isFalse();
    }

    @Test
    void unknownClientIsUnauthorized() {
        OidcClient unknown = new OidcClient(server, SimptelServer.REALM, "no-such-client", "whatever", null);

        JsonResponse response = unknown.clientCredentials(Auth.BASIC);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().has("access_token")).isFalse();
    }

    @Test
    void clientsWithoutAServiceAccountCannotUseTheGrant() {
        JsonResponse web = OidcClient.web(server).clientCredentials(Auth.BASIC);
        assertThat(web.status()).isEqualTo(401);
        assertThat(web.text("error")).isEqualTo("unauthorized_client");

        JsonResponse spa = OidcClient.spa(server).clientCredentials(Auth.NONE);
        assertThat(spa.status()).isEqualTo(401);
        assertThat(spa.json().has("access_token")).isFalse();
    }
}
