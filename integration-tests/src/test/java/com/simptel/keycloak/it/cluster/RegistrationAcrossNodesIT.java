package com.simptel.keycloak.it.cluster;

import com.simptel.keycloak.it.registration.CodeStepTestClient;
import com.simptel.keycloak.it.registration.EmailCodeJourney;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.RealmFixtures;
import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Map;

import static com.simptel.keycloak.it.registration.EmailCodeJourney.otherThan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registration and the emailed code with each step sent to a chosen node: the code's state and
 * the per-flow count live in the authentication session, the tries of each code, the address's
 * mail bound and the newest code in the single-use store, and every count must be exact whichever
 * node a try reaches.
 */
@SimptelIT
class RegistrationAcrossNodesIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void theFormAtOneNodeAndTheCodeAtTheOtherFinishTheRegistration(SimptelServer server) throws Exception {
        String a = server.cluster().node(1).baseUrl();
        String b = server.cluster().node(2).baseUrl();
        EmailCodeJourney person = EmailCodeJourney.newPerson(server);
        String code = person.registerAt(a);

        assertThat(person.nextAt(b).enterCode(otherThan(code)).text())
                .as("node B sees the code node A issued").contains("Tries left for this code: 4.");
        Page done = person.nextAt(a).enterCode(code);
        assertThat(done.isRedirect()).as(done.text()).isTrue();

        JsonResponse tokens = person.tokens();
        assertThat(Jwt.claims(tokens.text("access_token")).getStringClaim("auth_mode"))
                .isEqualTo("registration");
        assertThat(person.user().isEmailVerified()).isTrue();
    }

    /** 3 tries per code, 5 per flow: tries alternate B, A, B, ... and every limit falls at its count. */
    @Test
    void wrongCodesAlternatingBetweenNodesCountExactlyPerCodeAndPerFlow(SimptelServer server) {
        String a = server.cluster().node(1).baseUrl();
        String b = server.cluster().node(2).baseUrl();
        try (CodeStepTestClient test = CodeStepTestClient.withStepConfig(server,
                Map.of("maxAttemptsPerCode", "3", "maxFailuresPerFlow", "5", "resendCooldownSeconds", "1"))) {
            EmailCodeJourney person = EmailCodeJourney.of(server, test.client,
                    users.user("xreg").emailVerified(false).create());
            person.authorize();
            person.nextAt(a).login();
            Instant sent = Instant.now();
            person.assertOnCodePage();
            String first = person.code(1);

            assertThat(person.nextAt(b).enterCode(otherThan(first)).text()).contains("Tries left for this code: 2.");
            assertThat(person.nextAt(a).enterCode(otherThan(first)).text()).contains("Tries left for this code: 1.");
            assertThat(person.nextAt(b).enterCode(otherThan(first)).text()).contains("This code can no longer be used");
            Page dead = person.nextAt(a).enterCode(first);
            assertThat(dead.isRedirect()).as("the right code of a dead code passed at the other node").isFalse();
            assertThat(dead.text()).contains("This code can no longer be used");

            Await.clockPast(sent.plusMillis(1200)); // past the 1 s resend cooldown
            person.nextAt(b).resend();
            String second = person.code(2);
            // the 4th wrong code of the flow: not one too many counted
            Page fourth = person.nextAt(a).enterCode(otherThan(second));
            person.assertOnCodePage();
            assertThat(fourth.text()).contains("Tries left for this code: 2.");
            // the 5th: not one too few
            Page fifth = person.nextAt(b).enterCode(otherThan(second));
            assertThat(fifth.isRedirect()).isFalse();
            assertThat(fifth.hasElement(LoginPage.FORM)).as(fifth.text()).isTrue();
            assertThat(fifth.text()).contains("Too many wrong codes. Please start again.");

            String userId = person.user().getId();
            RealmEvents.await(server, "VERIFY_EMAIL_ERROR", userId, 1, "the flow ended at the cap",
                    RealmEvents.detail("reason", "too_many_failures"));
            assertThat(RealmEvents.of(server, "VERIFY_EMAIL_ERROR", userId))
                    .filteredOn(RealmEvents.detail("reason", "wrong_code")).hasSize(5);
            assertThat(person.user().isEmailVerified()).isFalse();
        }
    }

    /**
     * Issue 18, across nodes: the address's hourly mail bound (3 here) is exact whichever node sends;
     * wrong codes in flows at either node leave the owner's flow alone; the owner's flow, whose own mail
     * the bound kept back, takes the newest mailed code at the other node.
     */
    @Test
    void theMailBoundIsExactAcrossNodesAndTheNewestCodeWorksInTheOwnersFlow(SimptelServer server) {
        String a = server.cluster().node(1).baseUrl();
        String b = server.cluster().node(2).baseUrl();
        try (CodeStepTestClient test = CodeStepTestClient.withStepConfig(server,
                Map.of("maxAttemptsPerCode", "1", "maxFailuresPerFlow", "1"))) {
            RealmFixtures.setMailBound(server, "3");
            try {
                TestUsers.TestUser user = users.user("xbound").emailVerified(false).create();
                EmailCodeJourney person = EmailCodeJourney.of(server, test.client, user);
                person.authorize();
                wrongFlow(person, a, b, 1);
                wrongFlow(person, b, a, 2);
                EmailCodeJourney third = person.inNewBrowser(test.client);
                third.authorize();
                third.nextAt(a).login();
                third.assertOnCodePage();
                String newest = third.code(3);

                EmailCodeJourney owner = person.inNewBrowser(test.client);
                owner.authorize();
                owner.nextAt(b).login();
                owner.assertOnCodePage();
                EmailCodeJourney fifth = person.inNewBrowser(test.client);
                fifth.authorize();
                fifth.nextAt(a).login();
                fifth.assertOnCodePage();
                RealmEvents.await(server, "SEND_VERIFY_EMAIL_ERROR", user.id(), 2, "two mails kept back",
                        RealmEvents.detail("reason", "mail_bound_reached"));
                RealmEvents.awaitMailThreadsIdle(server);
                assertThat(server.mail().messagesTo(user.email())).as("3 mails, from both nodes").hasSize(3);

                Page passed = owner.nextAt(a).enterCode(newest);
                assertThat(passed.isRedirect()).as("the newest code works in the owner's flow:\n" + passed.text()).isTrue();
                owner.tokens();
                assertThat(person.user().isEmailVerified()).isTrue();
                Page reused = fifth.nextAt(b).enterCode(newest);
                assertThat(reused.isRedirect()).as("a code works once").isFalse();
            } finally {
                RealmFixtures.setMailBound(server, "");
            }
        }
    }

    /** Signs in at {@code loginNode}, types a wrong code at {@code codeNode}: the flow (one try) starts again. */
    private static void wrongFlow(EmailCodeJourney person, String loginNode, String codeNode, int mail) {
        person.nextAt(loginNode).login();
        person.assertOnCodePage();
        Page restarted = person.nextAt(codeNode).enterCode(otherThan(person.code(mail)));
        assertThat(restarted.hasElement(LoginPage.FORM)).as(restarted.text()).isTrue();
        assertThat(restarted.text()).contains("Too many wrong codes.");
    }
}
