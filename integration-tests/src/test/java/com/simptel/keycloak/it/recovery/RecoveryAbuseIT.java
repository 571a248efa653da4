package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.registration.EmailCodeJourney;
import com.simptel.keycloak.it.support.EmailCodePage;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.MailCodes;
import com.simptel.keycloak.it.support.MetricsScrape;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.RecoveryPages;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: someone who knows only an address can neither lock its owner out of recovery with wrong
 * codes nor flood the mailbox. Each test is the attacker's sequence, then what the owner can still do.
 */
@SimptelIT
class RecoveryAbuseIT {

    private static final int BOUND = 10;

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    /** 8 recovery flows with 5 wrong codes each; then the owner's own recovery takes the right code. */
    @Test
    void wrongCodesInOtherFlowsNeverMakeTheOwnersRightCodeFail(SimptelServer server) {
        TestUser owner = users.user("lockout").withTotp().create();
        List<RecoveryJourney> attacks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RecoveryJourney attack = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
            assertThat(attack.chooseUser(owner.username()).hasElement(EmailCodePage.FORM)).isTrue();
            attacks.add(attack);
        }
        Set<String> mailed = new HashSet<>();
        server.mail().awaitMessagesTo(owner.email(), 8, MailCodes.MAIL_WAIT)
                .forEach(m -> mailed.add(MailCodes.codeIn(m)));
        String guess = "00000000";
        while (mailed.contains(guess)) {
            guess = EmailCodeJourney.otherThan(guess);
        }
        for (RecoveryJourney attack : attacks) {
            for (int i = 1; i <= 5; i++) {
                Page answer = attack.enterEmailCode(guess);
                assertThat(answer.hasElement(RecoveryPages.TOTP_FORM)).isFalse();
                assertThat(answer.text()).contains(i < 5 ? "That code is not correct" : "This code can no longer be used");
            }
        }
        assertThat(RealmEvents.await(server, "VERIFY_EMAIL_ERROR", owner.id(), 40, "40 wrong codes",
                RealmEvents.detail("reason", "wrong_code"))).hasSize(40);

        RecoveryJourney recovery = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
        recovery.chooseUser(owner, server.mail());
        Page totpPage = recovery.proveMailbox();
        assertThat(totpPage.hasElement(RecoveryPages.TOTP_FORM)).as("the owner's right code works: " + totpPage.text())
                .isTrue();
        assertThat(recovery.enterCode(owner.totp().now()).hasElement(RecoveryPages.NEW_PASSWORD_FORM)).isTrue();
        recovery.setNewPassword("Owner-again-" + UUID.randomUUID().toString().substring(0, 6));
        JsonResponse tokens = recovery.tokens(OidcClient.Auth.BASIC);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
    }

    /**
     * 30 recovery starts for one address within seconds: 10 mails, 20 answered the same way with nothing
     * sent (an event and a metric each). The owner's own recovery then gets no mail, but the newest code
     * in the mailbox works in it.
     */
    @Test
    void thirtyRecoveryStartsSendAtMostTenMailsAndTheOwnerStillGetsIn(SimptelServer server) {
        TestUser owner = users.user("bombed").withTotp().create();
        double boundedBefore = bounded(server);
        String firstPage = null;
        for (int i = 1; i <= 30; i++) {
            RecoveryJourney attack = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
            Page page = attack.chooseUser(owner.username());
            assertThat(page.hasElement(EmailCodePage.FORM)).isTrue();
            String fingerprint = PageFingerprint.of(page, owner.username());
            if (firstPage == null) {
                firstPage = fingerprint;
            }
            assertThat(fingerprint).as("start %d answers like the first", i).isEqualTo(firstPage);
            if (i <= BOUND) {
                // one at a time, so the mailbox's newest mail is the newest code
                server.mail().awaitMessagesTo(owner.email(), i, MailCodes.MAIL_WAIT);
            }
        }
        assertThat(RealmEvents.await(server, "SEND_VERIFY_EMAIL_ERROR", owner.id(), 30 - BOUND, "mails kept back",
                RealmEvents.detail("reason", "mail_bound_reached"))).hasSize(30 - BOUND);
        assertThat(RealmEvents.await(server, "SEND_VERIFY_EMAIL", owner.id(), BOUND, "mails sent",
                e -> true)).hasSize(BOUND);
        assertThat(server.mail().messagesTo(owner.email())).hasSize(BOUND);
        assertThat(bounded(server) - boundedBefore).isEqualTo(30 - BOUND);

        // the owner: a new recovery sends nothing (the bound is used up), the newest mailed code works
        RecoveryJourney recovery = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
        assertThat(PageFingerprint.of(recovery.chooseUser(owner.username()), owner.username())).isEqualTo(firstPage);
        RealmEvents.await(server, "SEND_VERIFY_EMAIL_ERROR", owner.id(), 31 - BOUND, "the owner's mail kept back",
                RealmEvents.detail("reason", "mail_bound_reached"));
        List<MimeMessage> mails = server.mail().messagesTo(owner.email());
        assertThat(mails).hasSize(BOUND);
        String newest = MailCodes.codeIn(mails.get(BOUND - 1));
        Page totpPage = recovery.enterEmailCode(newest);
        assertThat(totpPage.hasElement(RecoveryPages.TOTP_FORM)).as(totpPage.text()).isTrue();
        assertThat(recovery.enterCode(owner.totp().now()).hasElement(RecoveryPages.NEW_PASSWORD_FORM)).isTrue();
        recovery.setNewPassword("Owner-again-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(recovery.tokens(OidcClient.Auth.BASIC).status()).isEqualTo(200);
    }

    private static double bounded(SimptelServer server) {
        return MetricsScrape.of(server).value("simptel_mails_bounded_total",
                Map.of("realm", SimptelServer.REALM, "mail", "code", "flow", "reset-credentials"));
    }
}
