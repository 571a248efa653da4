package com.simptel.keycloak.it.demo;

import com.simptel.keycloak.it.support.DemoUserLogins;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.harness.DemoUsers.DemoUser;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logins the run command's banner prints (read by the banner's own code from realm-config's
 * users files) work: each user signs in with the username and with the email, and the token is
 * one Keycloak's Account REST API takes, as the account console needs (it answered 401 for users
 * imported without the realm's default roles).
 */
@SimptelIT
class DemoLoginsIT {

    @Test
    void everyLoginTheBannerPrintsSignsInToTheAccountConsole(SimptelServer server) {
        List<DemoUser> users = DemoUserLogins.users(server);
        assertThat(users).extracting(u -> u.realm() + "/" + u.username())
                .contains("simptel/alice", "simptel/bob", "simptel/carol", "simptel-external/erin");

        for (DemoUser user : users) {
            OidcClient console = OidcClient.accountConsole(server, user.realm());
            assertThat(user.email()).as("the banner prints %s's email", user.username()).isNotBlank();
            for (String login : List.of(user.username(), user.email())) {
                JsonResponse tokens = DemoUserLogins.signIn(server, console, user, login);
                assertThat(tokens.status()).as("%s signs in as %s", user.username(), login).isEqualTo(200);
                String accessToken = tokens.text("access_token");

                JsonResponse locales = account(server, user.realm(), "/supportedLocales", accessToken);
                assertThat(locales.status()).as("account console call for %s: %s", login, locales).isEqualTo(200);
                JsonResponse profile = account(server, user.realm(), "/", accessToken);
                assertThat(profile.status()).as("account profile of %s: %s", login, profile).isEqualTo(200);
                assertThat(profile.json().path("username").asText()).isEqualTo(user.username());
                assertThat(profile.json().path("email").asText()).isEqualTo(user.email());
            }
        }
    }

    private static JsonResponse account(SimptelServer server, String realm, String path, String accessToken) {
        return OidcClient.send(HttpRequest.newBuilder(URI.create(server.realmUrl(realm) + "/account" + path))
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET().build());
    }
}
