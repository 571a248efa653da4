package org.keycloak.models.session;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

import java.util.Map;
import java.util.Set;

/**
 * Compile-only stand-in for Keycloak's interface of this name, with the one method this JAR
 * calls, copied from Keycloak 26.7.3. Its module, {@code keycloak-model-storage-private}, cannot be
 * a Maven dependency here: its parent POM is not on Maven Central. The JAR plugin leaves this class
 * out (see providers/pom.xml), so at run time Keycloak's own interface is the one linked; a changed
 * signature shows in the sessions API's integration tests, which run on the real Keycloak.
 */
public interface UserSessionPersisterProvider extends Provider {

    /** Since Keycloak 26.7: the user's session ids, each with its clients' ids, in one query. */
    default Map<String, Set<String>> findUserSessionsByUserId(RealmModel realm, UserModel user, boolean offline) {
        throw new IllegalStateException("not implemented");
    }
}
