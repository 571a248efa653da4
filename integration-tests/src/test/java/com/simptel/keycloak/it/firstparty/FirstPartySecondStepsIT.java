package com.simptel.keycloak.it.firstparty;

import com.nimbusds.jwt.SignedJWT;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in steps after the password: the authenticator-app code, and the emailed code for an unverified address. */
@SimptelIT
class FirstPartySecondStepsIT {

    @Test
    void aUserWithTotpIsAskedForTheCodeAndAWrongOneIsAskedAgain(SimptelServer server) {
        try (FirstPartyUser user = FirstPartyUser.create(server, "fp-totp", true, true)) {
            ChallengeApi api = ChallengeApi.app(server);

            JsonResponse ask = api.start(Map.of("username", user.username(), "password", user.password()));
            assertThat(ask.status()).as(ask.body()).isEqualTo(403);
            assertThat(ask.text("next")).isEqualTo("otp");
            assertThat(ask.text("error_description")).isEqualTo("Enter the code from your authenticator app.");

            JsonResponse wrong = api.next(ask.text("auth_session"), Map.of("otp", user.wrongTotp()));
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(wrong.text("next")).isEqualTo("otp");
            assertThat(wrong.text("auth_session")).isEqualTo(ask.text("auth_session"));
            assertThat(wrong.text("error_description")).isEqualTo("Invalid authenticator code.");

            JsonResponse done = api.next(ask.text("auth_session"), Map.of("otp", user.totp().now()));
            assertThat(done.status()).as(done.body()).isEqualTo(200);
            assertThat(api.redeem(done.text("authorization_code")).status()).isEqualTo(200);
        }
    }

    @Test
    void anUnverifiedAddressIsProvenWithTheEmailedCodeFirst(SimptelServer server) throws Exception {
        try (FirstPartyUser user = FirstPartyUser.create(server, "fp-unverified", false, false)) {
            ChallengeApi api = ChallengeApi.app(server);

            JsonResponse ask = api.start(Map.of("username", user.username(), "password", user.password()));
            assertThat(ask.status()).as(ask.body()).isEqualTo(403);
            assertThat(ask.text("next")).isEqualTo("email_code");
            assertThat(ask.text("error_description")).isEqualTo("Enter the 6-digit code we sent to your email address.");
            String code = api.mailedCode(user.email(), 1);

            JsonResponse wrong = api.next(ask.text("auth_session"), Map.of("email_code", code.equals("000000") ? "111111" : "000000"));
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(wrong.text("next")).isEqualTo("email_code");
            assertThat(wrong.json().path("tries_left").asInt()).isEqualTo(4);
            assertThat(wrong.text("error_description")).isEqualTo("That code is not correct. Tries left for this code: 4.");

            JsonResponse done = api.next(ask.text("auth_session"), Map.of("email_code", code));
            assertThat(done.status()).as(done.body()).isEqualTo(200);
            assertThat(user.representation().isEmailVerified()).isTrue();
            JsonResponse tokens = api.redeem(done.text("authorization_code"));
            assertThat(SignedJWT.parse(tokens.text("access_token")).getJWTClaimsSet().getStringClaim("auth_mode"))
                    .isEqualTo("authentication");
            FirstPartyUser.awaitEvents(server, "VERIFY_EMAIL", user.id(),
                    e -> "authorization-challenge".equals(e.getDetails().get("simptel_endpoint")));
        }
    }

    @Test
    void aNewEmailCodeHonoursTheCooldownOfThePagesButton(SimptelServer server) {
        try (FirstPartyUser user = FirstPartyUser.create(server, "fp-resend", false, false)) {
            ChallengeApi api = ChallengeApi.app(server);
            JsonResponse ask = api.start(Map.of("username", user.username(), "password", user.password()));
            assertThat(ask.text("next")).isEqualTo("email_code");

            JsonResponse tooSoon = api.next(ask.text("auth_session"), Map.of("resend_email_code", "true"));

            assertThat(tooSoon.status()).isEqualTo(403);
            assertThat(tooSoon.text("next")).isEqualTo("email_code");
            assertThat(tooSoon.text("error_description")).startsWith("Please wait ").endsWith(" seconds before requesting a new code.");
        }
    }

    @Test
    void aRequiredActionOnlyTheBrowserServesSendsTheUserToTheWeb(SimptelServer server) {
        try (FirstPartyUser user = FirstPartyUser.create(server, "fp-web", true, false)) {
            var rep = user.representation();
            rep.setRequiredActions(java.util.List.of("UPDATE_PASSWORD"));
            user.realm().users().get(user.id()).update(rep);

            JsonResponse answer = ChallengeApi.app(server).start(Map.of("username", user.username(), "password", user.password()));

            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.text("error")).isEqualTo("redirect_to_web");
            assertThat(answer.json().has("auth_session")).isFalse();
        }
    }
}
