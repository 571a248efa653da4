package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.FreePorts;
import com.simptel.keycloak.harness.KeycloakDistribution;
import com.simptel.keycloak.harness.KeycloakProcess;
import com.simptel.keycloak.harness.KeycloakSettings;
import com.simptel.keycloak.harness.RealmEnvironment;

import java.time.Duration;

/** Keycloak from the Maven Central distribution, run by kc.sh as a child process on free ports. */
final class DistributionBackend implements KeycloakBackend {

    private KeycloakDistribution distribution;
    private KeycloakSettings settings;
    private KeycloakProcess process;

    @Override
    public void start(TestSettings test, int smtpPort) throws Exception {
        distribution = KeycloakDistribution.unpack(test.keycloakZip(), test.workDir());
        distribution.installProvider(test.providersJar());
        distribution.installExtraProvider(TestSettings.testProvidersJar());
        distribution.installRealms(test.realmConfig());
        distribution.wipeDatabase();
        int httpPort = FreePorts.pick();
        settings = new KeycloakSettings("127.0.0.1", httpPort, FreePorts.pick(),
                RealmEnvironment.of("http://localhost:" + httpPort, "127.0.0.1", smtpPort, false),
                test.artifactsDir().resolve("keycloak.log"), Duration.ofMinutes(5));
        process = distribution.start(settings);
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
