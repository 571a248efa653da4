package com.simptel.keycloak.firstparty;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/** A step's page as rendered in this request, and the journey it belongs to. */
record StepView(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession, UserModel user,
                RenderedPage page, ChallengeMessages messages) {

    /** The page's first message as the answer's description, else {@code fallbackKey}. */
    Challenge collect(String next, String fallbackKey, Object... params) {
        FormMessage message = page.message();
        return message == null ? Challenge.collect(next, fallbackKey, params)
                : Challenge.collect(next, message.getMessage(), message.getParameters());
    }
}
