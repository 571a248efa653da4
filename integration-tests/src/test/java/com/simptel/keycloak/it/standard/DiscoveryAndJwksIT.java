package com.simptel.keycloak.it.standard;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The realm's discovery document ({@code .well-known/openid-configuration}) and its JWKS. */
@SimptelIT
class DiscoveryAndJwksIT {

    @Test
    void discoveryDocumentDescribesTheOAuth21Server(SimptelServer server) {
        JsonResponse discovery = OidcClient.send(HttpRequest.newBuilder(
                URI.create(server.realmUrl() + "/.well-known/openid-configuration")).GET().build());

        assertThat(discovery.status()).isEqualTo(200);
        assertThat(discovery.text("issuer")).isEqualTo(server.realmUrl());
        assertThat(discovery.text("authorization_endpoint")).isEqualTo(server.oidcEndpoint("auth"));
        assertThat(discovery.text("token_endpoint")).isEqualTo(server.oidcEndpoint("token"));
        assertThat(discovery.text("jwks_uri")).isEqualTo(server.oidcEndpoint("certs"));
        assertThat(discovery.text("introspection_endpoint")).isEqualTo(server.oidcEndpoint("token/introspect"));
        assertThat(discovery.text("revocation_endpoint")).isEqualTo(server.oidcEndpoint("revoke"));
        assertThat(discovery.text("end_session_endpoint")).isEqualTo(server.oidcEndpoint("logout"));
        assertThat(discovery.json().path("code_challenge_methods_supported").toString()).contains("S256");
        assertThat(discovery.json().path("token_endpoint_auth_methods_supported").toString())
                .contains("client_secret_basic", "client_secret_post");
    }

    @Test
    void accessTokenSignatureVerifiesAgainstThePublishedKey(SimptelServer server) throws Exception {
        JsonResponse tokens = OidcClient.web(server).login(new HttpBrowser(server.baseUrl()), "alice", "alice-password");
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        SignedJWT accessToken = SignedJWT.parse(tokens.text("access_token"));

        JsonResponse jwks = OidcClient.send(HttpRequest.newBuilder(URI.create(server.oidcEndpoint("certs"))).GET().build());
        assertThat(jwks.status()).isEqualTo(200);
        RSAKey key = JWKSet.parse(jwks.body()).getKeyByKeyId(accessToken.getHeader().getKeyID()).toRSAKey();
        JWSVerifier verifier = new RSASSAVerifier(key);

        assertThat(accessToken.verify(verifier)).isTrue();
        assertThat(accessToken.getJWTClaimsSet().getIssuer()).isEqualTo(server.realmUrl());
        assertThat(accessToken.getJWTClaimsSet().getStringClaim("preferred_username")).isEqualTo("alice");
    }
}
