package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.RecoveryPages;
import com.simptel.keycloak.it.support.EmailCodePage;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The step's admin settings, changed through the admin API for one test and put back after it. */
@SimptelIT
class RecoveryVariantsIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    /**
     * An admin who disables the emailed-code step but leaves "Require the emailed code" on gets a
     * recovery that refuses everyone alike, and a log line saying why: the mailbox proof is never
     * lost by one click.
     */
    @Test
    void disablingOnlyTheEmailStepFailsClosedForEveryoneAlike(SimptelServer server) throws IOException {
        TestUser user = users.user("var-require").withTotp().create();
        String ghost = "var-ghost-" + UUID.randomUUID().toString().substring(0, 8);
        try (RecoveryFlowAdmin.Undo disabled = RecoveryFlowAdmin.requirement(server,
                RecoveryFlowAdmin.EMAIL_STEP_PROVIDER_ID, "DISABLED")) {
            RecoveryJourney real = start(server);
            Page realPage = real.chooseUser(user.username());
            RecoveryJourney unknown = start(server);
            Page unknownPage = unknown.chooseUser(ghost);

            assertThat(realPage.hasElement(RecoveryPages.TOTP_FORM)).isFalse();
            assertThat(realPage.hasElement(EmailCodePage.FORM)).isFalse();
            assertThat(realPage.text()).contains("Account recovery is not available at the moment.");
            assertThat(PageFingerprint.of(unknownPage, ghost)).isEqualTo(PageFingerprint.of(realPage, user.username()));

            assertThat(RealmEvents.of(server, "RESET_PASSWORD_ERROR", user.id())).anySatisfy(e -> {
                        assertThat(e.getError()).isEqualTo("invalid_config");
                        assertThat(e.getDetails()).containsEntry("recovery_step", "unavailable");
                    });
            assertThat(Files.readString(server.artifactsDir().resolve("keycloak.log")))
                    .contains("requires the emailed-code step ('simptel-email-code')");
        }
        // Put back: the realm-config flow asks for the emailed code again.
        RecoveryJourney after = start(server);
        assertThat(after.chooseUser(user, server.mail()).hasElement(EmailCodePage.FORM)).isTrue();
        assertThat(after.proveMailbox().hasElement(RecoveryPages.TOTP_FORM)).isTrue();
    }

    @Test
    void maxAttemptsIsTheAdminsChoice(SimptelServer server) {
        TestUser user = users.user("var-max").withTotp().create();
        try (RecoveryFlowAdmin.Undo off = RecoveryFlowAdmin.emailStepOff(server);
             RecoveryFlowAdmin.Undo max = RecoveryFlowAdmin.stepConfig(server, Map.of("maxAttempts", "2"))) {
            RecoveryJourney journey = start(server);
            journey.chooseUser(user.username());
            assertThat(journey.enterCode(user.totp().wrongCode()).hasElement(RecoveryPages.TOTP_FORM))
                    .isTrue();
            Page second = journey.enterCode(user.totp().wrongCode());
            assertThat(second.hasElement(RecoveryPages.TOTP_FORM)).isFalse();
            assertThat(second.text()).contains("Too many codes were not accepted");
        }
    }

    private static RecoveryJourney start(SimptelServer server) {
        return RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
    }
}
