package com.simptel.keycloak.it.cluster;

import com.simptel.keycloak.it.recovery.RecoveryJourney;
import com.simptel.keycloak.it.registration.EmailCodeJourney;
import com.simptel.keycloak.it.sessions.SessionLogin;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.RecoveryPages;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;

import static com.simptel.keycloak.it.registration.EmailCodeJourney.otherThan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node's kill or update must not lose, all begun at that node: a session whose bucket was
 * written, a registration on its code page with one wrong code counted, and a recovery whose
 * mailbox was proven, now asking for the TOTP. The test then goes on with each at a node of its
 * choice.
 */
final class JourneysInFlight {

    final SessionLogin login;
    final JsonResponse written;
    final EmailCodeJourney person;
    private final String code;
    private final TestUser recovering;
    private final RecoveryJourney recovery;

    private JourneysInFlight(SessionLogin login, JsonResponse written, EmailCodeJourney person, String code,
                             TestUser recovering, RecoveryJourney recovery) {
        this.login = login;
        this.written = written;
        this.person = person;
        this.code = code;
        this.recovering = recovering;
        this.recovery = recovery;
    }

    static JourneysInFlight beginAt(SimptelServer server, TestUsers users, String prefix, String node, String bucket)
            throws Exception {
        SessionLogin login = SessionLogin.web(server, users.create(prefix));
        JsonResponse written = login.api(server).at(node).put(bucket, "application/json", null);
        assertThat(written.status()).as(written.toString()).isEqualTo(200);

        EmailCodeJourney person = EmailCodeJourney.newPerson(server);
        String code = person.registerAt(node);
        assertThat(person.nextAt(node).enterCode(otherThan(code)).text()).contains("Tries left for this code: 4.");

        TestUser recovering = users.user(prefix + "-rec").withTotp().create();
        RecoveryJourney recovery = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
        recovery.nextAt(server, node).chooseUser(recovering, server.mail());
        assertThat(recovery.nextAt(server, node).proveMailbox().hasElement(RecoveryPages.TOTP_FORM)).isTrue();
        return new JourneysInFlight(login, written, person, code, recovering, recovery);
    }

    /** The registration goes on at {@code node}: the wrong try made before is still counted, the code passes. */
    void finishRegistrationAt(String node, String why) {
        assertThat(person.nextAt(node).enterCode(otherThan(code)).text()).as(why).contains("Tries left for this code: 3.");
        Page registered = person.nextAt(node).enterCode(code);
        assertThat(registered.isRedirect()).as(registered.text()).isTrue();
    }

    /** The recovery goes on at {@code node}: the mailbox proof made before holds; the tokens at the end. */
    JsonResponse finishRecoveryAt(SimptelServer server, String node, String newPassword) {
        Page password = recovery.nextAt(server, node).enterCode(recovering.totp().now());
        assertThat(password.hasElement(RecoveryPages.NEW_PASSWORD_FORM)).as(password.text()).isTrue();
        recovery.nextAt(server, node).setNewPassword(newPassword);
        JsonResponse tokens = recovery.tokens(OidcClient.Auth.BASIC);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return tokens;
    }
}
