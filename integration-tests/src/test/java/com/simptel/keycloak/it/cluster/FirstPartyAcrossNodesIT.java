package com.simptel.keycloak.it.cluster;

import com.simptel.keycloak.it.firstparty.ChallengeApi;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JSON journey whose steps alternate nodes: the flow engine's state (current execution, the
 * authenticated user, the emailed code's notes) is Keycloak's authentication session, shared by the
 * cluster, so each step can run at either node.
 */
@SimptelIT
class FirstPartyAcrossNodesIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void passwordAtOneNodeTheAuthenticatorCodeAtTheOther(SimptelServer server) {
        String a = server.cluster().node(1).baseUrl();
        String b = server.cluster().node(2).baseUrl();
        TestUser user = users.user("xfp-otp").withTotp().create();
        ChallengeApi api = ChallengeApi.app(server);

        JsonResponse otp = api.at(a).start(Map.of("username", user.username(), "password", user.password()));
        assertThat(otp.status()).as(otp.body()).isEqualTo(403);
        assertThat(otp.text("next")).isEqualTo("otp");

        JsonResponse wrong = api.at(b).next(otp.text("auth_session"), Map.of("otp", user.totp().wrongCode()));
        assertThat(wrong.text("next")).isEqualTo("otp");

        JsonResponse code = api.at(a).next(otp.text("auth_session"), Map.of("otp", user.totp().now()));
        assertThat(code.status()).as(code.body()).isEqualTo(200);
        assertThat(api.redeem(code.text("authorization_code")).status()).isEqualTo(200);
    }

    @Test
    void aRegistrationStartedAtOneNodeIsFinishedWithItsCodeAtTheOther(SimptelServer server) {
        String a = server.cluster().node(1).baseUrl();
        String b = server.cluster().node(2).baseUrl();
        String name = "xfp-reg-" + Long.toHexString(System.nanoTime());
        String email = name + "@first-party.test";
        ChallengeApi api = ChallengeApi.app(server);

        JsonResponse ask = api.at(b).start(Map.of("flow", "registration", "username", name, "email", email,
                "password", "Across-nodes-1", "given_name", "Cross", "family_name", "Node"));
        assertThat(ask.status()).as(ask.body()).isEqualTo(403);
        assertThat(ask.text("next")).isEqualTo("email_code");

        JsonResponse code = api.at(a).next(ask.text("auth_session"), Map.of("email_code", api.mailedCode(email, 1)));
        assertThat(code.status()).as(code.body()).isEqualTo(200);
        assertThat(code.json().path("data").path("mode").asText()).isEqualTo("registration");
        assertThat(api.redeem(code.text("authorization_code")).status()).isEqualTo(200);
        server.realm().users().search(name, true).forEach(u -> server.realm().users().delete(u.getId()).close());
    }
}
