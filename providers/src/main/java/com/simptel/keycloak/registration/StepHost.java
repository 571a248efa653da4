package com.simptel.keycloak.registration;

import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/** What the emailed-code step needs from the flow it runs in: an authenticator's or a required action's context. */
interface StepHost {

    KeycloakSession session();

    RealmModel realm();

    /** The user of the flow; null when the flow has none (unknown user, registration with a taken address). */
    UserModel user();

    AuthenticationSessionModel authSession();

    /** The flow's event; the step records clones of it. */
    EventBuilder event();

    /** A login form posting back to this step. */
    LoginFormsProvider form();

    /** registration, authenticate, reset-credentials or required-action. */
    String flowPath();

    String ipAddress();
}
