package com.simptel.keycloak.it.registration;

import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.EmailCodePage;
import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.MailCodes;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.RealmFixtures;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.simptel.keycloak.it.registration.EmailCodeJourney.otherThan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lifetime, resend and the per-flow cap of the email-code step, through a login of a user whose
 * email is not verified. Each test binds a copy of the realm's browser flow with its own step
 * settings to a test client, as a realm admin can, so waits stay short and the realm stays as it is.
 */
@SimptelIT
class EmailCodeLimitsIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void anExpiredCodeIsRefusedAndANewOneCanBeRequested(SimptelServer server) {
        try (CodeStepTestClient test = CodeStepTestClient.withStepConfig(server,
                Map.of("codeLifetimeSeconds", "2", "resendCooldownSeconds", "1"))) {
            EmailCodeJourney person = EmailCodeJourney.of(server, test.client, users.user("reg").emailVerified(false).create());
            person.authorize();
            person.login();
            Instant issued = Instant.now(); // the code was issued before the page came back
            person.assertOnCodePage();
            assertThat(person.page.text()).contains("it is valid for 1 minute.");
            String code = person.code(1);

            Await.clockPast(issued.plusMillis(2500)); // a 2 s lifetime: only wall time makes the code expire
            Page late = person.enterCode(code);
            person.assertOnCodePage();
            assertThat(late.text()).contains("This code has expired. Please request a new one.");
            assertThat(late.html().selectFirst(EmailCodePage.CODE).hasAttr("disabled")).isTrue();

            Page resent = person.resend();
            person.assertOnCodePage();
            assertThat(resent.text()).contains("We sent you a new code.");
            assertThat(person.code(2)).matches("[0-9]{8}");

            String userId = person.user().getId();
            List<EventRepresentation> events = RealmEvents.await(server, "VERIFY_EMAIL_ERROR", userId, 1,
                    "the expired code refused", e -> "expired_code".equals(e.getError()));
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getError()).isEqualTo("expired_code");
                assertThat(e.getDetails()).containsEntry("reason", "expired").containsEntry("simptel_flow", "authenticate");
            });
        }
    }

    @Test
    void aResendAfterTheCooldownSendsANewCodeAndTheOldOneDies(SimptelServer server) {
        try (CodeStepTestClient test = CodeStepTestClient.withStepConfig(server, Map.of("resendCooldownSeconds", "1"))) {
            EmailCodeJourney person = EmailCodeJourney.of(server, test.client, users.user("reg").emailVerified(false).create());
            person.authorize();
            person.login();
            Instant sent = Instant.now();
            person.assertOnCodePage();
            String first = person.code(1);

            Await.clockPast(sent.plusMillis(1200)); // past the 1 s resend cooldown
            assertThat(person.resend().text()).contains("We sent you a new code. Codes sent before no longer work.");
            String second = person.code(2);

            if (!first.equals(second)) {
                assertThat(person.enterCode(first).text()).contains("That code is not correct.");
            }
            person.enterCode(second);
            JsonResponse tokens = person.tokens();
            assertThat(tokens.text("access_token")).isNotBlank();
            assertThat(person.user().isEmailVerified()).isTrue();
        }
    }

    @Test
    void aResendKeepsTheFlowsWrongTriesAndAtTheCapTheFlowStartsAgain(SimptelServer server) {
        try (CodeStepTestClient test = CodeStepTestClient.withStepConfig(server,
                Map.of("maxAttemptsPerCode", "3", "maxFailuresPerFlow", "5", "resendCooldownSeconds", "1"))) {
            EmailCodeJourney person = EmailCodeJourney.of(server, test.client, users.user("reg").emailVerified(false).create());
            person.authorize();
            person.login();
            Instant sent = Instant.now();
            String first = person.code(1);

            person.enterCode(otherThan(first));
            person.enterCode(otherThan(first));
            assertThat(person.enterCode(otherThan(first)).text()).contains("This code can no longer be used");

            Await.clockPast(sent.plusMillis(1200)); // past the 1 s resend cooldown
            person.resend();
            String second = person.code(2);
            assertThat(person.enterCode(otherThan(second)).text())
                    .as("the new code has its own tries").contains("Tries left for this code: 2.");

            // 5 wrong in this flow: a resend did not reset that count, so the flow starts again
            Page restarted = person.enterCode(otherThan(second));
            assertThat(restarted.isRedirect()).isFalse();
            assertThat(restarted.hasElement(LoginPage.FORM)).as(restarted.text()).isTrue();
            assertThat(restarted.text()).contains("Too many wrong codes. Please start again.");
            assertThat(person.user().isEmailVerified()).isFalse();

            String userId = person.user().getId();
            RealmEvents.await(server, "VERIFY_EMAIL_ERROR", userId, 1, "the flow ended at the cap",
                    RealmEvents.detail("reason", "too_many_failures"));
            assertThat(RealmEvents.of(server, "VERIFY_EMAIL_ERROR", userId))
                    .filteredOn(RealmEvents.detail("reason", "wrong_code")).hasSize(5);
        }
    }

    /**
     * Wrong codes sent at the same moment in 20 flows (as from 20 browsers, or to two nodes) each reach
     * the step and are counted against their own flow's code; none of them touches the code of the
     * owner's own flow, whose right code then passes (issue 18: no per-user budget to fill up).
     */
    @Test
    void twentyWrongCodesSentAtOnceCountTwentyAndTheOwnersRightCodeStillPasses(SimptelServer server) throws Exception {
        int parallel = 20;
        try (CodeStepTestClient test = CodeStepTestClient.withStepConfig(server,
                Map.of("maxAttemptsPerCode", "1", "maxFailuresPerFlow", "7"))) {
            RealmFixtures.setMailBound(server, "100");
            try {
                EmailCodeJourney person = EmailCodeJourney.of(server, test.client, users.user("reg").emailVerified(false).create());
                List<EmailCodeJourney> flows = new ArrayList<>();
                for (int i = 0; i < parallel; i++) {
                    EmailCodeJourney flow = person.inNewBrowser(test.client);
                    flow.authorize();
                    flow.login();
                    flow.assertOnCodePage();
                    flows.add(flow);
                }
                Set<String> sent = new HashSet<>();
                person.awaitMails(parallel).forEach(m -> sent.add(MailCodes.codeIn(m)));
                String wrong = otherThan(sent.iterator().next());
                while (sent.contains(wrong)) {
                    wrong = otherThan(wrong);
                }

                String guess = wrong;
                ExecutorService pool = Executors.newFixedThreadPool(parallel);
                try {
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<Page>> pages = new ArrayList<>();
                    for (EmailCodeJourney flow : flows) {
                        pages.add(pool.submit(() -> {
                            start.await();
                            return flow.enterCode(guess);
                        }));
                    }
                    start.countDown();
                    for (Future<Page> page : pages) {
                        Page answered = page.get(120, TimeUnit.SECONDS);
                        assertThat(answered.isRedirect()).isFalse();
                        assertThat(answered.text()).contains("This code can no longer be used");
                    }
                } finally {
                    pool.shutdownNow();
                }
                String userId = person.user().getId();
                RealmEvents.await(server, "VERIFY_EMAIL_ERROR", userId, parallel, "every wrong code on record",
                        RealmEvents.detail("reason", "wrong_code"));
                assertThat(wrongCodes(server, userId)).as("every guess reached the step").isEqualTo(parallel);

                EmailCodeJourney owner = person.inNewBrowser(test.client);
                owner.authorize();
                owner.login();
                owner.assertOnCodePage();
                owner.enterCode(owner.code(parallel + 1));
                assertThat(owner.page.isRedirect()).as("the owner's right code passes: " + owner.page.text()).isTrue();
                owner.tokens();
                assertThat(person.user().isEmailVerified()).isTrue();
            } finally {
                RealmFixtures.setMailBound(server, null);
            }
        }
    }

    private static long wrongCodes(SimptelServer server, String userId) {
        return RealmEvents.of(server, "VERIFY_EMAIL_ERROR", userId).stream()
                .filter(RealmEvents.detail("reason", "wrong_code")).count();
    }

    /**
     * Flows ended by wrong codes do not hold anything against the user: three flows each ended at the
     * flow's cap, then the right code of the fourth passes. Wrong email codes are not counted by
     * Keycloak's brute-force detector either (26.7 counts only password, OTP and recovery-code failures),
     * so they cannot lock the password login.
     */
    @Test
    void flowsEndedByWrongCodesLeaveTheOwnersNextFlowUntouched(SimptelServer server) {
        try (CodeStepTestClient test = CodeStepTestClient.withStepConfig(server,
                Map.of("maxAttemptsPerCode", "1", "maxFailuresPerFlow", "1"))) {
            EmailCodeJourney person = EmailCodeJourney.of(server, test.client, users.user("reg").emailVerified(false).create());
            person.authorize();
            for (int flow = 1; flow <= 3; flow++) {
                person.login();
                person.assertOnCodePage();
                String code = person.code(flow);
                Page restarted = person.enterCode(otherThan(code));
                assertThat(restarted.hasElement(LoginPage.FORM)).as(restarted.text()).isTrue();
                assertThat(restarted.text()).contains("Too many wrong codes.");
            }
            String userId = person.user().getId();
            if (!bruteForceCountsEveryFailedStep()) {
                // a wrong password, which the detector does count, is the signal that it has caught up
                Page wrongPassword = LoginPage.signIn(person.page, person.username, "not-" + person.password);
                assertThat(wrongPassword.text()).contains("Invalid username or password.");
                Map<String, Object> status = Await.until("the wrong password counted", Await.SHORT,
                        () -> server.realm().attackDetection().bruteForceUserStatus(userId),
                        s -> ((Number) s.get("numFailures")).intValue() >= 1);
                assertThat(status.get("numFailures")).as("the three wrong codes are not counted").isEqualTo(1);
                person.page = wrongPassword;
            }
            person.login();
            person.assertOnCodePage();
            person.enterCode(person.code(4));
            assertThat(person.page.isRedirect()).as("the right code passes: " + person.page.text()).isTrue();
            person.tokens();
            assertThat(person.user().isEmailVerified()).isTrue();
            assertThat(RealmEvents.await(server, "VERIFY_EMAIL", userId, 1, "the email verified", e -> true)).hasSize(1);
        }
    }

    /** The distribution under test is older than 26.7: its brute-force detector counts any failed step. */
    private static boolean bruteForceCountsEveryFailedStep() {
        String[] version = System.getProperty("keycloak.version", "").split("\\.");
        return version.length >= 2 && "26".equals(version[0]) && Integer.parseInt(version[1]) < 7;
    }
}
