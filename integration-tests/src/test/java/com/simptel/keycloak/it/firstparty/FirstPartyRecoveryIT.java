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

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Account recovery over JSON: emailed code, authenticator-app code, new password, and no tell for unknown accounts. */
@SimptelIT
class FirstPartyRecoveryIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final String NEW_PASSWORD = "Fp-recovered-2";

    @Test
    void mailboxThenTotpThenANewPasswordRecoverTheAccount(SimptelServer server) throws Exception {
        TestUser user = users.user("fp-recover").withTotp().create();
        ChallengeApi api = ChallengeApi.app(server);

        JsonResponse mailbox = api.start(Map.of("flow", "account_recovery", "username", user.email()));
        assertThat(mailbox.status()).as(mailbox.body()).isEqualTo(403);
        assertThat(mailbox.text("next")).isEqualTo("email_code");
        String handle = mailbox.text("auth_session");

        JsonResponse totp = api.next(handle, Map.of("email_code", api.mailedCode(user.email(), 1)));
        assertThat(totp.status()).as(totp.body()).isEqualTo(403);
        assertThat(totp.text("next")).isEqualTo("otp");

        JsonResponse wrong = api.next(handle, Map.of("otp", user.totp().wrongCode()));
        assertThat(wrong.text("next")).isEqualTo("otp");
        assertThat(wrong.text("error_description")).isEqualTo("This code was not accepted. Enter the current code from your authenticator app.");

        JsonResponse password = api.next(handle, Map.of("otp", user.totp().now()));
        assertThat(password.status()).as(password.body()).isEqualTo(403);
        assertThat(password.text("next")).isEqualTo("new_password");

        JsonResponse weak = api.next(handle, Map.of("new_password", "short"));
        assertThat(weak.text("next")).isEqualTo("new_password");
        assertThat(weak.text("error_description")).isEqualTo("Invalid password: minimum length 8.");

        JsonResponse done = api.next(handle, Map.of("new_password", NEW_PASSWORD));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().path("data").path("mode").asText()).isEqualTo("accountRecovery");
        JsonResponse tokens = api.redeem(done.text("authorization_code"));
        assertThat(Jwt.claims(tokens.text("access_token")).getStringClaim("auth_mode"))
                .isEqualTo("accountRecovery");
        // the recovery notice is the second mail, after the code
        server.mail().awaitMessagesTo(user.email(), 2, Duration.ofSeconds(30));

        // the new password signs in (the TOTP is kept, so it is asked next)
        JsonResponse login = ChallengeApi.app(server).start(Map.of("username", user.username(), "password", NEW_PASSWORD));
        assertThat(login.text("next")).as(login.body()).isEqualTo("otp");
        RealmEvents.await(server, "RESET_PASSWORD", user.id(), 1, "the recovery completed through the endpoint",
                RealmEvents.detail("recovery_step", "completed").and(ChallengeApi.FROM_ENDPOINT));
    }

    @Test
    void withoutAnAuthenticatorAppTheRealmRefusesOnceTheMailboxIsProven(SimptelServer server) {
        TestUser user = users.create("fp-no-totp");
        ChallengeApi api = ChallengeApi.app(server);
        JsonResponse mailbox = api.start(Map.of("flow", "account_recovery", "username", user.username()));
        assertThat(mailbox.text("next")).isEqualTo("email_code");

        JsonResponse refused = api.next(mailbox.text("auth_session"), Map.of("email_code", api.mailedCode(user.email(), 1)));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("error")).isEqualTo("access_denied");
        assertThat(refused.text("error_description")).isEqualTo("Your account has no authenticator app set up,"
                + " so it cannot be recovered here. Please contact support.");
        assertThat(refused.json().has("auth_session")).isFalse();
        JsonResponse after = api.next(mailbox.text("auth_session"), Map.of("otp", "123456"));
        assertThat(after.text("error")).isEqualTo("invalid_session");
    }

    @Test
    void anUnknownAccountGetsTheSameAnswersAsARealOne(SimptelServer server) {
        TestUser user = users.user("fp-real").withTotp().create();
        ChallengeApi api = ChallengeApi.app(server);
        String unknown = "fp-nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@first-party.test";

        JsonResponse real = api.start(Map.of("flow", "account_recovery", "username", user.email()));
        JsonResponse nobody = ChallengeApi.app(server).start(Map.of("flow", "account_recovery", "username", unknown));
        assertThat(FirstPartyRegistrationIT.withoutHandle(nobody)).isEqualTo(FirstPartyRegistrationIT.withoutHandle(real));

        JsonResponse realWrong = api.next(real.text("auth_session"), Map.of("email_code", "000000"));
        JsonResponse nobodyWrong = api.next(nobody.text("auth_session"), Map.of("email_code", "000000"));
        assertThat(FirstPartyRegistrationIT.withoutHandle(nobodyWrong))
                .isEqualTo(FirstPartyRegistrationIT.withoutHandle(realWrong));
    }
}
