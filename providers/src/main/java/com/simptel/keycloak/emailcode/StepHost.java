package com.simptel.keycloak.emailcode;

import com.simptel.keycloak.common.ClientAddress;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What the emailed-code step needs from the flow it runs in: the context Keycloak's flow engine
 * hands the authenticator or the required action (pages and JSON alike).
 *
 * @param user     the user of the flow; null when it has none (unknown user, registration with a taken address)
 * @param event    the flow's event; the step records clones of it
 * @param flowPath registration, authenticate, reset-credentials or required-action
 */
record StepHost(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession,
                       EventBuilder event, String flowPath, String ipAddress) {

    static StepHost of(AuthenticationFlowContext context) {
        return new StepHost(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession(), context.getEvent(), context.getFlowPath(),
                ClientAddress.of(context.getConnection()));
    }

    static StepHost of(RequiredActionContext context) {
        return new StepHost(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession(), context.getEvent(), LoginActionsService.REQUIRED_ACTION,
                ClientAddress.of(context.getConnection()));
    }
}
