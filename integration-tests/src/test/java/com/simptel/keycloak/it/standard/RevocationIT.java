package com.simptel.keycloak.it.standard;

import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The revocation endpoint (RFC 7009) for access and refresh tokens. */
@SimptelIT
class RevocationIT {

    private final SimptelServer server;
    private final OidcClient web;
    private final OidcClient resourceServer;

    RevocationIT(SimptelServer server) {
        this.server = server;
        this.web = OidcClient.web(server);
        this.resourceServer = OidcClient.resourceServer(server);
    }

    @Test
    void revokedAccessTokenIsDeadWhileTheSessionLivesOn() {
        JsonResponse tokens = web.login(new HttpBrowser(server.baseUrl()), "alice", "alice-password");
        String accessToken = tokens.text("access_token");
        assertThat(web.userinfo(accessToken).status()).isEqualTo(200);

        JsonResponse revoke = web.revoke(accessToken, "access_token");

        assertThat(revoke.status()).isEqualTo(200);
        assertThat(resourceServer.introspect(accessToken).json().path("active").asBoolean()).isFalse();
        JsonResponse userinfo = web.userinfo(accessToken);
        assertThat(userinfo.status()).isEqualTo(401);
        assertThat(userinfo.header("WWW-Authenticate")).contains("invalid_token");
        // Only that token is revoked: the app can still refresh and get a working one.
        JsonResponse refreshed = web.refresh(tokens.text("refresh_token"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(resourceServer.introspect(refreshed.text("access_token")).json().path("active").asBoolean()).isTrue();
    }

    @Test
    void revokedRefreshTokenIsRefusedAndEndsTheAppsSession() {
        JsonResponse tokens = web.login(new HttpBrowser(server.baseUrl()), "bob", "bob-password");
        String refreshToken = tokens.text("refresh_token");
        assertThat(introspectOwn(refreshToken).json().path("active").asBoolean()).isTrue();

        JsonResponse revoke = web.revoke(refreshToken, "refresh_token");

        assertThat(revoke.status()).isEqualTo(200);
        assertThat(introspectOwn(refreshToken).json().path("active").asBoolean()).isFalse();
        JsonResponse refresh = web.refresh(refreshToken);
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.text("error")).isEqualTo("invalid_grant");
        assertThat(resourceServer.introspect(tokens.text("access_token")).json().path("active").asBoolean()).isFalse();
    }

    @Test
    void publicClientRevokesItsOwnRefreshTokenWithItsClientId() {
        OidcClient spa = OidcClient.spa(server);
        JsonResponse tokens = spa.login(new HttpBrowser(server.baseUrl()), "alice", "alice-password");

        assertThat(spa.revoke(tokens.text("refresh_token"), "refresh_token").status()).isEqualTo(200);

        assertThat(spa.refresh(tokens.text("refresh_token")).status()).isEqualTo(400);
    }

    @Test
    void aClientCannotRevokeAnotherClientsToken() {
        JsonResponse tokens = web.login(new HttpBrowser(server.baseUrl()), "alice", "alice-password");

        JsonResponse revoke = OidcClient.service(server).revoke(tokens.text("access_token"), null);

        assertThat(revoke.status()).isEqualTo(400);
        assertThat(revoke.text("error")).isEqualTo("invalid_request");
        assertThat(resourceServer.introspect(tokens.text("access_token")).json().path("active").asBoolean()).isTrue();
    }

    @Test
    void unknownTokenIsAcceptedWithoutRevealingAnything() {
        // RFC 7009 2.2: an invalid token is no error for the caller (Keycloak still explains it in the body).
        JsonResponse revoke = web.revoke("not-a-token", null);

        assertThat(revoke.status()).isEqualTo(200);
    }

    @Test
    void callerMustAuthenticate() {
        JsonResponse tokens = web.login(new HttpBrowser(server.baseUrl()), "bob", "bob-password");
        OidcClient wrongSecret = new OidcClient(server, SimptelServer.REALM, "simptel-web", "nope",
                web.redirectUri());

        JsonResponse revoke = wrongSecret.revoke(tokens.text("access_token"), "access_token");

        assertThat(revoke.status()).isEqualTo(401);
        assertThat(resourceServer.introspect(tokens.text("access_token")).json().path("active").asBoolean()).isTrue();
    }

    /** A refresh token can only be introspected by the client it was issued to. */
    private JsonResponse introspectOwn(String refreshToken) {
        return web.postForm(web.endpoint("token/introspect"),
                Map.of("token", refreshToken, "token_type_hint", "refresh_token"), OidcClient.Auth.BASIC);
    }
}
