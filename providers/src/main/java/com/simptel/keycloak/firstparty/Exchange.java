package com.simptel.keycloak.firstparty;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One request of a journey: who asks, its parameters, the journey's authentication session, and
 * the event every record of this request starts from.
 */
record Exchange(KeycloakSession session, RealmModel realm, ClientModel client, ChallengeFlow flow,
                AuthenticationSessionModel authSession, ChallengeParams params, EventBuilder event) {

    /** Note holding what the journey expects next ({@link Challenge.Next}). */
    static final String NEXT_NOTE = "simptel.first-party.next";

    Challenge.Next expected(Challenge.Next initial) {
        Challenge.Next next = Challenge.Next.of(authSession.getAuthNote(NEXT_NOTE));
        return next == null ? initial : next;
    }

    void expect(Challenge.Next next) {
        authSession.setAuthNote(NEXT_NOTE, next.value());
    }

    ChallengeMessages messages() {
        return ChallengeMessages.of(session, realm);
    }

    String ipAddress() {
        return session.getContext().getConnection().getRemoteHost();
    }

    /** A copy of the request's event, of the given type. */
    EventBuilder event(EventType type) {
        return event.clone().event(type);
    }
}
