package com.simptel.keycloak.it.support;

import java.util.Optional;

/** Where the tests' Keycloak runs: a distribution process, or a container. */
interface KeycloakBackend extends AutoCloseable {

    /** Why this backend cannot run on this machine (tests are then skipped), or empty. */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /** Starts Keycloak with our JAR and realms, sending mail to the test JVM's SMTP port. */
    void start(TestSettings settings, int smtpPort) throws Exception;

    /** http://localhost:port, as browsers and clients reach it (issuer URLs start with this). */
    String baseUrl();

    /** The management interface (health, metrics): http://localhost:port/metrics. */
    String metricsUrl();

    /** Stops and starts the same server on the same data (user sessions persist in its database). */
    void restart() throws Exception;

    @Override
    void close();

    static KeycloakBackend of(String name) {
        return switch (name) {
            case "distribution" -> new DistributionBackend();
            case "testcontainers" -> new TestcontainersBackend();
            case "cluster" -> new ClusterBackend();
            default -> throw new IllegalArgumentException(
                    "keycloak.backend must be 'distribution', 'cluster' or 'testcontainers', not '" + name + "'");
        };
    }
}
