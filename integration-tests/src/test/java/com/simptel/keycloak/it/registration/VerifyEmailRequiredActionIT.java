package com.simptel.keycloak.it.registration;

import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static com.simptel.keycloak.it.support.Jwt.claim;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paths where no flow step runs: an SSO cookie of a user an admin has since marked unverified. The
 * required action realm-config enables asks for the code before a token is issued.
 */
@SimptelIT
class VerifyEmailRequiredActionIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void realmConfigRegistersTheRequiredAction(SimptelServer server) {
        RequiredActionProviderRepresentation action = server.realm().flows().getRequiredAction("simptel-verify-email-code");
        assertThat(action.isEnabled()).isTrue();
        assertThat(action.getName()).isEqualTo("Verify email with a code (Simptel)");
    }

    @Test
    void anSsoSessionOfAUserMadeUnverifiedMustPassTheCodeBeforeTheNextToken(SimptelServer server) {
        EmailCodeJourney person = EmailCodeJourney.of(server, OidcClient.web(server), users.user("reg").create());
        person.authorize();
        person.login();
        person.tokens();
        // a verified user's login hands no mail to the mail thread: once that thread is idle, none went out
        UserRepresentation user = person.user();
        RealmEvents.awaitMailThreadsIdle(server);
        assertThat(RealmEvents.of(server, "SEND_VERIFY_EMAIL", user.getId())).isEmpty();
        assertThat(server.mail().messagesTo(person.email)).isEmpty();

        user.setEmailVerified(false);
        server.realm().users().get(user.getId()).update(user);

        // same browser: the SSO cookie signs the user in without any form, then the required action asks
        Page page = person.authorize();
        person.assertOnCodePage();
        assertThat(page.text()).contains("Check your email");
        person.enterCode(person.code(1));
        JsonResponse tokens = person.tokens();
        assertThat(claim(tokens.text("access_token"), "auth_mode")).isEqualTo("authentication");
        assertThat(person.user().isEmailVerified()).isTrue();

        // verified again: the next SSO login is silent (the one code mail on record, and no other)
        person.authorize();
        person.tokens();
        RealmEvents.awaitMailThreadsIdle(server);
        assertThat(RealmEvents.of(server, "SEND_VERIFY_EMAIL", user.getId())).singleElement()
                .satisfies(e -> assertThat(e.getDetails()).containsEntry("simptel_mail", "code"));
        assertThat(server.mail().messagesTo(person.email)).hasSize(1);
    }
}
