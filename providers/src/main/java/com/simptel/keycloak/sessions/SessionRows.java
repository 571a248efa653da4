package com.simptel.keycloak.sessions;

import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.session.UserSessionPersisterProvider;
import org.keycloak.provider.Provider;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * The ids of a user's sessions of both kinds, regular and offline, in one statement on the table
 * Keycloak keeps them in (persistent user sessions), where its own persister needs one query per kind.
 * Read through Keycloak's JPA entity and entity manager; {@code JpaConnectionProvider} is looked up
 * by name because its module is not published on Maven Central.
 */
final class SessionRows {

    private static final Logger LOG = Logger.getLogger(SessionRows.class);

    private static final String IDS = "select s.userSessionId, s.offline from PersistentUserSessionEntity s"
            + " where s.realmId = :realmId and s.userId = :userId";
    private static final String JPA_PERSISTER = "org.keycloak.models.jpa.session.JpaUserSessionPersisterProvider";
    /** Keycloak's value of the entity's offline column for an offline session. */
    private static final String OFFLINE = "1";

    private static final Class<? extends Provider> JPA_CONNECTION = jpaConnectionProvider();
    private static final MethodHandle ENTITY_MANAGER = entityManagerGetter(JPA_CONNECTION);

    private SessionRows() {
    }

    record Ids(List<String> regular, List<String> offline) {
    }

    /** The ids, or null where the sessions are not in Keycloak's JPA tables (then ask the session provider). */
    static Ids of(KeycloakSession session, RealmModel realm, UserModel user) {
        if (ENTITY_MANAGER == null || !Profile.isFeatureEnabled(Profile.Feature.PERSISTENT_USER_SESSIONS)) {
            return null;
        }
        UserSessionPersisterProvider persister = session.getProvider(UserSessionPersisterProvider.class);
        Provider jpa = session.getProvider(JPA_CONNECTION);
        if (persister == null || jpa == null || !JPA_PERSISTER.equals(persister.getClass().getName())) {
            return null;
        }
        List<Object[]> rows = entityManager(jpa).createQuery(IDS, Object[].class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", user.getId())
                .getResultList();
        List<String> regular = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        for (Object[] row : rows) {
            (OFFLINE.equals(row[1]) ? offline : regular).add((String) row[0]);
        }
        return new Ids(regular, offline);
    }

    private static EntityManager entityManager(Provider jpa) {
        try {
            return (EntityManager) ENTITY_MANAGER.invoke(jpa);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Provider> jpaConnectionProvider() {
        try {
            return (Class<? extends Provider>) Class.forName("org.keycloak.connections.jpa.JpaConnectionProvider",
                    false, SessionRows.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.debugf("No JPA connection provider (%s): session lists ask the session provider", e);
            return null;
        }
    }

    private static MethodHandle entityManagerGetter(Class<? extends Provider> jpa) {
        if (jpa == null) {
            return null;
        }
        try {
            return MethodHandles.publicLookup().findVirtual(jpa, "getEntityManager", MethodType.methodType(EntityManager.class))
                    .asType(MethodType.methodType(EntityManager.class, Provider.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.debugf("JPA connection provider without getEntityManager (%s): session lists ask the session provider", e);
            return null;
        }
    }
}
