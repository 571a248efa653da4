package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.FreePorts;
import com.simptel.keycloak.harness.KeycloakDistribution;
import com.simptel.keycloak.harness.KeycloakProcess;
import com.simptel.keycloak.harness.KeycloakSettings;
import com.simptel.keycloak.harness.RealmEnvironment;

import java.nio.file.Path;
import java.time.Duration;

/** Keycloak from the Maven Central distribution, run by kc.sh as a child process on free ports. */
final class DistributionBackend implements KeycloakBackend {

    /** Starts on newly picked ports when one picked before was taken meanwhile. */
    private static final int PORT_ATTEMPTS = 3;

    private KeycloakDistribution distribution;
    private KeycloakSettings settings;
    private KeycloakProcess process;

    @Override
    public void start(TestSettings test, int smtpPort) throws Exception {
        distribution = KeycloakDistribution.unpack(test.keycloakZip(), test.workDir());
        distribution.installProvider(test.providersJar());
        distribution.installExtraProvider(TestSettings.testProvidersJar());
        distribution.installRealms(test.realmConfig());
        Path log = test.artifactsDir().resolve("keycloak.log");
        System.out.println("[simptel-it] Keycloak's log: " + log + " (one per start, the previous start's beside it)");
        for (int attempt = 1; ; attempt++) {
            distribution.wipeDatabase();
            int httpPort = FreePorts.pick();
            settings = new KeycloakSettings("127.0.0.1", httpPort, FreePorts.pick(),
                    TestServerTuning.with(RealmEnvironment.of("http://localhost:" + httpPort, "127.0.0.1", smtpPort, false)),
                    log, Duration.ofMinutes(5));
            try {
                process = distribution.start(settings);
                return;
            } catch (KeycloakProcess.PortInUse e) {
                // the realms' URLs name the port: a new one means a fresh database and import
                if (attempt == PORT_ATTEMPTS) {
                    throw e;
                }
                System.err.println("[simptel-it] a port picked for Keycloak was taken meanwhile; starting on others");
            }
        }
    }

    @Override
    public String baseUrl() {
        return settings.baseUrl();
    }

    @Override
    public String metricsUrl() {
        return settings.metricsUrl();
    }

    @Override
    public void restart() throws Exception {
        process.close();
        process = distribution.start(settings);
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
