package com.simptel.keycloak.it.standard;

import com.nimbusds.jwt.JWTClaimsSet;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.OidcClient.Auth;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization-code flow: the authorization endpoint, then the token endpoint
 * (authorization_code) with PKCE S256, state and scope, for the public SPA and the confidential web app, through the real login page.
 */
@SimptelIT
class AuthorizationCodeIT {

    private static final String SCOPE = "openid profile email";

    private final SimptelServer server;

    AuthorizationCodeIT(SimptelServer server) {
        this.server = server;
    }

    /** What a signed-in browser brings back to the app: the code, and what the app needs to redeem it. */
    private record Authorization(Map<String, String> redirect, Pkce pkce, String state, String nonce) {
        String code() {
            return redirect.get("code");
        }
    }

    @Test
    void spaSignsInWithPkceAndGetsTokensForTheRequestedScope() throws Exception {
        OidcClient spa = OidcClient.spa(server);
        Authorization authorization = signIn(spa, "alice", "alice-password");

        assertThat(authorization.redirect()).containsEntry("state", authorization.state())
                .containsEntry("iss", server.realmUrl());
        // A browser app redeems the code from its own origin: the token endpoint must allow it (CORS).
        Map<String, String> form = Map.of("grant_type", "authorization_code", "code", authorization.code(),
                "redirect_uri", spa.redirectUri(), "code_verifier", authorization.pkce().verifier());
        JsonResponse tokens = spa.postForm(spa.endpoint("token"), form, Auth.NONE,
                Map.of("Origin", "http://localhost:5173"));

        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
        assertTokensFor(tokens, authorization, "simptel-spa");
    }

    @ParameterizedTest
    @EnumSource(value = Auth.class, names = {"BASIC", "POST"})
    void webAppSignsInWithPkceAndItsSecret(Auth clientAuthentication) throws Exception {
        OidcClient web = OidcClient.web(server);
        Authorization authorization = signIn(web, "bob", "bob-password");

        JsonResponse tokens = web.exchangeCode(authorization.code(), authorization.pkce().verifier(), clientAuthentication);

        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertTokensFor(tokens, authorization, "simptel-web");
        assertThat(web.userinfo(tokens.text("access_token")).text("preferred_username")).isEqualTo("bob");
    }

    @Test
    void codeIsRedeemedOnlyWithItsVerifierAndIsBurntByAFailedAttempt() {
        OidcClient spa = OidcClient.spa(server);
        Authorization missing = signIn(spa, "alice", "alice-password");
        JsonResponse withoutVerifier = spa.exchangeCode(missing.code(), null, Auth.NONE);
        assertThat(withoutVerifier.status()).isEqualTo(400);
        assertThat(withoutVerifier.text("error")).isEqualTo("invalid_grant");

        Authorization wrong = signIn(spa, "alice", "alice-password");
        JsonResponse withWrongVerifier = spa.exchangeCode(wrong.code(), Pkce.s256().verifier(), Auth.NONE);
        assertThat(withWrongVerifier.status()).isEqualTo(400);
        assertThat(withWrongVerifier.text("error")).isEqualTo("invalid_grant");
        assertThat(withWrongVerifier.text("error_description")).contains("PKCE");

        JsonResponse rightVerifierAfterwards = spa.exchangeCode(wrong.code(), wrong.pkce().verifier(), Auth.NONE);
        assertThat(rightVerifierAfterwards.status()).isEqualTo(400);
        assertThat(rightVerifierAfterwards.text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void codeIsBoundToTheRedirectUriItWasIssuedFor() {
        OidcClient web = OidcClient.web(server);
        Authorization authorization = signIn(web, "alice", "alice-password");
        OidcClient sameClientOtherUri = new OidcClient(server, SimptelServer.REALM, web.clientId(),
                "simptel-web-secret", "http://localhost:3000/other");

        JsonResponse tokens = sameClientOtherUri.exchangeCode(authorization.code(), authorization.pkce().verifier(), Auth.BASIC);

        assertThat(tokens.status()).isEqualTo(400);
        assertThat(tokens.text("error")).isEqualTo("invalid_grant");
    }

    /**
     * RFC 6749 4.1.2: a code used twice must be refused, and the server SHOULD revoke the tokens
     * issued for it. Keycloak does: the second redemption ends the client's session, so the
     * first redemption's access token turns inactive and its refresh token is refused.
     */
    @Test
    void reusedCodeIsRefusedAndRevokesTheTokensOfItsFirstRedemption() {
        OidcClient web = OidcClient.web(server);
        OidcClient resourceServer = OidcClient.resourceServer(server);
        Authorization authorization = signIn(web, "alice", "alice-password");
        JsonResponse first = web.exchangeCode(authorization.code(), authorization.pkce().verifier(), Auth.BASIC);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(resourceServer.introspect(first.text("access_token")).json().path("active").asBoolean()).isTrue();

        JsonResponse second = web.exchangeCode(authorization.code(), authorization.pkce().verifier(), Auth.BASIC);

        assertThat(second.status()).isEqualTo(400);
        assertThat(second.text("error")).isEqualTo("invalid_grant");
        assertThat(second.json().has("access_token")).isFalse();
        assertThat(resourceServer.introspect(first.text("access_token")).json().path("active").asBoolean()).isFalse();
        JsonResponse refresh = web.refresh(first.text("refresh_token"));
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.text("error")).isEqualTo("invalid_grant");
    }

    private Authorization signIn(OidcClient client, String username, String password) {
        Pkce pkce = Pkce.s256();
        String state = UUID.randomUUID().toString();
        Map<String, String> params = client.authorizationParams(pkce, state, SCOPE);
        String nonce = params.get("nonce");
        HttpBrowser browser = new HttpBrowser(server.baseUrl());

        Page login = browser.open(client.authorizationUrl(params));
        Page back = LoginPage.signIn(login, username, password);

        Map<String, String> redirect = client.redirectParamsTo(back);
        assertThat(redirect.get("code")).isNotBlank();
        return new Authorization(redirect, pkce, state, nonce);
    }

    private void assertTokensFor(JsonResponse tokens, Authorization authorization, String clientId) throws Exception {
        assertThat(tokens.text("token_type")).isEqualTo("Bearer");
        assertThat(tokens.text("scope").split(" ")).contains("openid", "profile", "email");
        assertThat(tokens.text("refresh_token")).isNotBlank();

        JWTClaimsSet access = Jwt.claims(tokens.text("access_token"));
        assertThat(access.getIssuer()).isEqualTo(server.realmUrl());
        assertThat(access.getStringClaim("azp")).isEqualTo(clientId);
        assertThat(access.getAudience()).contains("simptel-resource-server");
        assertThat(access.getStringClaim("scope").split(" ")).contains("openid", "profile", "email");

        JWTClaimsSet id = Jwt.claims(tokens.text("id_token"));
        assertThat(id.getAudience()).containsExactly(clientId);
        assertThat(id.getStringClaim("nonce")).isEqualTo(authorization.nonce());
        assertThat(id.getSubject()).isEqualTo(access.getSubject());
    }
}
