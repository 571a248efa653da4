package com.simptel.keycloak.it.demo;

import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.DemoUserLogins;
import com.simptel.keycloak.it.support.RealBrowser;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.harness.DemoUsers.DemoTotp;
import com.simptel.keycloak.harness.DemoUsers.DemoUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each demo user signs in to Keycloak's account console in Chromium, with the login the run
 * banner prints (and the authenticator app's code where the user has one), and the console
 * shows the user's name: it showed "Something went wrong" for users imported without the realm's
 * default roles. One browser for all four, each user starting signed out of everything.
 */
@SimptelIT
class AccountConsoleInChromiumIT {

    /** One Chromium for the four users, each signed out of everything before (cookies and storage gone). */
    private static RealBrowser browser;

    @BeforeAll
    static void startBrowser(SimptelServer server) {
        browser = RealBrowser.start(server, "en");
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @ParameterizedTest(name = "{1} in realm {0}")
    @CsvSource({
            "simptel,          alice, Alice Example",
            "simptel,          bob,   Bob Example",
            "simptel,          carol, Carol Example",
            "simptel-external, erin,  Erin External"})
    void demoUserSeesTheirNameInTheAccountConsole(String realm, String username, String fullName,
                                                  SimptelServer server) {
        DemoUser user = DemoUserLogins.user(server, realm, username);
        Optional<DemoTotp> totp = DemoUserLogins.totp(server, user);

        browser.forgetSessions(server.baseUrl());
        browser.driver().get(server.realmUrl(realm) + "/account");
        LoginPage.signIn(browser, user.username(), user.password());
        if (totp.isPresent()) {
            LoginPage.enterTotp(browser, DemoUserLogins.unusedCode(totp.get()));
        }

        WebElement name = browser.waitUntil(d -> d.findElements(
                By.xpath("//*[normalize-space(text())='" + fullName + "']")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
        browser.screenshot("account-console-" + realm + "-" + username);
        assertThat(name.getText()).isEqualTo(fullName);
        assertThat(browser.driver().getPageSource()).doesNotContain("Something went wrong");
    }
}
