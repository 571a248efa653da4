package com.simptel.keycloak.it.registration;

import com.simptel.keycloak.it.support.MailCodes;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.harness.MailText;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;

import java.time.Duration;
import java.util.List;

import static com.simptel.keycloak.it.support.Jwt.claim;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registration with an address that already has an account (bob's) must look exactly like a new
 * one: same code page, same answers to codes and resends; no second account; only the owner of the
 * address learns of it, by a notice mail.
 */
@SimptelIT
class ExistingEmailRegistrationIT {

    private static final String BOB = "bob@simptel.local";

    @Test
    void aTakenAddressGetsTheSameCodePageAndTheOwnerANotice(SimptelServer server) {
        EmailCodeJourney newcomer = EmailCodeJourney.newPerson(server);
        Page real = newcomer.registerFromScratch();

        int bobMailsBefore = server.mail().messagesTo(BOB).size();
        long started = System.currentTimeMillis(); // the server's clock is this machine's
        EmailCodeJourney intruder = EmailCodeJourney.newPerson(server);
        intruder.authorize();
        intruder.openRegistration();
        Page decoy = intruder.register(BOB, intruder.password);

        intruder.assertOnCodePage();
        assertThat(decoy.status()).isEqualTo(real.status());
        assertThat(withoutCountdown(decoy.text())).isEqualTo(withoutCountdown(real.text()));
        assertThat(decoy.html().select("form input, form button").eachAttr("name"))
                .isEqualTo(real.html().select("form input, form button").eachAttr("name"));
        assertThat(intruder.user()).as("no second account").isNull();
        assertThat(server.realm().users().searchByEmail(BOB, true)).hasSize(1);

        List<MimeMessage> bobMails = server.mail().awaitMessagesTo(BOB, bobMailsBefore + 1, Duration.ofSeconds(30));
        MimeMessage notice = bobMails.get(bobMails.size() - 1);
        assertThat(MailCodes.subject(notice)).isEqualTo("Sign-up attempt with your Simptel address");
        MailText text = MailText.of(notice);
        assertThat(text.plain()).contains("You already have an account, so no new one was created.")
                .doesNotContainPattern(MailCodes.CODE_LINE);

        // codes and resends get the answers a real registrant gets
        String realCode = newcomer.code(1);
        String guess = EmailCodeJourney.otherThan(realCode);
        assertThat(withoutCountdown(intruder.enterCode(guess).text()))
                .contains("That code is not correct. Tries left for this code: 4.")
                .isEqualTo(withoutCountdown(newcomer.enterCode(guess).text()));
        assertThat(intruder.enterCode(realCode).text()).contains("Tries left for this code: 3.");
        assertThat(intruder.resend().text()).containsPattern("Please wait \\d+ seconds before requesting a new code.");

        // the refused resend issued nothing; the one mail this flow queued is on record as sent
        assertThat(awaitNoticeTo(server, BOB, started)).hasSize(1);
        assertThat(server.mail().messagesTo(BOB)).as("one notice, nothing else").hasSize(bobMailsBefore + 1);
        assertThat(server.mail().messagesTo(intruder.email)).isEmpty();

        List<EventRepresentation> errors = RealmEvents.await(server, "REGISTER_ERROR", null, 1, "the registration with Bob's address on record",
                e -> BOB.equals(e.getDetails().get("email")));
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.getError()).isEqualTo("email_in_use");
            assertThat(e.getDetails()).containsEntry("username", intruder.username);
        });

        // bob's account is untouched: his password still works and his address is still verified
        JsonResponse bob = OidcClient.web(server).login(new HttpBrowser(server.baseUrl()), "bob", "bob-password");
        assertThat(bob.status()).as(bob.body()).isEqualTo(200);
        assertThat(claim(bob.text("access_token"), "auth_mode")).isEqualTo("authentication");
    }

    @Test
    void otherFormErrorsAreShownButNeverThatTheAddressIsTaken(SimptelServer server) {
        long started = System.currentTimeMillis();
        EmailCodeJourney intruder = EmailCodeJourney.newPerson(server);
        intruder.authorize();
        intruder.openRegistration();
        Page page = intruder.register(BOB, "not-the-same-password");

        assertThat(page.hasElement(RegistrationPage.FORM)).isTrue();
        assertThat(page.text()).contains("Password confirmation doesn't match.")
                .doesNotContainIgnoringCase("already exists");
        assertThat(page.html().selectFirst(RegistrationPage.EMAIL).val()).isEqualTo(BOB);

        Page retried = intruder.register(BOB, intruder.password);
        intruder.assertOnCodePage();
        assertThat(retried.text()).doesNotContainIgnoringCase("already exists");
        assertThat(intruder.user()).isNull();
        // the owner is told once the form went through; waiting for it also keeps this notice out of other tests
        assertThat(awaitNoticeTo(server, BOB, started)).hasSize(1);
    }

    /** SEND_VERIFY_EMAIL events of the existing-account notice to {@code email}, which the mail thread records once SMTP answered. */
    private static List<EventRepresentation> awaitNoticeTo(SimptelServer server, String email, long since) {
        String ownerId = server.realm().users().searchByEmail(email, true).get(0).getId();
        return RealmEvents.await(server, "SEND_VERIFY_EMAIL", ownerId, 1, "the notice to " + email + " sent",
                RealmEvents.since(since).and(RealmEvents.detail("simptel_mail", "existing_account_notice")));
    }

    /** The resend button counts seconds down; two pages made seconds apart differ only there. */
    private static String withoutCountdown(String text) {
        return text.replaceAll("\\(\\d+ s\\)", "(N s)");
    }
}
