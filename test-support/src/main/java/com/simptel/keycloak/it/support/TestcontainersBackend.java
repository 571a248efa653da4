package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.FreePorts;
import com.simptel.keycloak.harness.RealmEnvironment;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keycloak in the official container image (testcontainers-keycloak), for machines with a local
 * Docker engine. Without one, {@link SimptelServerExtension} skips every test that needs the
 * server before this class is asked to start anything.
 */
final class TestcontainersBackend implements KeycloakBackend {

    private static final int CONTAINER_HTTP_PORT = 8080;
    private static final int CONTAINER_MANAGEMENT_PORT = 9000;
    private static final String IMPORT_DIR = "/opt/keycloak/data/import/";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private KeycloakContainer container;
    private String baseUrl;
    private String metricsUrl;
    private Path log;

    @Override
    public Optional<String> unavailableReason() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.of("keycloak.backend=testcontainers needs a Docker engine and none was found;"
                    + " the default backend (distribution) runs without Docker");
        }
        return Optional.empty();
    }

    @Override
    public void start(TestSettings test, int smtpPort) throws Exception {
        String dockerHost = DockerClientFactory.instance().dockerHostIpAddress();
        if (!List.of("localhost", "127.0.0.1").contains(dockerHost)) {
            // Tests and browsers reach Keycloak at http://localhost:<port>: its cookies are Secure,
            // which browsers (and HttpBrowser) accept over plain http from localhost only.
            throw new IllegalStateException("keycloak.backend=testcontainers needs a local Docker engine whose"
                    + " published ports are on localhost; this one publishes on " + dockerHost);
        }
        // The issuer Keycloak writes into tokens, the browser-facing URLs of the brokered provider
        // and the redirect URIs of realm-config are all built from the public URL, which must be
        // known before the realm files are imported: so the host ports are chosen up front.
        int hostPort = FreePorts.pick();
        int managementHostPort = FreePorts.pick();
        baseUrl = "http://localhost:" + hostPort;
        metricsUrl = "http://localhost:" + managementHostPort + "/metrics";

        Map<String, String> env = TestServerTuning.with(RealmEnvironment.of(baseUrl, GenericContainer.INTERNAL_HOST_HOSTNAME, smtpPort, false));
        // Keycloak's own back-channel calls to the demo external provider stay inside the container.
        env.put("SIMPTEL_EXTERNAL_BACKCHANNEL", "http://localhost:" + CONTAINER_HTTP_PORT + "/realms/simptel-external");
        // Tokens say http://localhost:<hostPort> whichever way a request came in.
        env.put("KC_HOSTNAME", baseUrl);
        env.put("KC_HOSTNAME_BACKCHANNEL_DYNAMIC", "true");
        // as the distribution backend starts it (KeycloakDistribution.start)
        env.put("KC_METRICS_ENABLED", "true");
        env.put("KC_EVENT_METRICS_USER_ENABLED", "true");
        // The container reaches the test JVM's SMTP server (GreenMail on loopback) as
        // host.testcontainers.internal through this; it must happen before the container starts.
        Testcontainers.exposeHostPorts(smtpPort);

        log = test.artifactsDir().resolve("keycloak.log");
        Files.deleteIfExists(log);
        container = new KeycloakContainer("quay.io/keycloak/keycloak:" + test.keycloakVersion())
                .withAdminUsername(env.remove("KC_BOOTSTRAP_ADMIN_USERNAME"))
                .withAdminPassword(env.remove("KC_BOOTSTRAP_ADMIN_PASSWORD"))
                .withProviderLibsFrom(List.of(test.providersJar().toFile()))
                .withStartupTimeout(START_TIMEOUT)
                .withEnv(env)
                .withLogConsumer(this::append);
        // KeycloakContainer always starts with --import-realm; it imports what is in IMPORT_DIR.
        try (DirectoryStream<Path> realms = Files.newDirectoryStream(test.realmConfig(), "*.json")) {
            for (Path realm : realms) {
                container.withCopyFileToContainer(MountableFile.forHostPath(realm, 0644), IMPORT_DIR + realm.getFileName());
            }
        }
        container.setPortBindings(List.of(hostPort + ":" + CONTAINER_HTTP_PORT,
                managementHostPort + ":" + CONTAINER_MANAGEMENT_PORT));
        container.start();
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public String metricsUrl() {
        return metricsUrl;
    }

    /**
     * Stops and starts the same container: its dev database lives in the container's file system
     * and survives, and the fixed port bindings keep every URL the same.
     */
    @Override
    public void restart() throws IOException {
        String id = container.getContainerId();
        container.getDockerClient().stopContainerCmd(id).withTimeout(30).exec();
        container.getDockerClient().startContainerCmd(id).exec();
        // The log stream ended with the stop; following again replays the container's whole log.
        Files.deleteIfExists(log);
        container.followOutput(this::append);
        Wait.forHttp("/health/ready").forPort(CONTAINER_MANAGEMENT_PORT).withStartupTimeout(START_TIMEOUT)
                .waitUntilReady(container);
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
        }
    }

    private void append(OutputFrame frame) {
        String text = frame.getUtf8String();
        if (text == null || text.isEmpty()) {
            return;
        }
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
