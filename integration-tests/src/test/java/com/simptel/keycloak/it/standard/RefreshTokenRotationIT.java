package com.simptel.keycloak.it.standard;

import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token endpoint with grant_type=refresh_token, rotated as OAuth 2.1 wants for public
 * clients: each refresh returns a new refresh token, and a used one is refused. Keycloak treats a
 * replayed refresh token as theft (OAuth 2.0 Security BCP 4.14.2): it also ends the client's
 * session, so the newest refresh token dies with it.
 */
@SimptelIT
class RefreshTokenRotationIT {

    private final SimptelServer server;

    RefreshTokenRotationIT(SimptelServer server) {
        this.server = server;
    }

    @Test
    void webAppRefreshReturnsANewRefreshTokenAndRefusesTheOldOne() throws Exception {
        OidcClient web = OidcClient.web(server);
        JsonResponse signIn = web.login(new HttpBrowser(server.baseUrl()), "alice", "alice-password");
        assertThat(signIn.status()).as(signIn.body()).isEqualTo(200);
        String original = signIn.text("refresh_token");
        waitForTheSecondAfterIssuing(original);

        JsonResponse rotated = web.refresh(original);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.text("refresh_token")).isNotBlank().isNotEqualTo(original);
        assertThat(rotated.text("access_token")).isNotEqualTo(signIn.text("access_token"));

        JsonResponse rotatedAgain = web.refresh(rotated.text("refresh_token"));
        assertThat(rotatedAgain.status()).as(rotatedAgain.body()).isEqualTo(200);

        JsonResponse replay = web.refresh(original);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.text("error")).isEqualTo("invalid_grant");
        assertThat(replay.json().has("access_token")).isFalse();

        JsonResponse newestAfterReplay = web.refresh(rotatedAgain.text("refresh_token"));
        assertThat(newestAfterReplay.status()).isEqualTo(400);
        assertThat(newestAfterReplay.text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void spaRefreshIsRotatedToo() throws Exception {
        OidcClient spa = OidcClient.spa(server);
        JsonResponse signIn = spa.login(new HttpBrowser(server.baseUrl()), "bob", "bob-password");
        assertThat(signIn.status()).as(signIn.body()).isEqualTo(200);
        waitForTheSecondAfterIssuing(signIn.text("refresh_token"));

        JsonResponse rotated = spa.refresh(signIn.text("refresh_token"));
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.text("refresh_token")).isNotEqualTo(signIn.text("refresh_token"));

        JsonResponse replay = spa.refresh(signIn.text("refresh_token"));
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.text("error")).isEqualTo("invalid_grant");
    }

    /**
     * Keycloak recognises a superseded refresh token by comparing its issue time with the last
     * refresh in whole seconds: one replayed within the same second it was rotated still passes.
     * Real refreshes come minutes apart; a test that signs in and refreshes at once must first
     * let the clock's second change.
     */
    private static void waitForTheSecondAfterIssuing(String refreshToken) throws Exception {
        long issuedAt = Jwt.claims(refreshToken).getIssueTime().toInstant().getEpochSecond();
        Await.clockPast(Instant.ofEpochSecond(issuedAt + 1).minusNanos(1));
    }
}
