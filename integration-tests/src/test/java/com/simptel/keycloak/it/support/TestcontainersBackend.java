package com.simptel.keycloak.it.support;

import com.simptel.keycloak.launcher.FreePorts;
import com.simptel.keycloak.launcher.RealmEnvironment;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.utility.MountableFile;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Keycloak in the official container image (testcontainers-keycloak), for machines with Docker.
 * Without a Docker engine every test that needs the server is skipped, never failed.
 */
final class TestcontainersBackend implements KeycloakBackend {

    private static final int CONTAINER_HTTP_PORT = 8080;

    private KeycloakContainer container;
    private String baseUrl;

    @Override
    public void start(TestSettings test, int smtpPort) throws Exception {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new TestAbortedException("keycloak.backend=testcontainers needs a Docker engine, and none is"
                    + " available here; the default backend (-Dkeycloak.backend=distribution) needs none");
        }
        // The host port is fixed before start so the issuer (KC_HOSTNAME) is known to the realm files.
        int hostPort = FreePorts.pick();
        baseUrl = "http://localhost:" + hostPort;
        Map<String, String> realmEnvironment = RealmEnvironment.of(baseUrl, "host.testcontainers.internal", smtpPort);
        // Inside the container Keycloak reaches itself on its own port, not the host's.
        realmEnvironment.put("SIMPTEL_EXTERNAL_BACKCHANNEL",
                "http://localhost:" + CONTAINER_HTTP_PORT + "/realms/simptel-external");
        realmEnvironment.put("KC_HOSTNAME", baseUrl);
        realmEnvironment.put("KC_HOSTNAME_BACKCHANNEL_DYNAMIC", "true");
        Testcontainers.exposeHostPorts(smtpPort);

        container = new KeycloakContainer("quay.io/keycloak/keycloak:" + test.keycloakVersion())
                .withAdminUsername(realmEnvironment.get("KC_BOOTSTRAP_ADMIN_USERNAME"))
                .withAdminPassword(realmEnvironment.get("KC_BOOTSTRAP_ADMIN_PASSWORD"))
                .withProviderLibsFrom(List.of(test.providersJar().toFile()))
                .withEnv(realmEnvironment);
        // KeycloakContainer always starts with start-dev --import-realm.
        try (DirectoryStream<Path> realms = Files.newDirectoryStream(test.realmConfig(), "*.json")) {
            for (Path realm : realms) {
                container.withCopyFileToContainer(MountableFile.forHostPath(realm),
                        "/opt/keycloak/data/import/" + realm.getFileName());
            }
        }
        container.setPortBindings(List.of(hostPort + ":" + CONTAINER_HTTP_PORT));
        container.start();
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void restart() {
        // Stopping a container discards it; its dev database goes with it.
        throw new TestAbortedException("restart is supported by the distribution backend only");
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
        }
    }
}
