package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.RecoveryPages;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.harness.MailText;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user without an authenticator app who has proven the mailbox with the emailed code may be told
 * so; then the realm admin's choice applies: refuse (realm-config), or continue to Keycloak's
 * ordinary password reset.
 */
@SimptelIT
class RecoveryWithoutTotpIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void refuseTellsTheOwnerThatRecoveryIsNotPossibleHere(SimptelServer server) {
        TestUser user = users.user("nototp-refuse").create();
        RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
        journey.chooseUser(user, server.mail());

        Page refused = journey.proveMailbox();
        assertThat(refused.hasElement(RecoveryPages.TOTP_FORM)).isFalse();
        assertThat(refused.hasElement(RecoveryPages.CONTINUE_FORM)).isFalse();
        assertThat(refused.text()).contains("Your account has no authenticator app set up, so it cannot be"
                + " recovered here. Please contact support.");
        assertThat(refused.hasElement(RecoveryPages.BACK_LINK)).isTrue();

        assertThat(RealmEvents.of(server, "RESET_PASSWORD_ERROR", user.id()))
                .anySatisfy(e -> {
                    assertThat(e.getError()).isEqualTo("credential_not_found");
                    assertThat(e.getDetails()).containsEntry("recovery_step", "refused");
                });
        // Only the code mail: no notice, since nothing was recovered.
        assertThat(server.mail().messagesTo(user.email())).hasSize(1);
        assertThat(server.realm().users().get(user.id()).credentials())
                .extracting(CredentialRepresentation::getType).containsExactly("password");
    }

    @Test
    void continueLetsTheOwnerSetANewPasswordAsAnAccountRecovery(SimptelServer server) throws Exception {
        TestUser user = users.user("nototp-continue").create();
        try (RecoveryFlowAdmin.Undo choice = RecoveryFlowAdmin.stepConfig(server, Map.of("withoutTotp", "continue"))) {
            RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
            journey.chooseUser(user, server.mail());

            Page told = journey.proveMailbox();
            assertThat(told.hasElement(RecoveryPages.TOTP_FORM)).isFalse();
            assertThat(told.text()).contains("Your account has no authenticator app set up. As you have confirmed your"
                    + " email address, you can now choose a new password.");
            Page password = journey.continueWithoutTotp();
            assertThat(password.hasElement(RecoveryPages.NEW_PASSWORD_FORM)).as(password.text()).isTrue();
            journey.setNewPassword("Continued-new-1");

            JsonResponse tokens = journey.tokens(OidcClient.Auth.BASIC);
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            assertThat(Jwt.claims(tokens.text("access_token")).getStringClaim("auth_mode"))
                    .isEqualTo("accountRecovery");
        }
        List<MimeMessage> mails = server.mail().awaitMessagesTo(user.email(), 2, Duration.ofSeconds(20));
        MimeMessage notice = mails.get(mails.size() - 1);
        assertThat(notice.getSubject()).isEqualTo("Your Simptel account was recovered");
        assertThat(MailText.of(notice).plain()).contains("someone proved access to your mailbox and was then allowed")
                .doesNotContain("authenticator app and");

        EventRepresentation completed = server.realm().getEvents(List.of("RESET_PASSWORD"), null, user.id(), null, null,
                        null, 0, 20).stream()
                .filter(e -> "completed".equals(e.getDetails().get("recovery_step"))).findFirst().orElseThrow();
        assertThat(completed.getDetails()).containsEntry("mailbox_proven", "true").containsEntry("notification", "queued")
                .doesNotContainKey("credential_type");
        assertThat(RecoveryJourney.awaitNoticeEvent(server, user.id()).getDetails())
                .containsEntry("simptel_mail", "recovery_notice");
        // Continuing never enrols a device either: the account still has no TOTP.
        assertThat(server.realm().users().get(user.id()).credentials())
                .extracting(CredentialRepresentation::getType).containsExactly("password");
    }
}
