package com.simptel.keycloak.it.standard;

import com.simptel.keycloak.it.support.LogoutPage;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC RP-initiated logout at the realm's end_session_endpoint, with post_logout_redirect_uri,
 * state, client_id, id_token_hint, logout_hint and ui_locales.
 */
@SimptelIT
class LogoutIT {

    private static final String POST_LOGOUT_URI = "http://localhost:3000/logged-out";

    private final SimptelServer server;
    private final OidcClient web;

    LogoutIT(SimptelServer server) {
        this.server = server;
        this.web = OidcClient.web(server);
    }

    @ParameterizedTest
    @CsvSource({"simptel-web, http://localhost:3000/logged-out", "simptel-spa, http://localhost:5173/"})
    void logoutWithIdTokenHintEndsTheSessionAndReturnsWithTheState(String clientId, String postLogoutUri) {
        OidcClient client = clientId.equals("simptel-spa") ? OidcClient.spa(server) : web;
        HttpBrowser browser = new HttpBrowser(server.baseUrl());
        JsonResponse tokens = client.login(browser, "alice", "alice-password");
        String state = UUID.randomUUID().toString();
        Map<String, String> params = logoutParams(state, tokens.text("id_token"), "de");
        params.put("client_id", clientId);
        params.put("post_logout_redirect_uri", postLogoutUri);

        Page page = browser.open(client.url("logout", params));

        assertThat(page.isRedirect()).as(page.status() + " " + page.text()).isTrue();
        assertThat(page.location().toString()).startsWith(postLogoutUri + "?");
        assertThat(page.redirectParams()).containsEntry("state", state);
        assertSessionIsGone(client, browser, tokens);
    }

    /** Without id_token_hint Keycloak asks first, in the language of ui_locales. */
    @Test
    void logoutWithoutIdTokenHintAsksForConfirmationInTheRequestedLanguage() {
        HttpBrowser browser = new HttpBrowser(server.baseUrl());
        JsonResponse tokens = web.login(browser, "bob", "bob-password");
        String state = UUID.randomUUID().toString();

        Page confirm = browser.open(web.url("logout", logoutParams(state, null, "de")));

        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.html().selectFirst("html").attr("lang")).isEqualTo("de");
        assertThat(confirm.text()).contains("Wollen Sie sich abmelden?");
        assertThat(confirm.html().selectFirst(LogoutPage.CONFIRM).val()).isEqualTo("Abmelden");

        Page back = confirm.form(LogoutPage.FORM).submit("confirmLogout", "Abmelden");

        assertThat(back.isRedirect()).as(back.status() + " " + back.text()).isTrue();
        assertThat(back.location().toString()).startsWith(POST_LOGOUT_URI + "?");
        assertThat(back.redirectParams()).containsEntry("state", state);
        assertSessionIsGone(web, browser, tokens);
    }

    @Test
    void unregisteredPostLogoutRedirectUriGetsAnErrorPageAndNoRedirect() {
        HttpBrowser browser = new HttpBrowser(server.baseUrl());
        JsonResponse tokens = web.login(browser, "alice", "alice-password");
        Map<String, String> params = logoutParams("s", tokens.text("id_token"), null);
        params.put("post_logout_redirect_uri", "https://evil.example/logged-out");

        Page page = browser.open(web.url("logout", params));

        assertThat(page.isRedirect()).isFalse();
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.text()).contains("Invalid redirect uri");
        // Nothing was logged out.
        assertThat(web.refresh(tokens.text("refresh_token")).status()).isEqualTo(200);
    }

    private Map<String, String> logoutParams(String state, String idTokenHint, String uiLocales) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("post_logout_redirect_uri", POST_LOGOUT_URI);
        params.put("state", state);
        params.put("client_id", web.clientId());
        if (idTokenHint != null) {
            params.put("id_token_hint", idTokenHint);
        }
        params.put("logout_hint", "alice");
        if (uiLocales != null) {
            params.put("ui_locales", uiLocales);
        }
        return params;
    }

    /** The app's refresh token is refused, and the browser has to sign in again. */
    private static void assertSessionIsGone(OidcClient client, HttpBrowser browser, JsonResponse tokens) {
        JsonResponse refresh = client.refresh(tokens.text("refresh_token"));
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.text("error")).isEqualTo("invalid_grant");

        Page again = browser.open(client.authorizationUrl(Pkce.s256(), "again", "openid"));
        assertThat(again.isRedirect()).as("no silent sign-in after logout").isFalse();
        assertThat(LoginPage.isShown(again)).isTrue();
    }
}
