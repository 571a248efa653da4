package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.KeycloakCluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tests' Keycloak runs with beyond the realm environment, for speed only: no check depends
 * on it. Profiled with JFR over the main suite, a third of the server's CPU went to Argon2 (every
 * sign-in and every password set) and a fifth to parsing FreeMarker templates again on each page,
 * as {@code start-dev} turns the theme caches off. The tests hash with Argon2 at one pass over
 * 256 KiB (Keycloak's default: five over 7 MiB), cache themes and templates as production mode
 * does, and run the JVM with its quick compiler only (a test server lives minutes: the optimizing
 * compiler's threads cost more CPU than they give back on two cores). The benchmarks set
 * {@code simptel.keycloak.defaults=true} and run Keycloak's defaults.
 */
final class TestServerTuning {

    private static final String QUICK_COMPILER_ONLY = "-XX:TieredStopAtLevel=1";

    private TestServerTuning() {
    }

    static Map<String, String> with(Map<String, String> environment) {
        Map<String, String> tuned = new LinkedHashMap<>(environment);
        if (keycloakDefaults()) {
            return tuned;
        }
        tuned.put("KC_SPI_PASSWORD_HASHING__ARGON2__ITERATIONS", "1");
        tuned.put("KC_SPI_PASSWORD_HASHING__ARGON2__MEMORY", "256");
        tuned.put("KC_SPI_THEME__CACHE_THEMES", "true");
        tuned.put("KC_SPI_THEME__CACHE_TEMPLATES", "true");
        String append = System.getenv().getOrDefault("JAVA_OPTS_APPEND", "");
        tuned.put("JAVA_OPTS_APPEND", (append + " " + QUICK_COMPILER_ONLY).strip());
        return tuned;
    }

    /**
     * The cluster nodes' shutdown options: the tests drain a node at the balancer before they stop
     * it, so its shutdown delay (readiness down while HAProxy's checks notice) is 1 s, not the 5 s
     * operators run; the benchmarks keep the 5 s.
     */
    static List<String> shutdownOptions() {
        return keycloakDefaults() ? KeycloakCluster.SHUTDOWN_OPTIONS
                : KeycloakCluster.shutdownOptions(Duration.ofSeconds(1));
    }

    /** Set by the benchmarks: Keycloak as it comes. */
    private static boolean keycloakDefaults() {
        return Boolean.getBoolean("simptel.keycloak.defaults");
    }
}
