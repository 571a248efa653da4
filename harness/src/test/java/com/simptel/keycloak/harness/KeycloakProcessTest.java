package com.simptel.keycloak.harness;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the harness makes of a start that fails, with a stand-in for kc.sh that prints what Keycloak prints. */
class KeycloakProcessTest {

    @Test
    void aPortTakenBeforeKeycloakBindsItIsReportedAsSuch(@TempDir Path home) {
        KeycloakSettings settings = settings(home);
        assertThatThrownBy(() -> KeycloakProcess.start(List.of("sh", "-c",
                "echo 'ERROR: Port(s) already bound: " + settings.httpPort() + ": Address already in use'; exit 1"),
                home, settings))
                .isInstanceOf(KeycloakProcess.PortInUse.class)
                .hasMessageContaining("Address already in use");
    }

    @Test
    void anotherFailureIsNot(@TempDir Path home) {
        assertThatThrownBy(() -> KeycloakProcess.start(List.of("sh", "-c", "echo 'ERROR: invalid realm file'; exit 1"),
                home, settings(home)))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(KeycloakProcess.PortInUse.class)
                .hasMessageContaining("invalid realm file");
    }

    @Test
    void eachStartWritesALogOfItsOwnAndKeepsThePreviousOne(@TempDir Path home) throws IOException {
        KeycloakSettings settings = settings(home);
        for (String run : List.of("first", "second", "third")) {
            assertThatThrownBy(() -> KeycloakProcess.start(List.of("sh", "-c", "echo " + run + "; exit 1"), home, settings))
                    .isInstanceOf(IOException.class);
        }
        assertThat(Files.readString(settings.logFile())).isEqualTo("third\n");
        assertThat(Files.readString(home.resolve("logs").resolve("keycloak.previous.log"))).isEqualTo("second\n");
    }

    /** kc.sh and the JVM below it are in this JVM's record while they run, and out of it once killed or stopped. */
    @Test
    void aRunningServerIsRecordedUntilItIsGone(@TempDir Path home) throws IOException {
        KeycloakSettings settings = settings(home);
        HttpServer health = HttpServer.create(new InetSocketAddress("127.0.0.1", settings.managementPort()), 0);
        health.createContext("/health/ready", exchange -> {
            byte[] up = "{\"status\": \"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, up.length);
            exchange.getResponseBody().write(up);
            exchange.close();
        });
        health.start();
        try {
            for (boolean kill : new boolean[] {true, false}) {
                // a stand-in kc.sh with a child, as kc.sh starts Keycloak's JVM
                KeycloakProcess server = KeycloakProcess.start(List.of("sh", "-c", "sleep 60 & wait"), home, settings);
                List<ProcessHandle> tree = server.descendants();
                assertThat(tree).hasSize(1);
                assertThat(Leftovers.listed()).contains("process " + server.pid() + " " + started(server.pid()),
                        "process " + tree.get(0).pid() + " " + started(tree.get(0).pid()));
                if (kill) {
                    server.kill();
                } else {
                    server.close();
                }
                assertThat(tree.get(0).isAlive()).isFalse();
                assertThat(Leftovers.listed()).noneMatch(e -> e.startsWith("process " + server.pid() + " ")
                        || e.startsWith("process " + tree.get(0).pid() + " "));
            }
        } finally {
            health.stop(0);
        }
    }

    private static long started(long pid) {
        return ProcessHandle.of(pid).orElseThrow().info().startInstant().orElseThrow().toEpochMilli();
    }

    private static KeycloakSettings settings(Path home) {
        return new KeycloakSettings("127.0.0.1", FreePorts.pick(), FreePorts.pick(), Map.of(),
                home.resolve("logs").resolve("keycloak.log"), Duration.ofSeconds(30));
    }
}
