package com.simptel.keycloak.it.firstparty;

import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTML flows' protections on the JSON endpoint: brute-force detection, code limits, no enumeration, languages. */
@SimptelIT
class FirstPartyProtectionsIT {

    @Test
    void wrongPasswordsLockTheAccountAndALockedAccountLooksLikeAWrongPassword(SimptelServer server) {
        try (FirstPartyUser user = FirstPartyUser.create(server, "fp-brute", true, false)) {
            ChallengeApi api = ChallengeApi.app(server);
            JsonResponse wrong = null;
            for (int attempt = 1; !disabled(server, user); attempt++) {
                assertThat(attempt).as("locked after the realm's failure factor").isLessThanOrEqualTo(5);
                wrong = api.start(Map.of("username", user.username(), "password", "wrong-" + attempt));
                assertThat(wrong.text("next")).isEqualTo("password");
                int expected = attempt;
                FirstPartyUser.await(() -> failures(server, user) >= expected || disabled(server, user),
                        "Keycloak's failure record " + expected);
            }

            JsonResponse locked = api.start(Map.of("username", user.username(), "password", user.password()));

            assertThat(FirstPartyRegistrationIT.withoutHandle(locked)).isEqualTo(FirstPartyRegistrationIT.withoutHandle(wrong));
            FirstPartyUser.awaitEvents(server, "LOGIN_ERROR", user.id(),
                    e -> "user_temporarily_disabled".equals(e.getError())
                            && "authorization-challenge".equals(e.getDetails().get("simptel_endpoint")));
        }
    }

    @Test
    void wrongAuthenticatorCodesCountForBruteForceDetection(SimptelServer server) {
        try (FirstPartyUser user = FirstPartyUser.create(server, "fp-brute-otp", true, true)) {
            ChallengeApi api = ChallengeApi.app(server);
            JsonResponse ask = api.start(Map.of("username", user.username(), "password", user.password()));
            assertThat(ask.text("next")).isEqualTo("otp");

            api.next(ask.text("auth_session"), Map.of("otp", user.wrongTotp()));

            FirstPartyUser.await(() -> failures(server, user) == 1, "one failure recorded for the wrong code");
        }
    }

    @Test
    void anEmailCodeDiesAfterItsWrongTriesLikeOnThePage(SimptelServer server) {
        try (FirstPartyUser user = FirstPartyUser.create(server, "fp-code-limit", false, false)) {
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
    }

    /**
     * The flow's cap on wrong codes across resends (10 in realm-config): the answer that ends the
     * flow looks like a wrong code with {@code tries_left: 0}, and the handle is dead afterwards.
     */
    @Test
    void tooManyWrongEmailCodesInOneFlowEndTheJourney(SimptelServer server) {
        try (FirstPartyUser user = FirstPartyUser.create(server, "fp-flow-limit", false, false)) {
            ChallengeApi api = ChallengeApi.app(server);
            String handle = api.start(Map.of("username", user.username(), "password", user.password())).text("auth_session");
            String first = api.mailedCode(user.email(), 1);
            for (int i = 1; i <= 5; i++) {
                api.next(handle, Map.of("email_code", first.equals("000000") ? "111111" : "000000"));
            }
            // the resend button's cooldown (30 s in realm-config) must pass before a second code
            JsonResponse[] resent = new JsonResponse[1];
            FirstPartyUser.await(() -> {
                resent[0] = api.next(handle, Map.of("resend_email_code", "true"));
                return resent[0].text("error_description").startsWith("We sent you a new code");
            }, "a second code after the cooldown");
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
        List<FirstPartyUser> users = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                users.add(FirstPartyUser.create(server, "fp-enum", true, false));
            }
            ChallengeApi api = ChallengeApi.app(server);
            List<Long> wrongTimes = new ArrayList<>();
            List<Long> diffs = new ArrayList<>();
            int warmUp = 4;
            int rounds = 24;
            for (int round = 0; round < warmUp + rounds; round++) {
                FirstPartyUser user = users.get(round % users.size());
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
            double reference = median(wrongTimes) / 1e6;
            double diff = median(diffs) / 1e6;
            double bound = Math.max(0.25 * reference, 50);
            System.out.printf("first-party enumeration timing: wrong-password median %.1f ms, paired median"
                    + " (unknown - wrong) %.1f ms, bound %.1f ms, %d rounds%n", reference, diff, bound, rounds);
            assertThat(Math.abs(diff)).as("paired median difference %.1f ms, wrong-password median %.1f ms", diff, reference)
                    .isLessThanOrEqualTo(bound);
        } finally {
            users.forEach(FirstPartyUser::close);
        }
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static int failures(SimptelServer server, FirstPartyUser user) {
        Object value = server.realm().attackDetection().bruteForceUserStatus(user.id()).get("numFailures");
        return value instanceof Number n ? n.intValue() : 0;
    }

    private static boolean disabled(SimptelServer server, FirstPartyUser user) {
        return Boolean.TRUE.equals(server.realm().attackDetection().bruteForceUserStatus(user.id()).get("disabled"));
    }
}
