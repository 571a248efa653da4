package com.simptel.keycloak.it.standard;

import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The simptel login page: username or email, and password. */
@SimptelIT
class LoginIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private final SimptelServer server;

    LoginIT(SimptelServer server) {
        this.server = server;
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "alice@simptel.local"})
    void signsInByUsernameOrByEmail(String usernameOrEmail) throws Exception {
        JsonResponse tokens = OidcClient.web(server).login(new HttpBrowser(server.baseUrl()), usernameOrEmail,
                "alice-password");

        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        var claims = Jwt.claims(tokens.text("id_token"));
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
        assertThat(claims.getStringClaim("email")).isEqualTo("alice@simptel.local");
    }

    @Test
    void loginPageIsTheSimptelThemeAndOffersRegistrationAndPasswordReset() {
        OidcClient web = OidcClient.web(server);

        Page login = new HttpBrowser(server.baseUrl()).open(web.authorizationUrl(Pkce.s256(), "s", "openid"));

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("css/simptel.css");
        assertThat(login.html().title()).isEqualTo("Sign in to Simptel");
        assertThat(login.html().selectFirst(LoginPage.USERNAME_LABEL).text()).isEqualTo("Username or email");
        assertThat(login.html().select(LoginPage.REGISTRATION_LINK + "[href*='/login-actions/registration']")).isNotEmpty();
        assertThat(login.html().select(LoginPage.FORGOT_PASSWORD_LINK)).isNotEmpty();
    }

    /**
     * A wrong password and an unknown account get the same answer (no user enumeration), and no
     * code goes to the app. A throwaway user takes the failed attempt, so no demo user comes near
     * the brute-force lockout.
     */
    @Test
    void wrongPasswordAndUnknownUserGetTheSameErrorAndNoCode() {
        TestUser user = users.create("it-login");
        Page wrongPassword = submitLogin(user.username(), "not-" + user.password());
        Page unknownUser = submitLogin("nobody-" + UUID.randomUUID(), "whatever-password");

        for (Page page : new Page[] {wrongPassword, unknownUser}) {
            assertThat(page.isRedirect()).isFalse();
            assertThat(page.status()).isEqualTo(200);
            assertThat(LoginPage.isShown(page)).isTrue();
            assertThat(page.html().select(LoginPage.USERNAME_ERROR).text()).isEqualTo("Invalid username or password.");
        }

        JsonResponse rightPassword = OidcClient.web(server).login(new HttpBrowser(server.baseUrl()),
                user.email(), user.password());
        assertThat(rightPassword.status()).as(rightPassword.body()).isEqualTo(200);
    }

    private Page submitLogin(String username, String password) {
        OidcClient web = OidcClient.web(server);
        Page login = new HttpBrowser(server.baseUrl()).open(web.authorizationUrl(Pkce.s256(), "s", "openid"));
        return LoginPage.signIn(login, username, password);
    }
}
