package com.simptel.keycloak.it.standard;

import com.simptel.keycloak.it.support.LogoutPage;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.RealBrowser;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other page flows of the standard endpoints, once in a real browser: signing in through the
 * external provider's button on the simptel login page, and the German logout confirmation.
 */
@SimptelIT
class ExternalLoginAndLogoutInChromiumIT {

    private final SimptelServer server;

    ExternalLoginAndLogoutInChromiumIT(SimptelServer server) {
        this.server = server;
    }

    @AfterEach
    void removeBrokeredErin() {
        for (UserRepresentation user : server.realm().users().search("erin", true)) {
            server.realm().users().delete(user.getId()).close();
        }
    }

    @Test
    void personSignsInWithTheExternalProviderThenLogsOutInGerman() {
        OidcClient web = OidcClient.web(server);
        String state = UUID.randomUUID().toString();

        try (RealBrowser browser = RealBrowser.start(server, "de")) {
            browser.driver().get(web.authorizationUrl(Pkce.s256(), state, "openid"));
            browser.waitUntil(d -> d.findElement(By.cssSelector(LoginPage.socialLink("external-oidc")))).click();

            browser.waitUntil(d -> d.getCurrentUrl().contains("/realms/simptel-external/") ? d.findElement(By.cssSelector(LoginPage.FORM)) : null);
            browser.screenshot("external-provider-login-page");
            LoginPage.signIn(browser, "erin", "erin-password");
            String callback = browser.waitUntil(d -> d.getCurrentUrl().startsWith(web.redirectUri()) ? d.getCurrentUrl() : null);
            assertThat(callback).contains("state=" + state).contains("code=");

            String logoutState = UUID.randomUUID().toString();
            Map<String, String> logout = new LinkedHashMap<>();
            logout.put("client_id", web.clientId());
            logout.put("post_logout_redirect_uri", "http://localhost:3000/logged-out");
            logout.put("state", logoutState);
            logout.put("ui_locales", "de");
            browser.driver().get(web.url("logout", logout));
            browser.waitUntil(d -> d.findElement(By.cssSelector(LogoutPage.CONFIRM)));
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
            assertThat(browser.driver().getPageSource()).contains("Wollen Sie sich abmelden?");
            browser.screenshot("logout-confirmation-de");
            browser.driver().findElement(By.cssSelector(LogoutPage.CONFIRM)).click();

            String loggedOut = browser.waitUntil(d -> d.getCurrentUrl().startsWith("http://localhost:3000/logged-out")
                    ? d.getCurrentUrl() : null);
            assertThat(loggedOut).contains("state=" + logoutState);
        }
    }
}
