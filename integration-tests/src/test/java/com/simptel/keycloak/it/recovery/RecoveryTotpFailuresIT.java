package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.BruteForceStatus;
import com.simptel.keycloak.it.support.RecoveryPages;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.HtmlForm;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong, replayed and too many codes; Keycloak's brute-force detection counting them. The TOTP
 * step is the subject here, so the email step is switched off for the class (it is the same step
 * behind it; RecoveryByTotpIT walks the whole flow).
 */
@SimptelIT
class RecoveryTotpFailuresIT {

    static final String NOT_ACCEPTED = "This code was not accepted. Enter the current code from your authenticator app.";

    @RegisterExtension
    static final TestUsers users = new TestUsers();
    private static RecoveryFlowAdmin.Undo emailStepOff;

    @BeforeAll
    static void setUp(SimptelServer server) {
        emailStepOff = RecoveryFlowAdmin.emailStepOff(server);
    }

    @AfterAll
    static void tearDown() {
        emailStepOff.close();
    }

    @Test
    void wrongCodeIsRefusedCountedAndRecordedThenTheRightOneStillWorks(SimptelServer server) {
        TestUser user = users.user("rec-wrong").withTotp().create();
        RecoveryJourney journey = start(server);
        journey.chooseUser(user.username());

        Page wrong = journey.enterCode(user.totp().wrongCode());
        assertThat(wrong.hasElement(RecoveryPages.TOTP_FORM)).isTrue();
        assertThat(wrong.text()).contains(NOT_ACCEPTED);
        assertThat(wrong.html().selectFirst(RecoveryPages.TOTP).attr("aria-invalid")).isEqualTo("true");
        BruteForceStatus.awaitFailures(server, user.id(), 1);

        List<EventRepresentation> errors = RealmEvents.of(server, "RESET_PASSWORD_ERROR", user.id());
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.getError()).isEqualTo("invalid_user_credentials");
            assertThat(e.getDetails()).containsEntry("recovery_step", "totp_failed")
                    .containsEntry("reason", "invalid_code").containsEntry("failures", "1")
                    .containsEntry("username", user.username());
        });

        Page next = journey.enterCode(user.totp().now());
        assertThat(next.hasElement(RecoveryPages.NEW_PASSWORD_FORM)).as(next.text()).isTrue();
    }

    @Test
    void aCodeAcceptedOnceIsRefusedTheSecondTime(SimptelServer server) {
        TestUser user = users.user("rec-replay").withTotp().create();
        String code = user.totp().now();

        RecoveryJourney first = start(server);
        first.chooseUser(user.username());
        assertThat(first.enterCode(code).hasElement(RecoveryPages.NEW_PASSWORD_FORM)).isTrue();

        RecoveryJourney second = start(server);
        second.chooseUser(user.username());
        Page replayed = second.enterCode(code);
        assertThat(replayed.hasElement(RecoveryPages.NEW_PASSWORD_FORM)).isFalse();
        assertThat(replayed.text()).contains(NOT_ACCEPTED);
    }

    @Test
    void afterMaxWrongCodesTheRecoveryEndsAndEvenTheRightCodeIsNotLookedAt(SimptelServer server) {
        TestUser user = users.user("rec-cap").withTotp().create();
        RecoveryJourney journey = start(server);
        journey.chooseUser(user.username());

        HtmlForm lastCodeForm = null;
        for (int i = 1; i <= 4; i++) {
            Page page = journey.enterCode(user.totp().wrongCode());
            assertThat(page.text()).as("attempt " + i).contains(NOT_ACCEPTED);
            lastCodeForm = page.form(RecoveryPages.TOTP_FORM);
        }
        Page exhausted = journey.enterCode(user.totp().wrongCode());
        assertThat(exhausted.hasElement(RecoveryPages.TOTP_FORM)).isFalse();
        assertThat(exhausted.text()).contains("Too many codes were not accepted. Start the account recovery again.");
        assertThat(exhausted.hasElement(RecoveryPages.RESTART_LINK)).isTrue();

        // Sending the right code to the step anyway, with the last form that still had the field.
        Page afterCap = lastCodeForm.set("otp", user.totp().now()).submit();
        assertThat(afterCap.hasElement(RecoveryPages.NEW_PASSWORD_FORM)).isFalse();
        assertThat(afterCap.isRedirect()).isFalse();
        assertThat(afterCap.text()).contains("Too many codes were not accepted");

        // "Start again" begins a new attempt: back to the app's login page.
        Page restarted = new HttpBrowserLink(exhausted).follow(RecoveryPages.RESTART_LINK);
        assertThat(LoginPage.isShown(restarted)).as(restarted.text()).isTrue();
    }

    @Test
    void bruteForceLocksAfterTheRealmsFailureFactorAndTheLockedUserSeesTheSameMessage(SimptelServer server) {
        TestUser user = users.user("rec-lock").withTotp().create();
        // Count exactly the realm's failureFactor (5): the 1 s quick-login rule would lock at the second fast try.
        Long quickLoginCheck = server.realm().toRepresentation().getQuickLoginCheckMilliSeconds();
        try (RecoveryFlowAdmin.Undo quick = RecoveryFlowAdmin.realm(server,
                r -> r.setQuickLoginCheckMilliSeconds(0L), r -> r.setQuickLoginCheckMilliSeconds(quickLoginCheck))) {
            RecoveryJourney first = start(server);
            first.chooseUser(user.username());
            // Keycloak records failures on a background executor; two records in flight at once can
            // count as one, so each wrong code waits for its own record, as a paced attacker would.
            for (int i = 1; i <= 4; i++) {
                first.enterCode(user.totp().wrongCode());
                BruteForceStatus.awaitFailures(server, user.id(), i);
            }
            assertThat(BruteForceStatus.failures(server, user.id())).isEqualTo(4);
            assertThat(BruteForceStatus.disabled(server, user.id())).isFalse();

            RecoveryJourney second = start(server);
            second.chooseUser(user.username());
            second.enterCode(user.totp().wrongCode());
            BruteForceStatus.awaitDisabled(server, user.id());

            // Locked: the right code is refused with the very message a wrong code gets.
            Page locked = second.enterCode(user.totp().now());
            assertThat(locked.hasElement(RecoveryPages.NEW_PASSWORD_FORM)).isFalse();
            assertThat(locked.text()).contains(NOT_ACCEPTED).doesNotContainIgnoringCase("disabled")
                    .doesNotContainIgnoringCase("locked");
            assertThat(server.realm().getEvents(List.of("RESET_PASSWORD_ERROR"), null, user.id(), null, null, null,
                    0, 50)).anySatisfy(e -> assertThat(e.getError()).isEqualTo("user_temporarily_disabled"));
            // Tries on a locked account do not lengthen its lockout, as with Keycloak's OTP form.
            assertThat(BruteForceStatus.failures(server, user.id())).isEqualTo(5);

            server.realm().attackDetection().clearBruteForceForUser(user.id());
            RecoveryJourney third = start(server);
            third.chooseUser(user.username());
            assertThat(third.enterCode(user.totp().stepsFromNow(1)).hasElement(RecoveryPages.NEW_PASSWORD_FORM))
                    .isTrue();
        }
    }

    @Test
    void anEmptySubmissionAsksForTheCodeWithoutCountingIt(SimptelServer server) {
        TestUser user = users.user("rec-empty").withTotp().create();
        RecoveryJourney journey = start(server);
        journey.chooseUser(user.username());
        Page empty = journey.enterCode("  ");
        assertThat(empty.text()).contains("Enter the code from your authenticator app.");
        Page letters = journey.enterCode("abcdef");
        assertThat(letters.text()).contains(NOT_ACCEPTED);
        BruteForceStatus.awaitFailures(server, user.id(), 1);
        assertThat(RealmEvents.of(server, "RESET_PASSWORD_ERROR", user.id()))
                .hasSize(1);
    }

    private static RecoveryJourney start(SimptelServer server) {
        return RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
    }

    /** Follows a link of a page in the browser that loaded it. */
    private record HttpBrowserLink(Page page) {
        Page follow(String selector) {
            return page.browser().open(page.html().selectFirst(selector).absUrl("href"));
        }
    }
}
