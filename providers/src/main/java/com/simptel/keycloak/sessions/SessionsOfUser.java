package com.simptel.keycloak.sessions;

import com.simptel.keycloak.common.KeycloakRelease;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.session.UserSessionPersisterProvider;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A user's sessions (regular and offline), as {@code UserSessionProvider.getUserSessionsStream} gives them, for
 * less. That method loads every session row and every client-session row of the user with their
 * data, then throws them away and reads each session from the cache. Keycloak 26.7 added
 * {@code UserSessionPersisterProvider.findUserSessionsByUserId}: the ids alone, in one query; the
 * sessions then come from the same cache (or the database for one not cached, as before).
 * Before 26.7, or with sessions kept in memory only, Keycloak's method is used.
 */
final class SessionsOfUser {

    private static final boolean IDS_FIRST = KeycloakRelease.atLeast(26, 7);

    private SessionsOfUser() {
    }

    /**
     * The sessions either way. The id query has no idle cut-off, unlike getUserSessionsStream: a
     * caller that shows sessions filters with {@link AuthenticationManager#isSessionValid}.
     */
    static List<UserSessionModel> of(KeycloakSession session, RealmModel realm, UserModel user) {
        Collection<String> ids = ids(session, realm, user, false);
        if (ids == null) {
            return session.sessions().getUserSessionsStream(realm, user).toList();
        }
        return ids.stream().map(id -> session.sessions().getUserSession(realm, id)).filter(Objects::nonNull).toList();
    }

    /**
     * The user's offline sessions (those of offline tokens, {@code scope=offline_access}), the same
     * way: one id query, then Keycloak's offline-session cache.
     */
    static List<UserSessionModel> offline(KeycloakSession session, RealmModel realm, UserModel user) {
        Collection<String> ids = ids(session, realm, user, true);
        if (ids == null) {
            return session.sessions().getOfflineUserSessionsStream(realm, user).toList();
        }
        return ids.stream().map(id -> session.sessions().getOfflineUserSession(realm, id))
                .filter(Objects::nonNull).toList();
    }

    /**
     * Regular and offline sessions that are still valid (idle and max lifespan of their kind): the
     * ids of both kinds in one statement where Keycloak keeps sessions in its JPA tables
     * ({@link SessionRows}), then each session from Keycloak's caches.
     */
    static List<UserSessionModel> allValid(KeycloakSession session, RealmModel realm, UserModel user) {
        SessionRows.Ids ids = SessionRows.of(session, realm, user);
        Stream<UserSessionModel> sessions = ids == null
                ? Stream.concat(of(session, realm, user).stream(), offline(session, realm, user).stream())
                : Stream.concat(ids.regular().stream().map(id -> session.sessions().getUserSession(realm, id)),
                        ids.offline().stream().map(id -> session.sessions().getOfflineUserSession(realm, id)));
        return sessions.filter(Objects::nonNull)
                .filter(us -> AuthenticationManager.isSessionValid(realm, us))
                .toList();
    }

    /** The ids, or null when this persister does not offer the query (its default throws). */
    private static Collection<String> ids(KeycloakSession session, RealmModel realm, UserModel user, boolean offline) {
        if (!IDS_FIRST || !Profile.isFeatureEnabled(Profile.Feature.PERSISTENT_USER_SESSIONS)) {
            return null;
        }
        UserSessionPersisterProvider persister = session.getProvider(UserSessionPersisterProvider.class);
        if (persister == null) {
            return null;
        }
        try {
            return persister.findUserSessionsByUserId(realm, user, offline).keySet();
        } catch (IllegalStateException notImplemented) {
            return null;
        }
    }
}
