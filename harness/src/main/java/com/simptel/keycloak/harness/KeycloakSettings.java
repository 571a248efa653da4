package com.simptel.keycloak.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to start one Keycloak: where it listens, the environment its realm files read their
 * {@code ${VAR:default}} placeholders from, and where its log goes.
 */
public record KeycloakSettings(
        String host,
        int httpPort,
        int managementPort,
        Map<String, String> environment,
        Path logFile,
        Duration startTimeout) {

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public String healthUrl() {
        return "http://" + host + ":" + managementPort + "/health/ready";
    }

    /** Keycloak's Micrometer metrics with ours (simptel_*), in Prometheus text format. */
    public String metricsUrl() {
        return "http://localhost:" + managementPort + "/metrics";
    }
}
