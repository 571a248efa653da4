package com.simptel.keycloak.sessions;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A user's sessions, regular and offline, as {@code UserSessionProvider.getUserSessionsStream} and
 * {@code getOfflineUserSessionsStream} give them, for less. Those load every session row and
 * client-session row of the user with their data, then read each session from the cache; here the
 * ids of both kinds come from one statement ({@link SessionRows}) and the sessions from the same
 * caches. Where sessions are not in Keycloak's JPA tables, Keycloak's streams are used.
 */
final class SessionsOfUser {

    private SessionsOfUser() {
    }

    /**
     * The regular sessions first, then the offline ones. The id query has no idle cut-off, unlike
     * Keycloak's streams: a caller that shows sessions keeps the valid ones ({@link #allValid}).
     */
    static List<UserSessionModel> all(KeycloakSession session, RealmModel realm, UserModel user) {
        SessionRows.Ids ids = SessionRows.of(session, realm, user);
        Stream<UserSessionModel> sessions = ids == null
                ? Stream.concat(session.sessions().getUserSessionsStream(realm, user),
                        session.sessions().getOfflineUserSessionsStream(realm, user))
                : Stream.concat(ids.regular().stream().map(id -> session.sessions().getUserSession(realm, id)),
                        ids.offline().stream().map(id -> session.sessions().getOfflineUserSession(realm, id)));
        return sessions.filter(Objects::nonNull).toList();
    }

    /** Regular and offline sessions that are still valid (idle and max lifespan of their kind). */
    static List<UserSessionModel> allValid(KeycloakSession session, RealmModel realm, UserModel user) {
        return all(session, realm, user).stream()
                .filter(us -> AuthenticationManager.isSessionValid(realm, us))
                .toList();
    }
}
