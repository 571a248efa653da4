package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.MailCodes;
import com.simptel.keycloak.it.support.RecoveryPages;
import com.simptel.keycloak.it.support.EmailCodePage;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.RealBrowser;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole "Forgot password?" journey once in headless Chromium (choose user, emailed code,
 * authenticator-app code, new password), the TOTP page kept as a screenshot.
 */
@SimptelIT
class RecoveryInChromiumIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void spaUserRecoversTheAccountWithTheAuthenticatorApp(SimptelServer server) throws Exception {
        TestUser user = users.user("chromium").withTotp().create();
        OidcClient spa = OidcClient.spa(server);
        Pkce pkce = Pkce.s256();
        String state = UUID.randomUUID().toString();

        try (RealBrowser browser = RealBrowser.start(server, "en")) {
            LoginPage.open(browser, spa.authorizationUrl(pkce, state, "openid profile"));
            browser.driver().findElement(By.cssSelector(LoginPage.FORGOT_PASSWORD_LINK)).click();

            browser.waitUntil(d -> d.findElement(By.cssSelector(RecoveryPages.CHOOSE_USER_FORM)));
            browser.driver().findElement(By.cssSelector(RecoveryPages.USERNAME)).sendKeys(user.username());
            browser.driver().findElement(By.cssSelector(RecoveryPages.CHOOSE_USER_SUBMIT)).click();

            // The emailed code, read from the real SMTP server as the user would read their mail.
            WebElement emailCode = browser.waitUntil(d -> d.findElement(By.cssSelector(EmailCodePage.FORM + " input" + EmailCodePage.CODE)));
            List<MimeMessage> mails = server.mail().awaitMessagesTo(user.email(), 1, Duration.ofSeconds(30));
            emailCode.sendKeys(MailCodes.codeIn(mails.get(0)));
            browser.driver().findElement(By.cssSelector(EmailCodePage.SUBMIT)).click();

            WebElement code = browser.waitUntil(d -> d.findElement(By.cssSelector(RecoveryPages.TOTP)));
            assertThat(code.getAttribute("autocomplete")).isEqualTo("one-time-code");
            assertThat(code.getAttribute("inputmode")).isEqualTo("numeric");
            assertThat(browser.driver().switchTo().activeElement()).isEqualTo(code); // autofocus
            assertThat(browser.driver().findElement(By.cssSelector(RecoveryPages.PAGE_TITLE)).getText()).isEqualTo("Account recovery");
            Path shot = browser.screenshot("recovery-totp-page");
            assertThat(shot).exists().isNotEmptyFile();

            code.sendKeys(user.totp().now());
            browser.driver().findElement(By.cssSelector(RecoveryPages.TOTP_SUBMIT)).click();

            browser.waitUntil(d -> d.findElement(By.cssSelector(RecoveryPages.NEW_PASSWORD_FORM)));
            browser.driver().findElement(By.cssSelector(RecoveryPages.NEW_PASSWORD)).sendKeys("Chromium-new-1");
            browser.driver().findElement(By.cssSelector(RecoveryPages.CONFIRM_PASSWORD)).sendKeys("Chromium-new-1");
            browser.driver().findElement(By.cssSelector(RecoveryPages.NEW_PASSWORD_SUBMIT)).click();

            // The SPA's redirect URI has no server behind it: the URL is what the app would read.
            String url = browser.waitUntil(d -> d.getCurrentUrl().startsWith(spa.redirectUri()) ? d.getCurrentUrl() : null);
            Map<String, String> params = redirectParams(url);
            assertThat(params).containsEntry("state", state).containsKey("code");
            JsonResponse tokens = spa.exchangeCode(params.get("code"), pkce.verifier(), OidcClient.Auth.NONE);
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        }
        assertThat(server.mail().awaitMessagesTo(user.email(), 2, Duration.ofSeconds(20)).get(1).getSubject())
                .isEqualTo("Your Simptel account was recovered");
    }

    /** The query parameters of the URL the browser landed on, read as the app's callback would. */
    private static Map<String, String> redirectParams(String url) {
        HttpHeaders headers = HttpHeaders.of(Map.of("Location", List.of(url)), (name, value) -> true);
        return new Page(null, 302, URI.create(url), "", headers).redirectParams();
    }
}
