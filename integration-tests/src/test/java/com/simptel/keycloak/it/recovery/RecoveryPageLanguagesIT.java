package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.BruteForceStatus;
import com.simptel.keycloak.it.support.RecoveryPages;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.harness.MailText;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The recovery page and notice in the browser's language, and the code field as phones need it. */
@SimptelIT
class RecoveryPageLanguagesIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void codeFieldIsAOneTimeCodeFieldWithANumericKeyboardAndNoDeviceList(SimptelServer server) {
        TestUser user = users.user("page-field").withTotp().create();
        RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
        journey.chooseUser(user, server.mail());
        Page page = journey.proveMailbox();
        Element input = page.html().selectFirst(RecoveryPages.TOTP);
        assertThat(input).isNotNull();
        assertThat(input.attr("name")).isEqualTo("otp");
        assertThat(input.attr("autocomplete")).isEqualTo("one-time-code");
        assertThat(input.attr("inputmode")).isEqualTo("numeric");
        assertThat(input.hasAttr("autofocus")).isTrue();
        assertThat(page.html().selectFirst(RecoveryPages.TOTP_FORM).attr("method")).isEqualTo("post");
        // Keycloak's OTP page lists the user's devices; this one must not (it would tell who has one).
        assertThat(page.body()).doesNotContain("kc-otp-credential", "Test authenticator app");
        // The typed name, read-only, with Keycloak's restart button, as on its other login pages.
        assertThat(page.html().selectFirst(RecoveryPages.ATTEMPTED_USERNAME).val()).isEqualTo(user.username());
        assertThat(page.hasElement(RecoveryPages.BACK_TO_LOGIN)).isTrue();
    }

    @Test
    void germanBrowserGetsTheGermanPageAndNotice(SimptelServer server) throws Exception {
        TestUser user = users.user("page-de").withTotp().create();
        HttpBrowser browser = new HttpBrowser(server.baseUrl()).acceptLanguage("de");
        RecoveryJourney journey = RecoveryJourney.start(browser, OidcClient.web(server));

        Page emailPage = journey.chooseUser(user, server.mail());
        assertThat(emailPage.html().selectFirst("html").attr("lang")).isEqualTo("de");
        Page page = journey.proveMailbox();
        assertThat(page.html().selectFirst("html").attr("lang")).isEqualTo("de");
        assertThat(page.html().selectFirst(RecoveryPages.PAGE_TITLE).text()).isEqualTo("Konto wiederherstellen");
        assertThat(page.text()).contains("Code aus Ihrer Authenticator-App", "Bestätigen",
                "Öffnen Sie die Authenticator-App");

        Page wrong = journey.enterCode(user.totp().wrongCode());
        assertThat(wrong.text()).contains("Dieser Code wurde nicht akzeptiert.");
        // Keycloak records the failure on a background executor: let it land before the next try,
        // as a person would, so the realm's one-second quick-login rule does not meet two in flight.
        BruteForceStatus.awaitFailures(server, user.id(), 1);

        assertThat(journey.enterCode(user.totp().now()).hasElement(RecoveryPages.NEW_PASSWORD_FORM)).isTrue();
        journey.setNewPassword("Neues-Passwort-1");
        List<MimeMessage> mails = server.mail().awaitMessagesTo(user.email(), 2, Duration.ofSeconds(20));
        MimeMessage notice = mails.get(mails.size() - 1);
        assertThat(notice.getSubject()).isEqualTo("Ihr Simptel-Konto wurde wiederhergestellt");
        assertThat(MailText.of(notice).plain()).contains("Jemand hat den Zugriff auf Ihr Postfach nachgewiesen",
                "Zeitpunkt: ", "IP-Adresse: 127.0.0.1", "Wenn Sie das nicht waren", "Ihr Simptel-Team");
    }

    @Test
    void frenchBrowserGetsTheFrenchPage(SimptelServer server) {
        TestUser user = users.user("page-fr").withTotp().create();
        HttpBrowser browser = new HttpBrowser(server.baseUrl()).acceptLanguage("fr");
        RecoveryJourney journey = RecoveryJourney.start(browser, OidcClient.web(server));
        journey.chooseUser(user, server.mail());
        Page page = journey.proveMailbox();
        assertThat(page.html().selectFirst(RecoveryPages.PAGE_TITLE).text()).isEqualTo("Récupération du compte");
        assertThat(page.text()).contains("Code de votre application d’authentification", "Vérifier");
    }
}
