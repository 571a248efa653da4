package com.simptel.keycloak.sessions;

import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

import java.util.Set;

/**
 * Records the raw User-Agent (with its parsed form) on a user session when the session is created:
 * on the first login-type event of that session, while the request of the browser that signed in
 * is still the current request. Later logins into the same session (SSO) leave it as it was.
 * A session started so is also where the {@link NewDeviceNotice new-device notice} is decided.
 */
final class UserAgentRecorder implements EventListenerProvider {

    static final Set<EventType> SESSION_CREATING = Set.of(EventType.LOGIN, EventType.REGISTER,
            EventType.IDENTITY_PROVIDER_LOGIN, EventType.IDENTITY_PROVIDER_FIRST_LOGIN);

    private final KeycloakSession session;
    private final UserAgentDescriber describer;

    UserAgentRecorder(KeycloakSession session, UserAgentDescriber describer) {
        this.session = session;
        this.describer = describer;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getSessionId() == null || !SESSION_CREATING.contains(event.getType())) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || !realm.getId().equals(event.getRealmId())) {
            realm = session.realms().getRealm(event.getRealmId());
        }
        UserSessionModel userSession = realm == null ? null : session.sessions().getUserSession(realm, event.getSessionId());
        if (userSession == null || userSession.getNote(SessionNotes.USER_AGENT) != null) {
            return;
        }
        HttpHeaders headers = session.getContext().getRequestHeaders();
        String userAgent = headers == null ? null : headers.getHeaderString(HttpHeaders.USER_AGENT);
        userSession.setNote(SessionNotes.USER_AGENT, describer.describe(userAgent).toString());
        NewDeviceNotice.sessionStarted(session, realm, userSession, event.getClientId());
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}
