package com.simptel.keycloak.it.firstparty;

import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.OpenApiValidator;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in over JSON: username or email and password to a code, redeemed for tokens of a listed session. */
@SimptelIT
class FirstPartyLoginIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void passwordGivesACodeThatTheTokenEndpointRedeemsWithoutRedirectUri(SimptelServer server) throws Exception {
        TestUser user = users.create("fp-login");
        ChallengeApi api = ChallengeApi.app(server);

        JsonResponse answer = api.start(Map.of("username", user.username(), "password", user.password(),
                "scope", "openid profile email"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.text("authorization_code")).isNotBlank();
        assertThat(answer.json().path("data").path("applicationId").asText()).isEqualTo("simptel-app");
        assertThat(answer.json().path("data").path("email").asText()).isEqualTo(user.email());
        assertThat(answer.json().path("data").path("mode").asText()).isEqualTo("authentication");
        assertThat(answer.text("message")).isEqualTo("You are signed in.");

        JsonResponse tokens = api.redeem(answer.text("authorization_code"));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        var claims = Jwt.claims(tokens.text("access_token"));
        assertThat(claims.getStringClaim("auth_mode")).isEqualTo("authentication");
        assertThat(claims.getStringClaim("azp")).isEqualTo("simptel-app");
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo(user.username());
        assertThat(claims.getIssuer()).isEqualTo(server.realmUrl());
        assertThat(tokens.text("id_token")).isNotBlank();

        JsonResponse listed = OidcClient.send(HttpRequest.newBuilder(URI.create(server.realmUrl() + "/sessions"))
                .header("Authorization", "Bearer " + tokens.text("access_token")).GET().build());
        OpenApiValidator.get().validate("listSessions", listed);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains(claims.getStringClaim("sid"));
        JsonResponse current = OidcClient.send(HttpRequest.newBuilder(URI.create(server.realmUrl() + "/sessions/session"))
                .header("Authorization", "Bearer " + tokens.text("access_token")).GET().build());
        OpenApiValidator.get().validate("getCurrentSession", current);
        assertThat(current.json().path("data").path("auth_mode").asText()).isEqualTo("authentication");

        JsonResponse refreshed = api.oidc().refresh(tokens.text("refresh_token"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(Jwt.claims(refreshed.text("access_token")).getStringClaim("auth_mode"))
                .isEqualTo("authentication");

        // the code works once, as Keycloak's own codes do
        assertThat(api.redeem(answer.text("authorization_code")).status()).isEqualTo(400);
        RealmEvents.await(server, "LOGIN", user.id(), 1, "the login through the endpoint",
                ChallengeApi.FROM_ENDPOINT.and(e -> "simptel-app".equals(e.getClientId())));
    }

    @Test
    void jsonBodyAndEmailAsUsernameWorkTheSame(SimptelServer server) {
        TestUser user = users.create("fp-json");
        ChallengeApi api = ChallengeApi.app(server).asJson();

        JsonResponse answer = api.start(Map.of("username", user.email(), "password", user.password()));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(api.redeem(answer.text("authorization_code")).status()).isEqualTo(200);
    }

    @Test
    void withoutCredentialsTheAnswerAsksForThePasswordAndTheSessionCarriesOn(SimptelServer server) {
        TestUser user = users.create("fp-ask");
        ChallengeApi api = ChallengeApi.app(server);

        JsonResponse ask = api.start(Map.of());

        assertThat(ask.status()).as(ask.body()).isEqualTo(403);
        assertThat(ask.text("error")).isEqualTo("insufficient_authorization");
        assertThat(ask.text("next")).isEqualTo("password");
        assertThat(ask.text("error_description")).isEqualTo("Enter your username or email address and your password.");
        String handle = ask.text("auth_session");
        assertThat(handle).hasSizeGreaterThan(43 + 2);

        JsonResponse done = api.next(handle, Map.of("username", user.username(), "password", user.password()));
        assertThat(done.status()).as(done.body()).isEqualTo(200);

        // finished: the handle is worthless now
        JsonResponse again = api.next(handle, Map.of("username", user.username(), "password", user.password()));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.text("error")).isEqualTo("invalid_session");
    }
}
