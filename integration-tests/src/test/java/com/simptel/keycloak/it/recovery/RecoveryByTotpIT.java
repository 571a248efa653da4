package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.RecoveryPages;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.EmailCodePage;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole "Forgot password?" journey: the realm-config
 * flow (emailed code, then TOTP), and the same with the email step switched off.
 */
@SimptelIT
class RecoveryByTotpIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void mailboxAndTotpRecoverTheAccountWithANewPasswordAnAccountRecoveryTokenAndANotice(SimptelServer server)
            throws Exception {
        TestUser user = users.user("rec-ok").withTotp().create();
        String newPassword = "New-password-" + UUID.randomUUID().toString().substring(0, 6);

        RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
        Page emailPage = journey.chooseUser(user, server.mail());
        assertThat(emailPage.hasElement(EmailCodePage.FORM)).as(emailPage.text()).isTrue();

        Page codePage = journey.proveMailbox();
        assertThat(codePage.hasElement(RecoveryPages.TOTP_FORM)).as(codePage.text()).isTrue();
        assertThat(codePage.text()).contains("Account recovery", "Code from your authenticator app");

        Page passwordPage = journey.enterCode(user.totp().now());
        assertThat(passwordPage.hasElement(RecoveryPages.NEW_PASSWORD_FORM)).as(passwordPage.text()).isTrue();
        journey.setNewPassword(newPassword);

        JsonResponse tokens = journey.tokens(OidcClient.Auth.BASIC);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        for (String token : List.of(tokens.text("access_token"), tokens.text("id_token"))) {
            assertThat(Jwt.claim(token, "preferred_username")).isEqualTo(user.username());
            assertThat(Jwt.claim(token, "auth_mode")).isEqualTo("accountRecovery");
        }

        assertNewPasswordWorksOldDoesNotAndTotpIsKept(server, user, newPassword);

        // The code mail first, then the notice, which says that both were proven.
        List<MimeMessage> mails = server.mail().awaitMessagesTo(user.email(), 2, Duration.ofSeconds(20));
        MimeMessage notice = mails.get(mails.size() - 1);
        assertThat(notice.getSubject()).isEqualTo("Your Simptel account was recovered");
        MailText mail = MailText.of(notice);
        assertThat(mail.plain()).contains("someone proved access to your mailbox and entered a code from your"
                        + " authenticator app", "When: ", " UTC", "IP address: 127.0.0.1", "Browser: Chrome 156",
                "(Linux)", "If this was not you", "/realms/simptel/account").doesNotContain("${");
        assertThat(mail.html()).contains("<table", "127.0.0.1", "Chrome 156");

        List<EventRepresentation> events = RealmEvents.of(server, "RESET_PASSWORD", user.id());
        assertThat(events).extracting(e -> e.getDetails().get("recovery_step")).contains("started", "completed");
        EventRepresentation completed = events.stream()
                .filter(e -> "completed".equals(e.getDetails().get("recovery_step"))).findFirst().orElseThrow();
        assertThat(completed.getDetails()).containsEntry("credential_type", "otp").containsEntry("mailbox_proven", "true")
                .containsEntry("notification", "queued").containsEntry("username", user.username());
        // SMTP's answer comes after the request, from the mail thread: the notice above was taken
        assertThat(RecoveryJourney.awaitNoticeEvent(server, user.id()).getDetails())
                .containsEntry("simptel_mail", "recovery_notice").containsEntry("email", user.email());
        assertThat(RealmEvents.of(server, "VERIFY_EMAIL", user.id()))
                .as("the emailed-code step's own event").isNotEmpty();
    }

    @Test
    void withTheEmailStepSwitchedOffTheTotpAloneRecoversTheAccount(SimptelServer server) throws Exception {
        TestUser user = users.user("rec-nomail").withTotp().create();
        try (RecoveryFlowAdmin.Undo off = RecoveryFlowAdmin.emailStepOff(server)) {
            RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.spa(server));
            Page codePage = journey.chooseUser(user.username());
            assertThat(codePage.hasElement(RecoveryPages.TOTP_FORM)).as(codePage.text()).isTrue();
            assertThat(journey.enterCode(user.totp().now()).hasElement(RecoveryPages.NEW_PASSWORD_FORM)).isTrue();
            journey.setNewPassword("Totp-only-new-1");
            JsonResponse tokens = journey.tokens(OidcClient.Auth.NONE);
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            assertThat(Jwt.claims(tokens.text("access_token")).getStringClaim("auth_mode"))
                    .isEqualTo("accountRecovery");
        }
        // No code mail: the notice is the only mail, and it says only the authenticator app was proven.
        List<MimeMessage> mails = server.mail().awaitMessagesTo(user.email(), 1, Duration.ofSeconds(20));
        assertThat(mails).hasSize(1);
        assertThat(MailText.of(mails.get(0)).plain()).contains("someone entered a code from your authenticator app")
                .doesNotContain("mailbox");
        assertThat(RealmEvents.of(server, "RESET_PASSWORD", user.id()))
                .anySatisfy(e -> assertThat(e.getDetails()).containsEntry("recovery_step", "completed")
                        .containsEntry("mailbox_proven", "false"));
    }

    /** Signs in with the new password (the browser flow asks for the TOTP, which must still work). */
    static void assertNewPasswordWorksOldDoesNotAndTotpIsKept(SimptelServer server, TestUser user, String newPassword) {
        OidcClient web = OidcClient.web(server);
        Pkce pkce = Pkce.s256();
        Page login = new HttpBrowser(server.baseUrl()).open(web.authorizationUrl(pkce, "after-recovery", "openid"));
        Page otp = LoginPage.signIn(login, user.username(), newPassword);
        assertThat(otp.hasElement(LoginPage.OTP_FORM)).as(otp.text()).isTrue();
        // The code used for the recovery is spent; the next time step's is within the look-ahead window.
        Page back = LoginPage.enterTotp(otp, user.totp().stepsFromNow(1));
        JsonResponse tokens = web.exchangeCode(web.redirectParamsTo(back).get("code"), pkce.verifier(), OidcClient.Auth.BASIC);
        assertThat(tokens.status()).isEqualTo(200);
        try {
            // An ordinary login afterwards is "authentication" again: the mode belongs to the session.
            assertThat(Jwt.claims(tokens.text("access_token")).getStringClaim("auth_mode"))
                    .isEqualTo("authentication");
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
        // The authenticator app is kept as it was (Keycloak issue 38593).
        assertThat(server.realm().users().get(user.id()).credentials())
                .extracting(CredentialRepresentation::getType).containsExactlyInAnyOrder("password", "otp");

        Page again = new HttpBrowser(server.baseUrl()).open(web.authorizationUrl(Pkce.s256(), "s", "openid"));
        Page refused = LoginPage.signIn(again, user.username(), user.password());
        assertThat(refused.isRedirect()).isFalse();
        assertThat(refused.text()).contains("Invalid username or password");
    }
}
