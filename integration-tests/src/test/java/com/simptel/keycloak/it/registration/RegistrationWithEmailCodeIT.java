package com.simptel.keycloak.it.registration;

import com.simptel.keycloak.it.support.EmailCodePage;
import com.simptel.keycloak.it.support.FlowCopy;
import com.simptel.keycloak.it.support.MailCodes;
import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.simptel.keycloak.it.support.Jwt.claim;
import static com.simptel.keycloak.it.registration.EmailCodeJourney.otherThan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registration in the simptel realm as realm-config binds it: the registration form, then an
 * emailed code, before any token. Codes are read from the mail Keycloak sent to the real SMTP server.
 */
@SimptelIT
class RegistrationWithEmailCodeIT {

    @Test
    void registrationEndsWithTheEmailedCodeAndTokensSayRegistration(SimptelServer server) {
        EmailCodeJourney person = EmailCodeJourney.newPerson(server);
        person.registerFromScratch();

        assertThat(person.user()).as("no account before the code (issue 18)").isNull();

        MimeMessage mail = person.awaitMails(1).get(0);
        assertThat(MailCodes.subject(mail)).isEqualTo("Your Simptel verification code");
        String code = MailCodes.codeIn(mail);
        assertThat(code).matches("[0-9]{8}");
        assertThat(com.simptel.keycloak.harness.MailText.of(mail).plain()).contains("valid for 10 minutes");

        person.enterCode(code);
        JsonResponse tokens = person.tokens();
        UserRepresentation created = person.user();
        assertThat(created).as("the account is created by the accepted code").isNotNull();
        assertThat(created.getFirstName()).isEqualTo("Reg");
        assertThat(created.getLastName()).isEqualTo("Istrant");
        assertThat(created.getEmail()).isEqualTo(person.email);

        assertThat(claim(tokens.text("access_token"), "auth_mode")).isEqualTo("registration");
        assertThat(claim(tokens.text("id_token"), "auth_mode")).isEqualTo("registration");
        assertThat(person.user().isEmailVerified()).isTrue();
        assertThat(OidcClient.web(server).userinfo(tokens.text("access_token")).json().path("email_verified").asBoolean())
                .isTrue();

        JsonResponse introspection = OidcClient.resourceServer(server).introspect(tokens.text("access_token"));
        assertThat(introspection.json().path("active").asBoolean()).as(introspection.body()).isTrue();
        assertThat(introspection.text("auth_mode")).isEqualTo("registration");

        JsonResponse refreshed = person.client.refresh(tokens.text("refresh_token"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(claim(refreshed.text("access_token"), "auth_mode")).as("the session keeps its mode").isEqualTo("registration");

        // what a realm admin sees under Events: code sent (after SMTP accepted it; no account yet, so by
        // address), then the account registered and the email verified
        String userId = created.getId();
        List<EventRepresentation> sent = RealmEvents.await(server, "SEND_VERIFY_EMAIL", null, 1,
                "the code mail sent", RealmEvents.detail("email", person.email));
        assertThat(sent).filteredOn(e -> person.email.equals(e.getDetails().get("email"))).singleElement().satisfies(e -> {
            assertThat(e.getClientId()).isEqualTo("simptel-web");
            assertThat(e.getIpAddress()).isNotBlank();
            assertThat(e.getDetails()).containsEntry("email", person.email).containsEntry("simptel_flow", "registration")
                    .containsEntry("simptel_mail", "code");
            assertThat(e.getDetails().toString()).doesNotContain(code);
        });
        List<EventRepresentation> verified = RealmEvents.await(server, "VERIFY_EMAIL", userId, 1, "the email verified", e -> true);
        assertThat(verified).singleElement().satisfies(e ->
                assertThat(e.getDetails()).containsEntry("email", person.email).containsEntry("simptel_flow", "registration"));
        assertThat(RealmEvents.await(server, "REGISTER", userId, 1, "the account registered", e -> true)).hasSize(1);
    }

    @Test
    void aWrongCodeIsRefusedWithAMessageAndTheRightOneStillWorks(SimptelServer server) {
        EmailCodeJourney person = EmailCodeJourney.newPerson(server);
        person.registerFromScratch();
        String code = person.code(1);

        Page wrong = person.enterCode(otherThan(code));
        person.assertOnCodePage();
        assertThat(wrong.text()).contains("That code is not correct. Tries left for this code: 4.");
        assertThat(wrong.html().selectFirst(EmailCodePage.CODE).attr("aria-invalid")).isEqualTo("true");

        Page missing = person.enterCode("");
        person.assertOnCodePage();
        assertThat(missing.text()).contains("Please enter the code from the email.");

        Page letters = person.enterCode("abcdef");
        person.assertOnCodePage();
        assertThat(letters.text()).contains("Tries left for this code: 3.");

        person.enterCode(code);
        assertThat(claim(person.tokens().text("access_token"), "auth_mode")).isEqualTo("registration");

        List<EventRepresentation> failures = RealmEvents.await(server, "VERIFY_EMAIL_ERROR", null, 2, "the two wrong codes",
                e -> "wrong_code".equals(e.getDetails().get("reason")) && person.email.equals(e.getDetails().get("email")));
        assertThat(failures).filteredOn(e -> "wrong_code".equals(e.getDetails().get("reason"))
                        && person.email.equals(e.getDetails().get("email")))
                .hasSize(2)
                .allSatisfy(e -> {
                    assertThat(e.getError()).isEqualTo("invalid_code");
                    assertThat(e.getDetails()).containsEntry("simptel_flow", "registration");
                });
    }

    /**
     * The registration flow's step as realm-config sets it up (five tries per code), on a copy whose
     * only change is a 1 s resend cooldown (realm-config's 30 s would be waited for here in every
     * pass), bound as the realm's registration flow for this test.
     */
    @Test
    void afterFiveWrongTriesTheCodeIsDeadEvenForTheRightCode(SimptelServer server) throws Exception {
        try (FlowCopy flow = FlowCopy.withEmailCodeStep(server, "simptel registration",
                Map.of("resendCooldownSeconds", "1"));
             AutoCloseable bound = flow.asRealmRegistrationFlow()) {
            EmailCodeJourney person = EmailCodeJourney.newPerson(server);
            person.registerFromScratch();
            Instant sent = Instant.now(); // the code was issued before the page came back
            String code = person.code(1);

            for (int i = 1; i <= 4; i++) {
                assertThat(person.enterCode(otherThan(code)).text()).contains("Tries left for this code: " + (5 - i) + ".");
            }
            Page fifth = person.enterCode(otherThan(code));
            person.assertOnCodePage();
            assertThat(fifth.text()).contains("This code can no longer be used after too many wrong tries. Please request a new one.");
            assertThat(fifth.html().selectFirst(EmailCodePage.CODE).hasAttr("disabled")).isTrue();
            assertThat(fifth.hasElement(EmailCodePage.RESEND)).isTrue();

            Page right = person.enterCode(code);
            person.assertOnCodePage();
            assertThat(right.text()).contains("This code can no longer be used");
            assertThat(person.user()).as("no account: nothing of anyone's can be locked by these wrong codes").isNull();
            assertThat(RealmEvents.await(server, "VERIFY_EMAIL_ERROR", null, 1, "the right code refused unchecked",
                    e -> "code_exhausted".equals(e.getDetails().get("reason")) && person.email.equals(e.getDetails().get("email"))))
                    .as("the right code after five wrong ones was not even compared").isNotEmpty();

            // a new code (after the cooldown) has its own tries and creates the account
            Await.clockPast(sent.plusMillis(1200));
            assertThat(person.resend().text()).contains("We sent you a new code.");
            person.enterCode(person.code(2));
            assertThat(person.user().isEmailVerified()).isTrue();
        }
    }

    @Test
    void aResendIsRefusedDuringTheCooldownAndNoSecondMailGoesOut(SimptelServer server) {
        EmailCodeJourney person = EmailCodeJourney.newPerson(server);
        person.registerFromScratch();
        String code = person.code(1);

        Page early = person.resend();
        person.assertOnCodePage();
        assertThat(early.text()).containsPattern("Please wait ([1-9]|[12][0-9]|30) seconds before requesting a new code.");
        assertThat(early.html().selectFirst(EmailCodePage.RESEND).attr("data-wait")).matches("([1-9]|[12][0-9]|30)");

        // the refused resend issued nothing: once the mail thread is idle, the one code this flow
        // queued is the only mail on record
        RealmEvents.awaitMailThreadsIdle(server);
        assertThat(RealmEvents.await(server, "SEND_VERIFY_EMAIL", null, 1, "the code mail sent",
                RealmEvents.detail("email", person.email))).hasSize(1);
        assertThat(server.mail().messagesTo(person.email)).hasSize(1);

        person.enterCode(code);
        person.tokens();
    }

    @Test
    void aUsedCodeCannotBeReplayedNorUsedInALaterFlow(SimptelServer server) {
        EmailCodeJourney person = EmailCodeJourney.newPerson(server);
        person.registerFromScratch();
        String code = person.code(1);
        var form = person.page.form(EmailCodePage.FORM).set("code", code);
        person.page = form.submit();
        person.tokens();

        // without the SSO session the accepted code was part of, replaying its form gives the client nothing
        UserRepresentation registered = person.user();
        server.realm().users().get(registered.getId()).logout();
        Page replay = form.submit();
        assertThat(replay.isRedirect() && replay.location().toString().startsWith(person.client.redirectUri()))
                .as("replay answered " + replay.status() + (replay.isRedirect() ? " -> " + replay.location() : ": " + replay.text()))
                .isFalse();

        // the same person made unverified again must get a new code; the old one is refused
        UserRepresentation user = person.user();
        user.setEmailVerified(false);
        server.realm().users().get(user.getId()).update(user);
        EmailCodeJourney later = new EmailCodeJourney(server, person.client, person.username, person.email);
        later.authorize();
        later.login();
        later.assertOnCodePage();
        String second = later.code(2);
        assertThat(second).isNotEqualTo(code);
        if (!code.equals(second)) {
            assertThat(later.enterCode(code).text()).contains("That code is not correct.");
        }
        later.enterCode(second);
        assertThat(claim(later.tokens().text("access_token"), "auth_mode")).isEqualTo("authentication");
    }

    @Test
    void aCodeFromAnotherBrowserOrFlowIsRefused(SimptelServer server) {
        EmailCodeJourney registering = EmailCodeJourney.newPerson(server);
        registering.registerFromScratch();
        String codeA = registering.code(1);

        EmailCodeJourney other = EmailCodeJourney.newPerson(server, OidcClient.spa(server));
        other.registerFromScratch();
        String codeB = other.code(1);

        if (!codeA.equals(codeB)) {
            assertThat(other.enterCode(codeA).text()).contains("That code is not correct.");
            assertThat(registering.enterCode(codeB).text()).contains("That code is not correct.");
        }
        registering.enterCode(codeA);
        assertThat(claim(registering.tokens().text("access_token"), "auth_mode")).isEqualTo("registration");
        other.enterCode(codeB);
        Map<String, String> params = other.client.redirectParamsTo(other.page);
        assertThat(params).containsKey("code");
        assertThat(other.user().getEmail()).isEqualTo(other.email);
    }

    /** Issue 18: a registration left before its code leaves no account: the password opens nothing, the name is free. */
    @Test
    void anAbandonedRegistrationLeavesNoAccount(SimptelServer server) {
        EmailCodeJourney person = EmailCodeJourney.newPerson(server);
        person.registerFromScratch();
        person.awaitMails(1);

        EmailCodeJourney later = new EmailCodeJourney(server, person.client, person.username, person.email);
        later.authorize();
        Page refused = later.login();
        assertThat(refused.isRedirect()).isFalse();
        assertThat(refused.text()).contains("Invalid username or password.");
        assertThat(person.user()).isNull();

        // the same person registers again from scratch and finishes
        EmailCodeJourney again = new EmailCodeJourney(server, person.client, person.username, person.email);
        again.registerFromScratch();
        again.enterCode(again.code(2));
        assertThat(claim(again.tokens().text("access_token"), "auth_mode")).isEqualTo("registration");
        assertThat(person.user().isEmailVerified()).isTrue();

        // once verified, the next login has no code step
        EmailCodeJourney third = new EmailCodeJourney(server, person.client, person.username, person.email);
        third.authorize();
        third.login();
        third.tokens();
        RealmEvents.awaitMailThreadsIdle(server);
        assertThat(server.mail().messagesTo(person.email)).hasSize(2);
    }

    @Test
    void aVerifiedUserLogsInWithoutTheStepAndTheTokenSaysAuthentication(SimptelServer server) {
        int before = server.mail().messagesTo("alice@simptel.local").size();
        JsonResponse tokens = OidcClient.web(server).login(new HttpBrowser(server.baseUrl()), "alice", "alice-password");
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(claim(tokens.text("access_token"), "auth_mode")).isEqualTo("authentication");
        assertThat(claim(tokens.text("id_token"), "auth_mode")).isEqualTo("authentication");
        RealmEvents.awaitMailThreadsIdle(server);
        assertThat(server.mail().messagesTo("alice@simptel.local")).hasSize(before);
    }

    @Test
    void codePageAndMailFollowUiLocales(SimptelServer server) {
        EmailCodeJourney person = EmailCodeJourney.newPerson(server);
        person.authorize(Map.of("ui_locales", "de"));
        person.openRegistration();
        person.register();
        person.assertOnCodePage();
        assertThat(person.page.text()).contains("Prüfen Sie Ihre E-Mails")
                .contains("Wir haben einen 8-stelligen Code an Ihre E-Mail-Adresse gesendet")
                .contains("10 Minuten gültig");
        assertThat(person.page.html().selectFirst("html").attr("lang")).isEqualTo("de");

        MimeMessage mail = person.awaitMails(1).get(0);
        assertThat(MailCodes.subject(mail)).isEqualTo("Ihr Bestätigungscode für Simptel");
        assertThat(com.simptel.keycloak.harness.MailText.of(mail).plain())
                .contains("Ihr Bestätigungscode für Simptel lautet").contains("10 Minuten gültig");

        String code = MailCodes.codeIn(mail);
        assertThat(person.enterCode(otherThan(code)).text()).contains("Dieser Code ist nicht korrekt.");
        person.enterCode(code);
        person.tokens();
    }
}
