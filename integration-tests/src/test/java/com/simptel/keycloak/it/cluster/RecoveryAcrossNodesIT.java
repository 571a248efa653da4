package com.simptel.keycloak.it.cluster;

import com.simptel.keycloak.it.recovery.RecoveryJourney;
import com.simptel.keycloak.it.support.EmailCodePage;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.RecoveryPages;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account recovery with its steps sent to chosen nodes: the mailbox proof is a note of the
 * authentication session, and Keycloak's replay guard for TOTP codes is its cluster-wide
 * single-use store, so a code spent at one node is refused at the other.
 */
@SimptelIT
class RecoveryAcrossNodesIT {

    static final String NOT_ACCEPTED = "This code was not accepted. Enter the current code from your authenticator app.";

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void emailCodeAtOneNodeTotpAtTheOtherAndTheNewPasswordBackAtTheFirst(SimptelServer server) throws Exception {
        String a = server.cluster().node(1).baseUrl();
        String b = server.cluster().node(2).baseUrl();
        TestUser user = users.user("xrec").withTotp().create();

        RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
        assertThat(journey.nextAt(server, a).chooseUser(user, server.mail()).hasElement(EmailCodePage.FORM)).isTrue();
        Page totp = journey.nextAt(server, a).proveMailbox();
        assertThat(totp.hasElement(RecoveryPages.TOTP_FORM)).as(totp.text()).isTrue();
        Page password = journey.nextAt(server, b).enterCode(user.totp().now());
        assertThat(password.hasElement(RecoveryPages.NEW_PASSWORD_FORM))
                .as("node B knows the mailbox was proven at node A:\n" + password.text()).isTrue();
        journey.nextAt(server, a).setNewPassword("Across-nodes-1");

        JsonResponse tokens = journey.tokens(OidcClient.Auth.BASIC);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(Jwt.claims(tokens.text("access_token")).getStringClaim("auth_mode"))
                .isEqualTo("accountRecovery");
        JsonResponse login = OidcClient.web(server).login(new HttpBrowser(server.baseUrl()), user.username(),
                "Across-nodes-1", () -> user.totp().stepsFromNow(1));
        assertThat(login.status()).as("the new password set at node A: " + login.body()).isEqualTo(200);
        assertThat(RealmEvents.await(server, "RESET_PASSWORD", user.id(), 1, "recovery completed",
                RealmEvents.detail("recovery_step", "completed")).get(0).getDetails())
                .containsEntry("credential_type", "otp").containsEntry("mailbox_proven", "true");
    }

    @Test
    void aTotpCodeSpentAtOneNodeIsRefusedAsAReplayAtTheOther(SimptelServer server) {
        String a = server.cluster().node(1).baseUrl();
        String b = server.cluster().node(2).baseUrl();
        TestUser user = users.user("xreplay").withTotp().create();
        String code = user.totp().now();

        RecoveryJourney first = mailboxProvenAt(server, a, user);
        assertThat(first.nextAt(server, a).enterCode(code).hasElement(RecoveryPages.NEW_PASSWORD_FORM)).isTrue();

        RecoveryJourney second = mailboxProvenAt(server, b, user);
        Page replayed = second.nextAt(server, b).enterCode(code);
        assertThat(replayed.hasElement(RecoveryPages.NEW_PASSWORD_FORM)).as("the code spent at A passed at B").isFalse();
        assertThat(replayed.text()).contains(NOT_ACCEPTED);
        assertThat(RealmEvents.await(server, "RESET_PASSWORD_ERROR", user.id(), 1, "the replay refused",
                RealmEvents.detail("reason", "invalid_code"))).isNotEmpty();

        // the journey itself is sound: an unspent code (the next time step) passes at B
        Page next = second.nextAt(server, b).enterCode(user.totp().stepsFromNow(1));
        assertThat(next.hasElement(RecoveryPages.NEW_PASSWORD_FORM)).as(next.text()).isTrue();
    }

    private static RecoveryJourney mailboxProvenAt(SimptelServer server, String node, TestUser user) {
        RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
        journey.nextAt(server, node).chooseUser(user, server.mail());
        Page totp = journey.nextAt(server, node).proveMailbox();
        assertThat(totp.hasElement(RecoveryPages.TOTP_FORM)).as(totp.text()).isTrue();
        return journey;
    }
}
