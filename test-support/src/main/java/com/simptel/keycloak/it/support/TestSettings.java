package com.simptel.keycloak.it.support;

import java.nio.file.Path;

/** What failsafe passes to the tests (see integration-tests/pom.xml). */
record TestSettings(
        String backend,
        String keycloakVersion,
        Path keycloakZip,
        Path providersJar,
        Path realmConfig,
        Path workDir,
        Path artifactsDir) {

    /** distribution (default) or testcontainers: {@code mvn verify -Dkeycloak.backend=...}. */
    static String backendName() {
        return System.getProperty("simptel.keycloak.backend", "distribution");
    }

    static TestSettings fromSystemProperties() {
        return new TestSettings(
                backendName(),
                required("keycloak.version"),
                Path.of(required("simptel.keycloak.zip")),
                Path.of(required("simptel.providers.jar")),
                Path.of(required("simptel.realm.config")),
                Path.of(required("simptel.test.dir")),
                Path.of(required("simptel.artifacts.dir")));
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("System property " + name + " is not set: run the tests with"
                    + " 'mvn verify' from the repository root, which sets it");
        }
        return value;
    }

    /** The test-only providers (a step without a JSON form), deployed in the main suite beside our JAR. */
    static java.nio.file.Path testProvidersJar() {
        String path = System.getProperty("simptel.test.providers.jar");
        return path == null ? null : java.nio.file.Path.of(path);
    }
}
