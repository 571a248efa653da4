package com.simptel.keycloak.it.firstparty;

import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.ws.rs.core.Response;
import com.simptel.keycloak.it.support.Totp;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in steps after the password: the authenticator-app code, and the emailed code for an unverified address. */
@SimptelIT
class FirstPartySecondStepsIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void aUserWithTotpIsAskedForTheCodeAndAWrongOneIsAskedAgain(SimptelServer server) {
        TestUser user = users.user("fp-totp").withTotp().create();
        ChallengeApi api = ChallengeApi.app(server);

        JsonResponse ask = api.start(Map.of("username", user.username(), "password", user.password()));
        assertThat(ask.status()).as(ask.body()).isEqualTo(403);
        assertThat(ask.text("next")).isEqualTo("otp");
        assertThat(ask.text("error_description")).isEqualTo("Enter the code from your authenticator app.");

        JsonResponse wrong = api.next(ask.text("auth_session"), Map.of("otp", user.totp().wrongCode()));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.text("next")).isEqualTo("otp");
        assertThat(wrong.text("auth_session")).isEqualTo(ask.text("auth_session"));
        assertThat(wrong.text("error_description")).isEqualTo("Invalid authenticator code.");

        JsonResponse done = api.next(ask.text("auth_session"), Map.of("otp", user.totp().now()));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(api.redeem(done.text("authorization_code")).status()).isEqualTo(200);
    }

    @Test
    void anUnverifiedAddressIsProvenWithTheEmailedCodeFirst(SimptelServer server) throws Exception {
        TestUser user = users.user("fp-unverified").emailVerified(false).create();
        ChallengeApi api = ChallengeApi.app(server);

        JsonResponse ask = api.start(Map.of("username", user.username(), "password", user.password()));
        assertThat(ask.status()).as(ask.body()).isEqualTo(403);
        assertThat(ask.text("next")).isEqualTo("email_code");
        assertThat(ask.text("error_description")).isEqualTo("Enter the 8-digit code we sent to your email address.");
        String code = api.mailedCode(user.email(), 1);

        JsonResponse wrong = api.next(ask.text("auth_session"), Map.of("email_code", code.equals("000000") ? "111111" : "000000"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.text("next")).isEqualTo("email_code");
        assertThat(wrong.json().path("tries_left").asInt()).isEqualTo(4);
        assertThat(wrong.text("error_description")).isEqualTo("That code is not correct. Tries left for this code: 4.");

        JsonResponse done = api.next(ask.text("auth_session"), Map.of("email_code", code));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(server.realm().users().get(user.id()).toRepresentation().isEmailVerified()).isTrue();
        JsonResponse tokens = api.redeem(done.text("authorization_code"));
        assertThat(Jwt.claims(tokens.text("access_token")).getStringClaim("auth_mode"))
                .isEqualTo("authentication");
        RealmEvents.await(server, "VERIFY_EMAIL", user.id(), 1, "the address verified through the endpoint",
                ChallengeApi.FROM_ENDPOINT);
    }

    @Test
    void aNewEmailCodeHonoursTheCooldownOfThePagesButton(SimptelServer server) {
        TestUser user = users.user("fp-resend").emailVerified(false).create();
        ChallengeApi api = ChallengeApi.app(server);
        JsonResponse ask = api.start(Map.of("username", user.username(), "password", user.password()));
        assertThat(ask.text("next")).isEqualTo("email_code");

        JsonResponse tooSoon = api.next(ask.text("auth_session"), Map.of("resend_email_code", "true"));

        assertThat(tooSoon.status()).isEqualTo(403);
        assertThat(tooSoon.text("next")).isEqualTo("email_code");
        assertThat(tooSoon.text("error_description")).startsWith("Please wait ").endsWith(" seconds before requesting a new code.");
    }

    @Test
    void aUserWithTwoAuthenticatorAppsChoosesOneAsOnThePage(SimptelServer server) {
        String name = "fp-two-apps-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Totp phone = Totp.sha1Base32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        Totp tablet = Totp.sha1Base32("KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU");
        UserRepresentation rep = new UserRepresentation();
        rep.setUsername(name);
        rep.setEmail(name + "@first-party.test");
        rep.setEmailVerified(true);
        rep.setFirstName("Two");
        rep.setLastName("Apps");
        rep.setEnabled(true);
        rep.setCredentials(List.of(TestUsers.passwordCredential("Two-apps-password-1"),
                TestUsers.otpCredential("phone", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
                TestUsers.otpCredential("tablet", "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU")));
        String id;
        try (Response created = server.realm().users().create(rep)) {
            assertThat(created.getStatus()).isEqualTo(201);
            id = CreatedResponseUtil.getCreatedId(created);
        }
        try {
            ChallengeApi api = ChallengeApi.app(server);
            JsonResponse ask = api.start(Map.of("username", name, "password", "Two-apps-password-1"));
            assertThat(ask.text("next")).isEqualTo("otp");
            assertThat(ask.json().path("otp_credentials").findValuesAsText("label")).containsExactlyInAnyOrder("phone", "tablet");
            String tabletId = null;
            for (var device : ask.json().path("otp_credentials")) {
                if ("tablet".equals(device.path("label").asText())) {
                    tabletId = device.path("id").asText();
                }
            }

            JsonResponse otherApp = api.next(ask.text("auth_session"), Map.of("otp", phone.now(), "otp_credential", tabletId));
            assertThat(otherApp.text("next")).isEqualTo("otp");
            assertThat(otherApp.text("error_description")).isEqualTo("Invalid authenticator code.");

            JsonResponse code = api.next(ask.text("auth_session"), Map.of("otp", tablet.now(), "otp_credential", tabletId));
            assertThat(code.status()).as(code.body()).isEqualTo(200);
        } finally {
            server.realm().users().delete(id).close();
        }
    }

    @Test
    void aPasswordTheAdminMadeTheUserChangeIsChosenOverJson(SimptelServer server) {
        TestUser user = users.user("fp-update-pw").requiredActions("UPDATE_PASSWORD").create();
        ChallengeApi api = ChallengeApi.app(server);

        JsonResponse ask = api.start(Map.of("username", user.username(), "password", user.password()));
        assertThat(ask.status()).as(ask.body()).isEqualTo(403);
        assertThat(ask.text("next")).isEqualTo("new_password");

        JsonResponse weak = api.next(ask.text("auth_session"), Map.of("new_password", "short"));
        assertThat(weak.text("next")).isEqualTo("new_password");
        assertThat(weak.text("error_description")).isEqualTo("Invalid password: minimum length 8.");

        JsonResponse code = api.next(ask.text("auth_session"), Map.of("new_password", "Changed-" + user.password()));
        assertThat(code.status()).as(code.body()).isEqualTo(200);
        assertThat(server.realm().users().get(user.id()).toRepresentation().getRequiredActions()).isEmpty();
        assertThat(ChallengeApi.app(server).start(Map.of("username", user.username(), "password", "Changed-" + user.password()))
                .status()).isEqualTo(200);
    }

    @Test
    void aProfileTheAdminAsksToUpdateIsUpdatedOverJsonWithTheRealmsValidation(SimptelServer server) {
        TestUser user = users.user("fp-profile").requiredActions("UPDATE_PROFILE").create();
        ChallengeApi api = ChallengeApi.app(server);

        JsonResponse ask = api.start(Map.of("username", user.username(), "password", user.password()));
        assertThat(ask.status()).as(ask.body()).isEqualTo(403);
        assertThat(ask.text("next")).isEqualTo("profile");
        assertThat(ask.json().path("fields").findValuesAsText("name")).contains("email", "firstName", "lastName");

        JsonResponse invalid = api.next(ask.text("auth_session"), Map.of("email", "not-an-address",
                "given_name", "Pro", "family_name", "File"));
        assertThat(invalid.status()).isEqualTo(403);
        assertThat(invalid.text("next")).isEqualTo("profile");
        assertThat(invalid.text("error_description")).startsWith("Email: ");

        JsonResponse code = api.next(ask.text("auth_session"), Map.of("email", user.email(),
                "given_name", "Pro", "family_name", "File"));
        assertThat(code.status()).as(code.body()).isEqualTo(200);
        assertThat(server.realm().users().get(user.id()).toRepresentation().getFirstName()).isEqualTo("Pro");
    }

    @Test
    void aRequiredActionOnlyTheBrowserServesSendsTheUserToTheWeb(SimptelServer server) {
        TestUser user = users.user("fp-web").requiredActions("CONFIGURE_TOTP").create();

        JsonResponse answer = ChallengeApi.app(server).start(Map.of("username", user.username(), "password", user.password()));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.text("error")).isEqualTo("redirect_to_web");
        assertThat(answer.json().has("auth_session")).isFalse();
        assertThat(answer.text("request_uri")).startsWith("urn:ietf:params:oauth:request_uri:");
        assertThat(answer.json().path("expires_in").asInt()).isPositive();
    }
}
