package org.keycloak.models.session;

import org.keycloak.provider.Provider;

/**
 * Compile-only stand-in for Keycloak's interface of this name, which this JAR only looks up (to
 * know whether sessions are in Keycloak's JPA tables, {@code SessionRows}). Its module,
 * {@code keycloak-model-storage-private}, cannot be a Maven dependency here: its parent POM is not
 * on Maven Central. The JAR plugin leaves this class out (see providers/pom.xml), so at run time
 * Keycloak's own interface is the one linked.
 */
public interface UserSessionPersisterProvider extends Provider {
}
