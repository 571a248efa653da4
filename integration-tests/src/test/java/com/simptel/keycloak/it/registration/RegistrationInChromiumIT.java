package com.simptel.keycloak.it.registration;

import com.simptel.keycloak.it.support.EmailCodePage;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.MailCodes;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.RealBrowser;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The SPA's registration in real headless Chromium: form, emailed code, back to the app with a code. */
@SimptelIT
class RegistrationInChromiumIT {

    @Test
    void spaRegistrationWithTheEmailedCode(SimptelServer server) {
        OidcClient spa = OidcClient.spa(server);
        Pkce pkce = Pkce.s256();
        String state = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString().substring(0, 8);
        String email = "chromium-" + id + "@simptel.test";

        try (RealBrowser browser = RealBrowser.start(server, "en")) {
            WebDriver driver = browser.driver();
            LoginPage.open(browser, spa.authorizationUrl(pkce, state, "openid profile email"));
            driver.findElement(By.cssSelector(LoginPage.REGISTRATION_LINK)).click();
            browser.waitUntil(d -> d.findElement(By.cssSelector(RegistrationPage.FORM)));

            Map.of("username", "chromium-" + id, "email", email, "firstName", "Chrome", "lastName", "Ium",
                    "password", EmailCodeJourney.NEW_PASSWORD, "password-confirm", EmailCodeJourney.NEW_PASSWORD)
                    .forEach((field, value) -> driver.findElement(By.cssSelector(RegistrationPage.FORM + " [name='" + field + "']")).sendKeys(value));
            driver.findElement(By.cssSelector(RegistrationPage.SUBMIT)).click();

            WebElement input = browser.waitUntil(d -> d.findElement(By.cssSelector(EmailCodePage.CODE)));
            assertThat(input.getAttribute("autocomplete")).isEqualTo("one-time-code");
            assertThat(input.getAttribute("inputmode")).isEqualTo("numeric");
            WebElement resend = driver.findElement(By.cssSelector(EmailCodePage.RESEND));
            // the page's script counts the cooldown down on the button
            assertThat(resend.isEnabled()).isFalse();
            assertThat(resend.getText()).matches("Send a new code \\(\\d+ s\\)");
            Path shot = browser.screenshot("registration-email-code-page");
            assertThat(shot).exists().isNotEmptyFile();

            String code = MailCodes.codeIn(server.mail().awaitMessagesTo(email, 1, MailCodes.MAIL_WAIT).get(0));
            input.sendKeys(code);
            driver.findElement(By.cssSelector(EmailCodePage.SUBMIT)).click();

            String url = browser.waitUntil(d -> d.getCurrentUrl().startsWith(spa.redirectUri()) ? d.getCurrentUrl() : null);
            assertThat(url).contains("state=" + state).contains("code=");
        }
    }
}
