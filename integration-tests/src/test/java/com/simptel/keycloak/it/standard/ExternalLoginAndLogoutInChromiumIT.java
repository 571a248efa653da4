package com.simptel.keycloak.it.standard;

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
            browser.waitUntil(d -> d.findElement(By.id("social-external-oidc"))).click();

            browser.waitUntil(d -> d.getCurrentUrl().contains("/realms/simptel-external/") ? d.findElement(By.id("kc-form-login")) : null);
            browser.screenshot("external-provider-login-page");
            browser.driver().findElement(By.id("username")).sendKeys("erin");
            browser.driver().findElement(By.id("password")).sendKeys("erin-password");
            browser.driver().findElement(By.id("kc-login")).click();
            String callback = browser.waitUntil(d -> d.getCurrentUrl().startsWith(web.redirectUri()) ? d.getCurrentUrl() : null);
            assertThat(callback).contains("state=" + state).contains("code=");

            String logoutState = UUID.randomUUID().toString();
            Map<String, String> logout = new LinkedHashMap<>();
            logout.put("client_id", web.clientId());
            logout.put("post_logout_redirect_uri", "http://localhost:3000/logged-out");
            logout.put("state", logoutState);
            logout.put("ui_locales", "de");
            browser.driver().get(web.url("logout", logout));
            browser.waitUntil(d -> d.findElement(By.id("kc-logout")));
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
            assertThat(browser.driver().getPageSource()).contains("Wollen Sie sich abmelden?");
            browser.screenshot("logout-confirmation-de");
            browser.driver().findElement(By.id("kc-logout")).click();

            String loggedOut = browser.waitUntil(d -> d.getCurrentUrl().startsWith("http://localhost:3000/logged-out")
                    ? d.getCurrentUrl() : null);
            assertThat(loggedOut).contains("state=" + logoutState);
        }
    }
}
