package com.simptel.keycloak.emailcode;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** True for a user of the flow who has an email address that is not verified. */
final class EmailNotVerifiedCondition implements ConditionalAuthenticator {

    static final EmailNotVerifiedCondition SINGLETON = new EmailNotVerifiedCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        return user != null && user.getEmail() != null && !user.getEmail().isBlank() && !user.isEmailVerified();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
