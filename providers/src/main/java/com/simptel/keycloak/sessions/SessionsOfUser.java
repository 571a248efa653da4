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

/**
 * A user's online sessions, as {@code UserSessionProvider.getUserSessionsStream} gives them, for
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
        Collection<String> ids = IDS_FIRST && Profile.isFeatureEnabled(Profile.Feature.PERSISTENT_USER_SESSIONS)
                ? ids(session, realm, user) : null;
        if (ids == null) {
            return session.sessions().getUserSessionsStream(realm, user).toList();
        }
        return ids.stream().map(id -> session.sessions().getUserSession(realm, id)).filter(Objects::nonNull).toList();
    }

    /** The ids, or null when this persister does not offer the query (its default throws). */
    private static Collection<String> ids(KeycloakSession session, RealmModel realm, UserModel user) {
        UserSessionPersisterProvider persister = session.getProvider(UserSessionPersisterProvider.class);
        if (persister == null) {
            return null;
        }
        try {
            return persister.findUserSessionsByUserId(realm, user, false).keySet();
        } catch (IllegalStateException notImplemented) {
            return null;
        }
    }
}
