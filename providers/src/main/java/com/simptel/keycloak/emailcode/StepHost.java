package com.simptel.keycloak.emailcode;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.function.Supplier;

/**
 * What the emailed-code step needs from the flow it runs in, taken from an authenticator's or a
 * required action's context.
 *
 * @param user     the user of the flow; null when it has none (unknown user, registration with a taken address)
 * @param event    the flow's event; the step records clones of it
 * @param forms    a login form posting back to this step
 * @param flowPath registration, authenticate, reset-credentials or required-action
 */
record StepHost(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession,
                EventBuilder event, Supplier<LoginFormsProvider> forms, String flowPath, String ipAddress) {

    static StepHost of(AuthenticationFlowContext context) {
        // The form without the user: Keycloak picks the page language from the user's profile before
        // the browser's, and a page in another language would tell that the typed name is an account.
        return new StepHost(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession(), context.getEvent(), () -> context.form().setUser(null),
                context.getFlowPath(), context.getConnection().getRemoteHost());
    }

    static StepHost of(RequiredActionContext context) {
        return new StepHost(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession(), context.getEvent(), context::form,
                LoginActionsService.REQUIRED_ACTION, context.getConnection().getRemoteHost());
    }

    LoginFormsProvider form() {
        return forms.get();
    }
}
