package com.simptel.keycloak.it.registration;

import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.RecoveryPages;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paths other than registration and password login: identity brokering (trusted and untrusted
 * email) and the step inside a reset-credentials flow, as the account-recovery flow uses it.
 */
@SimptelIT
class OtherPathsIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final String IDP = "external-oidc";

    @Test
    void aBrokeredUserWithTrustedEmailIsNotAskedForACode(SimptelServer server) {
        String external = externalUser(server);
        EmailCodeJourney person = new EmailCodeJourney(server, OidcClient.web(server), external, external + "@external.example");
        Page page = person.authorize(Map.of("kc_idp_hint", IDP));
        person.page = LoginPage.signIn(page, external, "ext-password-1");
        person.tokens();
        UserRepresentation brokered = server.realm().users().searchByEmail(person.email, true).get(0);
        assertThat(brokered.isEmailVerified()).isTrue();
        // the flow is over and on record, and every mail it might have queued has been handled: the
        // step, had it run, would have recorded a mail decision
        RealmEvents.await(server, "LOGIN", brokered.getId(), 1, "the brokered login", e -> true);
        RealmEvents.awaitMailThreadsIdle(server);
        assertThat(RealmEvents.of(server, "SEND_VERIFY_EMAIL", brokered.getId())).isEmpty();
        assertThat(RealmEvents.of(server, "SEND_VERIFY_EMAIL_ERROR", brokered.getId())).isEmpty();
        assertThat(server.mail().messagesTo(person.email)).isEmpty();
    }

    @Test
    void aBrokeredUserWithUntrustedEmailMustProveTheMailboxFirst(SimptelServer server) {
        IdentityProviderResource idp = server.realm().identityProviders().get(IDP);
        IdentityProviderRepresentation rep = idp.toRepresentation();
        rep.setTrustEmail(false);
        idp.update(rep);
        try {
            String external = externalUser(server);
            EmailCodeJourney person = new EmailCodeJourney(server, OidcClient.web(server), external, external + "@external.example");
            Page page = person.authorize(Map.of("kc_idp_hint", IDP));
            person.page = LoginPage.signIn(page, external, "ext-password-1");

            person.assertOnCodePage();
            person.enterCode(person.code(1));
            person.tokens();
            assertThat(server.realm().users().searchByEmail(person.email, true).get(0).isEmailVerified()).isTrue();
        } finally {
            rep.setTrustEmail(true);
            idp.update(rep);
        }
    }

    /**
     * The step as the account-recovery flow uses it: after "choose user", before "reset password". A
     * known user proves the mailbox and goes on; an unknown name gets the same page and no mail.
     */
    @Test
    void inAResetCredentialsFlowTheStepLooksTheSameForUnknownUsersAndProvesTheMailboxOfKnownOnes(SimptelServer server) {
        RealmResource realm = server.realm();
        String alias = "test reset " + UUID.randomUUID().toString().substring(0, 8);
        String flowId = resetFlowWithEmailCode(realm.flows(), alias);
        RealmRepresentation settings = realm.toRepresentation();
        String previous = settings.getResetCredentialsFlow();
        settings.setResetCredentialsFlow(alias);
        realm.update(settings);
        try {
            int mailsBefore = server.mail().messages().size();
            long started = System.currentTimeMillis() - 1000;
            EmailCodeJourney known = EmailCodeJourney.of(server, OidcClient.web(server), users.user("reg").emailVerified(false).create());
            Page knownPage = chooseUser(known, known.username);
            known.assertOnCodePage();

            EmailCodeJourney stranger = EmailCodeJourney.newPerson(server);
            String nobody = "nobody-" + UUID.randomUUID();
            Page strangerPage = chooseUser(stranger, nobody);
            stranger.assertOnCodePage();
            assertThat(countdownFree(strangerPage.text())).isEqualTo(countdownFree(knownPage.text()));

            String code = known.code(1);
            String guess = EmailCodeJourney.otherThan(code);
            assertThat(countdownFree(stranger.enterCode(guess).text())).isEqualTo(countdownFree(known.enterCode(guess).text()));
            assertThat(stranger.enterCode(code).text()).contains("That code is not correct.");

            Page next = known.enterCode(code);
            assertThat(next.hasElement(RecoveryPages.NEW_PASSWORD_FORM)).as(next.text()).isTrue();
            assertThat(known.user().isEmailVerified()).isTrue();
            known.page = RecoveryPages.setNewPassword(next, "Another-Horse-7");
            known.tokens();

            // both choices are on record: the code mail to the known user sent, nothing for the unknown name
            RealmEvents.await(server, "RESET_PASSWORD_ERROR", null, 1, "the unknown name chosen",
                    RealmEvents.since(started).and(RealmEvents.detail("username", nobody)));
            RealmEvents.await(server, "SEND_VERIFY_EMAIL_ERROR", null, 1, "no recipient for the unknown name",
                    RealmEvents.since(started).and(RealmEvents.detail("reason", "no_recipient")));
            assertThat(RealmEvents.await(server, "SEND_VERIFY_EMAIL", known.user().getId(), 1, "the code mail sent",
                    RealmEvents.detail("simptel_mail", "code"))).hasSize(1);
            RealmEvents.awaitMailThreadsIdle(server);
            assertThat(server.mail().messagesTo(known.email)).hasSize(1);
            assertThat(server.mail().messages()).as("the unknown name got no mail anywhere").hasSize(mailsBefore + 1);
        } finally {
            settings.setResetCredentialsFlow(previous);
            realm.update(settings);
            realm.flows().deleteFlow(flowId);
        }
    }

    private static Page chooseUser(EmailCodeJourney person, String username) {
        Page login = person.authorize();
        String resetUrl = login.html().selectFirst(LoginPage.FORGOT_PASSWORD_LINK).absUrl("href");
        Page form = person.browser.open(resetUrl);
        person.page = RecoveryPages.chooseUser(form, username);
        return person.page;
    }

    private static String resetFlowWithEmailCode(AuthenticationManagementResource flows, String alias) {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        flow.setDescription("test: choose user, emailed code, new password");
        try (Response created = flows.createFlow(flow)) {
            assertThat(created.getStatus()).isEqualTo(201);
        }
        for (String provider : List.of("reset-credentials-choose-user", "simptel-email-code", "reset-password")) {
            flows.addExecution(alias, Map.of("provider", provider));
        }
        for (AuthenticationExecutionInfoRepresentation execution : flows.getExecutions(alias)) {
            execution.setRequirement("REQUIRED");
            flows.updateExecutions(alias, execution);
            if ("simptel-email-code".equals(execution.getProviderId())) {
                AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
                config.setAlias(alias.replace(' ', '-') + "-email-code");
                config.setConfig(Map.of("codeLength", "6"));
                try (Response added = flows.newExecutionConfig(execution.getId(), config)) {
                    assertThat(added.getStatus()).isEqualTo(201);
                }
            }
        }
        return flows.getFlows().stream().filter(f -> alias.equals(f.getAlias())).findFirst().orElseThrow().getId();
    }

    /** A user of the external demo provider with a fresh name, email verified there. */
    private static String externalUser(SimptelServer server) {
        String name = "ext-" + UUID.randomUUID().toString().substring(0, 8);
        UserRepresentation user = new UserRepresentation();
        user.setUsername(name);
        user.setEmail(name + "@external.example");
        user.setEmailVerified(true);
        user.setFirstName("Ext");
        user.setLastName("Ernal");
        user.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue("ext-password-1");
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        try (Response created = server.admin().realm(SimptelServer.EXTERNAL_REALM).users().create(user)) {
            assertThat(created.getStatus()).isEqualTo(201);
        }
        return name;
    }

    private static String countdownFree(String text) {
        return text.replaceAll("\\(\\d+ s\\)", "(N s)");
    }
}
