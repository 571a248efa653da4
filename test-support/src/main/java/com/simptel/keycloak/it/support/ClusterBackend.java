package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.HaproxyBalancer;
import com.simptel.keycloak.harness.KeycloakCluster;
import com.simptel.keycloak.harness.RealmEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Two Keycloak nodes on a throwaway PostgreSQL behind HAProxy (round robin over ready nodes, no sticky sessions):
 * {@code mvn -B verify -Pcluster}. {@link #baseUrl()} is the load balancer. PostgreSQL runs
 * without fsync for the tests; with system property {@code simptel.postgres.durable=true} (the
 * benchmarks) it keeps PostgreSQL's durable defaults, and with {@code simptel.postgres.statements=true}
 * it preloads {@code pg_stat_statements} to count each request's statements.
 */
final class ClusterBackend implements KeycloakBackend {

    private KeycloakCluster cluster;

    @Override
    public Optional<String> unavailableReason() {
        if (!Files.isDirectory(Path.of("/usr/lib/postgresql"))) {
            return Optional.of("the cluster suite needs Debian's PostgreSQL server (apt-get install postgresql)");
        }
        if (!Files.isExecutable(HaproxyBalancer.EXECUTABLE)) {
            return Optional.of("the cluster suite needs HAProxy (apt-get install haproxy)");
        }
        return Optional.empty();
    }

    @Override
    public void start(TestSettings test, int smtpPort) throws Exception {
        cluster = KeycloakCluster.start(new KeycloakCluster.Options(
                test.keycloakZip(), test.providersJar(), test.realmConfig(),
                test.realmConfig().resolveSibling("deploy").resolve("haproxy").resolve("keycloak-lb.cfg"),
                test.workDir().resolveSibling("cluster"),
                publicUrl -> TestServerTuning.with(RealmEnvironment.of(publicUrl, "127.0.0.1", smtpPort, false)),
                postgresSettings(),
                Duration.ofMinutes(5),
                TestServerTuning.shutdownOptions()));
    }

    /** A test database trades durability for speed; a benchmark measures what production commits cost. */
    private static List<String> postgresSettings() {
        List<String> settings = new ArrayList<>();
        if (!Boolean.getBoolean("simptel.postgres.durable")) {
            settings.addAll(List.of("fsync=off", "synchronous_commit=off", "full_page_writes=off"));
        }
        if (Boolean.getBoolean("simptel.postgres.statements")) {
            settings.addAll(List.of("shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all"));
        }
        return settings;
    }

    KeycloakCluster cluster() {
        return cluster;
    }

    @Override
    public String baseUrl() {
        return cluster.baseUrl();
    }

    @Override
    public String metricsUrl() {
        return cluster.node(1).metricsUrl();
    }

    @Override
    public void restart() throws Exception {
        cluster.restartAll();
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
