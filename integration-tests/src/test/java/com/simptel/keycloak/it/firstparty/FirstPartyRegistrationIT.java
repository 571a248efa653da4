package com.simptel.keycloak.it.firstparty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.harness.MailText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.UserRepresentation;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Registration over JSON: the realm's profile and password rules, the emailed code, and no tell for a taken address. */
@SimptelIT
class FirstPartyRegistrationIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final String PASSWORD = "Fp-registered-1";

    @Test
    void aNewAccountIsVerifiedByTheEmailedCodeAndSignedIn(SimptelServer server) throws Exception {
        String username = "fp-reg-" + UUID.randomUUID().toString().substring(0, 8);
        String email = username + "@first-party.test";
        ChallengeApi api = ChallengeApi.app(server).asJson();
        try {
            JsonResponse ask = api.start(registration(username, email));

            assertThat(ask.status()).as(ask.body()).isEqualTo(403);
            assertThat(ask.text("error")).isEqualTo("insufficient_authorization");
            assertThat(ask.text("next")).isEqualTo("email_code");
            JsonResponse done = api.next(ask.text("auth_session"), Map.of("email_code", api.mailedCode(email, 1)));

            assertThat(done.status()).as(done.body()).isEqualTo(200);
            assertThat(done.json().path("data").path("mode").asText()).isEqualTo("registration");
            assertThat(done.json().path("data").path("email").asText()).isEqualTo(email);
            assertThat(done.text("message")).isEqualTo("Your account is ready.");
            UserRepresentation user = server.realm().users().search(username, true).get(0);
            assertThat(user.isEmailVerified()).isTrue();
            assertThat(user.getFirstName()).isEqualTo("Reg");
            JsonResponse tokens = api.redeem(done.text("authorization_code"));
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            assertThat(Jwt.claims(tokens.text("access_token")).getStringClaim("auth_mode"))
                    .isEqualTo("registration");
            RealmEvents.await(server, "REGISTER", user.getId(), 1, "the registration through the endpoint",
                    ChallengeApi.FROM_ENDPOINT);
        } finally {
            server.realm().users().search(username, true).forEach(u -> server.realm().users().delete(u.getId()).close());
        }
    }

    @Test
    void aTakenAddressGetsTheSameAnswersNoAccountAndTheOwnerANotice(SimptelServer server) {
        TestUser owner = users.create("fp-owner");
        String fresh = "fp-free-" + UUID.randomUUID().toString().substring(0, 8);
        String intruder = "fp-taker-" + UUID.randomUUID().toString().substring(0, 8);
        ChallengeApi api = ChallengeApi.app(server);
        try {
            JsonResponse forNew = api.start(registration(fresh, fresh + "@first-party.test"));
            JsonResponse forTaken = ChallengeApi.app(server).start(registration(intruder, owner.email()));

            assertThat(withoutHandle(forTaken)).isEqualTo(withoutHandle(forNew));
            assertThat(forTaken.status()).isEqualTo(forNew.status()).isEqualTo(403);
            String notice = MailText.of(server.mail().awaitMessagesTo(owner.email(), 1, Duration.ofSeconds(30)).get(0)).plain();
            assertThat(notice).doesNotContainPattern("(?m)^\\s*\\d{6}\\s*$");
            assertThat(server.realm().users().search(intruder, true)).isEmpty();

            JsonResponse wrongNew = api.next(forNew.text("auth_session"), Map.of("email_code", "000000"));
            JsonResponse wrongTaken = api.next(forTaken.text("auth_session"), Map.of("email_code", "000000"));
            assertThat(withoutHandle(wrongTaken)).isEqualTo(withoutHandle(wrongNew));
        } finally {
            server.realm().users().search(fresh, true).forEach(u -> server.realm().users().delete(u.getId()).close());
        }
    }

    @Test
    void thePasswordPolicyAndTheProfileRulesApply(SimptelServer server) {
        String username = "fp-weak-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> weak = new java.util.HashMap<>(registration(username, username + "@first-party.test"));
        weak.put("password", "short");

        JsonResponse tooShort = ChallengeApi.app(server).start(weak);

        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.text("error")).isEqualTo("invalid_request");
        assertThat(tooShort.text("error_description")).isEqualTo("Invalid password: minimum length 8.");

        Map<String, String> noEmail = new java.util.HashMap<>(registration(username, username + "@first-party.test"));
        noEmail.remove("email");
        JsonResponse missing = ChallengeApi.app(server).start(noEmail);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("error_description")).isEqualTo("Email: Please specify this field.");
        assertThat(server.realm().users().search(username, true)).isEmpty();
    }

    private static Map<String, String> registration(String username, String email) {
        return Map.of("flow", "registration", "username", username, "email", email, "password", PASSWORD,
                "given_name", "Reg", "family_name", "Istered");
    }

    static String withoutHandle(JsonResponse response) {
        ObjectNode copy = response.json().deepCopy();
        assertThat(copy.path("auth_session").asText()).hasSizeGreaterThan(45);
        copy.remove("auth_session");
        return response.status() + " " + copy;
    }

}
