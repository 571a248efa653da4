package com.simptel.keycloak.it.firstparty;

import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.BruteForceStatus;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.it.support.Timings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTML flows' protections on the JSON endpoint: brute-force detection, code limits, no enumeration, languages. */
@SimptelIT
class FirstPartyProtectionsIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void wrongPasswordsLockTheAccountAndALockedAccountLooksLikeAWrongPassword(SimptelServer server) {
        TestUser user = users.create("fp-brute");
        ChallengeApi api = ChallengeApi.app(server);
        JsonResponse wrong = null;
        for (int attempt = 1; !BruteForceStatus.disabled(server, user.id()); attempt++) {
            assertThat(attempt).as("locked after the realm's failure factor").isLessThanOrEqualTo(5);
            wrong = api.start(Map.of("username", user.username(), "password", "wrong-" + attempt));
            assertThat(wrong.text("next")).isEqualTo("password");
            int expected = attempt;
            Await.until("Keycloak's failure record " + expected, Await.SHORT,
                    () -> BruteForceStatus.failures(server, user.id()) >= expected
                            || BruteForceStatus.disabled(server, user.id()));
        }

        JsonResponse locked = api.start(Map.of("username", user.username(), "password", user.password()));

        assertThat(FirstPartyRegistrationIT.withoutHandle(locked)).isEqualTo(FirstPartyRegistrationIT.withoutHandle(wrong));
        RealmEvents.await(server, "LOGIN_ERROR", user.id(), 1, "the locked account refused at the endpoint",
                ChallengeApi.FROM_ENDPOINT.and(e -> "user_temporarily_disabled".equals(e.getError())));
    }

    @Test
    void wrongAuthenticatorCodesCountForBruteForceDetection(SimptelServer server) {
        TestUser user = users.user("fp-brute-otp").withTotp().create();
        ChallengeApi api = ChallengeApi.app(server);
        JsonResponse ask = api.start(Map.of("username", user.username(), "password", user.password()));
        assertThat(ask.text("next")).isEqualTo("otp");

        api.next(ask.text("auth_session"), Map.of("otp", user.totp().wrongCode()));

        Await.until("one failure recorded for the wrong code", Await.SHORT,
                () -> BruteForceStatus.failures(server, user.id()) == 1);
    }

    @Test
    void anEmailCodeDiesAfterItsWrongTriesLikeOnThePage(SimptelServer server) {
        TestUser user = users.user("fp-code-limit").emailVerified(false).create();
        ChallengeApi api = ChallengeApi.app(server);
        JsonResponse ask = api.start(Map.of("username", user.username(), "password", user.password()));
        String code = api.mailedCode(user.email(), 1);
        String wrong = code.equals("000000") ? "111111" : "000000";
        JsonResponse last = null;
        for (int i = 1; i <= 5; i++) {
            last = api.next(ask.text("auth_session"), Map.of("email_code", wrong));
        }
        assertThat(last.text("error_description"))
                .isEqualTo("This code can no longer be used after too many wrong tries. Please request a new one.");
        assertThat(last.json().has("tries_left")).isFalse();

        JsonResponse right = api.next(ask.text("auth_session"), Map.of("email_code", code));

        assertThat(right.status()).isEqualTo(403);
        assertThat(right.text("next")).isEqualTo("email_code");
    }

    /**
     * The flow's cap on wrong codes across resends (10 in realm-config): the answer that ends the
     * flow looks like a wrong code with {@code tries_left: 0}, and the handle is dead afterwards.
     * Runs on a copy of realm-config's browser flow whose only change is a 1 s resend cooldown
     * (realm-config's 30 s would only be waited for), bound to a first-party client of its own.
     */
    @Test
    void tooManyWrongEmailCodesInOneFlowEndTheJourney(SimptelServer server) {
        try (RealmFlows.FlowClient flow = RealmFlows.clientWithBrowserFlowCopy(server, Map.of("resendCooldownSeconds", "1"))) {
            TestUser user = users.user("fp-flow-limit").emailVerified(false).create();
            ChallengeApi api = ChallengeApi.publicClient(server, flow.client().clientId());
            String handle = api.start(Map.of("username", user.username(), "password", user.password())).text("auth_session");
            Instant sent = Instant.now(); // the code was issued before the answer came back
            String first = api.mailedCode(user.email(), 1);
            for (int i = 1; i <= 5; i++) {
                api.next(handle, Map.of("email_code", first.equals("000000") ? "111111" : "000000"));
            }
            Await.clockPast(sent.plusMillis(1200)); // past the 1 s resend cooldown
            JsonResponse resent = api.next(handle, Map.of("resend_email_code", "true"));
            assertThat(resent.text("error_description")).startsWith("We sent you a new code");
            String second = api.mailedCode(user.email(), 2);
            JsonResponse last = null;
            for (int i = 1; i <= 5; i++) {
                last = api.next(handle, Map.of("email_code", second.equals("000000") ? "111111" : "000000"));
            }

            assertThat(last.status()).isEqualTo(403);
            assertThat(last.text("next")).isEqualTo("email_code");
            assertThat(last.text("error_description")).isEqualTo("Too many wrong codes. Please start again.");
            assertThat(last.json().path("tries_left").asInt(-1)).isZero();
            JsonResponse after = api.next(handle, Map.of("email_code", second));
            assertThat(after.status()).isEqualTo(400);
            assertThat(after.text("error")).isEqualTo("invalid_session");
        }
    }

    @Test
    void answersSpeakTheLanguageOfUiLocales(SimptelServer server) {
        JsonResponse german = ChallengeApi.app(server).start(Map.of("ui_locales", "de"));
        JsonResponse french = ChallengeApi.app(server).start(Map.of("ui_locales", "fr-CA fr"));

        assertThat(german.text("error_description"))
                .isEqualTo("Geben Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse und Ihr Passwort ein.");
        assertThat(french.text("error_description"))
                .isEqualTo("Saisissez votre nom d’utilisateur ou votre adresse e-mail et votre mot de passe.");
    }

    /**
     * An unknown name and a wrong password: the same body but for auth_session, and the same time.
     * Paired medians as in RecoveryEnumerationIT: each round sends both, ten users take turns so no
     * account reaches the realm's lockout or its quick-login check.
     */
    @Test
    void anUnknownNameAndAWrongPasswordCannotBeToldApart(SimptelServer server) {
        List<TestUser> accounts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            accounts.add(users.create("fp-enum"));
        }
        ChallengeApi api = ChallengeApi.app(server);
        List<Long> wrongTimes = new ArrayList<>();
        List<Long> diffs = new ArrayList<>();
        int warmUp = 4;
        int rounds = 24;
        for (int round = 0; round < warmUp + rounds; round++) {
            TestUser user = accounts.get(round % accounts.size());
            String unknown = "fp-nobody-" + UUID.randomUUID().toString().substring(0, 8);
            long t0 = System.nanoTime();
            JsonResponse wrong = api.start(Map.of("username", user.username(), "password", "wrong-password"));
            long t1 = System.nanoTime();
            JsonResponse nobody = api.start(Map.of("username", unknown, "password", "wrong-password"));
            long t2 = System.nanoTime();
            assertThat(FirstPartyRegistrationIT.withoutHandle(nobody)).isEqualTo(FirstPartyRegistrationIT.withoutHandle(wrong));
            if (round >= warmUp) {
                wrongTimes.add(t1 - t0);
                diffs.add((t2 - t1) - (t1 - t0));
            }
        }
        double reference = Timings.median(wrongTimes) / 1e6;
        double diff = Timings.median(diffs) / 1e6;
        double bound = Timings.allowedDifference(reference);
        System.out.printf("first-party enumeration timing: wrong-password median %.1f ms, paired median"
                + " (unknown - wrong) %.1f ms, bound %.1f ms, %d rounds%n", reference, diff, bound, rounds);
        assertThat(Math.abs(diff)).as("paired median difference %.1f ms, wrong-password median %.1f ms", diff, reference)
                .isLessThanOrEqualTo(bound);
    }

}
