package com.simptel.keycloak.it.standard;

import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.RealBrowser;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The SPA's code + PKCE login, once in a real browser, on the simptel login theme. */
@SimptelIT
class LoginInChromiumIT {

    @Test
    void spaSignsInThroughTheThemedLoginPage(SimptelServer server) {
        OidcClient spa = OidcClient.spa(server);
        Pkce pkce = Pkce.s256();
        String state = UUID.randomUUID().toString();

        try (RealBrowser browser = RealBrowser.start(server, "en")) {
            LoginPage.open(browser, spa.authorizationUrl(pkce, state, "openid profile"));
            assertThat(browser.driver().getPageSource()).contains("css/simptel.css");
            assertThat(browser.driver().getTitle()).isEqualTo("Sign in to Simptel");
            Path shot = browser.screenshot("login-page-simptel-theme");
            assertThat(shot).exists();

            LoginPage.signIn(browser, "alice@simptel.local", "alice-password");
            // The SPA's redirect URI has no server behind it: the URL is what the app would read.
            String url = browser.waitUntil(d -> d.getCurrentUrl().startsWith(spa.redirectUri()) ? d.getCurrentUrl() : null);
            assertThat(url).contains("state=" + state).contains("code=");
        }
    }
}
