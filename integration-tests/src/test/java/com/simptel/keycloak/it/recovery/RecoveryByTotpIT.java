package com.simptel.keycloak.it.recovery;

import com.nimbusds.jwt.SignedJWT;
import com.simptel.keycloak.it.recovery.RecoveryUsers.TestUser;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.launcher.MailText;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed: POST /accountrecovery/callback — the whole "Forgot password?" journey with a TOTP. */
@SimptelIT
class RecoveryByTotpIT {

    private static RecoveryUsers users;
    private static SessionNoteClient noteClient;

    @BeforeAll
    static void setUp(SimptelServer server) {
        users = new RecoveryUsers(server);
        noteClient = SessionNoteClient.create(server);
    }

    @AfterAll
    static void tearDown() {
        noteClient.close();
        users.close();
    }

    @Test
    void totpRecoverySetsANewPasswordLogsInAsAccountRecoveryAndSendsANotice(SimptelServer server) throws Exception {
        TestUser user = users.withTotp("rec-ok");
        String newPassword = "New-password-" + UUID.randomUUID().toString().substring(0, 6);

        RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), noteClient.oidc());
        Page codePage = journey.chooseUser(user.username());
        assertThat(codePage.hasElement(RecoveryJourney.CODE_FORM)).as(codePage.text()).isTrue();
        assertThat(codePage.text()).contains("Account recovery", "Code from your authenticator app");

        Page passwordPage = journey.enterCode(user.totp().now());
        assertThat(passwordPage.hasElement(RecoveryJourney.NEW_PASSWORD_FORM)).as(passwordPage.text()).isTrue();

        journey.setNewPassword(newPassword);
        JsonResponse tokens = journey.tokens(OidcClient.Auth.NONE);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        SignedJWT accessToken = SignedJWT.parse(tokens.text("access_token"));
        assertThat(accessToken.getJWTClaimsSet().getStringClaim("preferred_username")).isEqualTo(user.username());
        assertThat(accessToken.getJWTClaimsSet().getStringClaim(SessionNoteClient.CLAIM)).isEqualTo("accountRecovery");

        // The new password signs in, and the authenticator app is kept as it was (Keycloak issue
        // 38593): the ordinary login still asks for its code and accepts it. The old password fails.
        OidcClient web = OidcClient.web(server);
        Pkce pkce = Pkce.s256();
        Page login = new HttpBrowser(server.baseUrl()).open(web.authorizationUrl(pkce, "after-recovery", "openid"));
        Page otp = login.form("#kc-form-login").set("username", user.username()).set("password", newPassword).submit();
        assertThat(otp.hasElement("#kc-otp-login-form")).as(otp.text()).isTrue();
        // The code used for the recovery is spent; the next time step's is within the look-ahead window.
        Page back = otp.form("#kc-otp-login-form").set("otp", user.totp().stepsFromNow(1)).submit();
        assertThat(web.exchangeCode(web.redirectParamsTo(back).get("code"), pkce.verifier(), OidcClient.Auth.BASIC)
                .status()).isEqualTo(200);
        assertThat(server.realm().users().get(user.id()).credentials())
                .extracting(CredentialRepresentation::getType).containsExactlyInAnyOrder("password", "otp");

        Page refused = passwordLogin(server, user.username(), RecoveryUsers.OLD_PASSWORD);
        assertThat(refused.isRedirect()).isFalse();
        assertThat(refused.text()).contains("Invalid username or password");

        List<MimeMessage> mails = server.mail().awaitMessagesTo(user.email(), 1, Duration.ofSeconds(20));
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("Your Simptel account was recovered");
        MailText mail = MailText.of(mails.get(0));
        assertThat(mail.plain()).contains("When: ", " UTC", "IP address: 127.0.0.1", "Browser: Chrome 156",
                "(Linux)", "If this was not you", "/realms/simptel/account");
        // Without the emailed-code step the notice says only what was proven: the authenticator app.
        assertThat(mail.plain()).contains("someone entered a code from your authenticator app")
                .doesNotContain("mailbox");
        assertThat(mail.html()).contains("<table", "127.0.0.1", "Chrome 156");

        List<EventRepresentation> events = server.realm().getEvents(List.of("RESET_PASSWORD"), null, user.id(),
                null, null, null, 0, 50);
        assertThat(events).extracting(e -> e.getDetails().get("recovery_step")).contains("started", "completed");
        EventRepresentation completed = events.stream()
                .filter(e -> "completed".equals(e.getDetails().get("recovery_step"))).findFirst().orElseThrow();
        assertThat(completed.getDetails()).containsEntry("credential_type", "otp")
                .containsEntry("notification", "sent").containsEntry("username", user.username());
    }

    static Page passwordLogin(SimptelServer server, String username, String password) {
        OidcClient web = OidcClient.web(server);
        HttpBrowser browser = new HttpBrowser(server.baseUrl());
        Page login = browser.open(web.authorizationUrl(Pkce.s256(), "s", "openid"));
        return login.form("#kc-form-login").set("username", username).set("password", password).submit();
    }
}
