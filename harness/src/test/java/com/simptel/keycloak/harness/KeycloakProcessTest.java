package com.simptel.keycloak.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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

    private static KeycloakSettings settings(Path home) {
        return new KeycloakSettings("127.0.0.1", FreePorts.pick(), FreePorts.pick(), Map.of(),
                home.resolve("logs").resolve("keycloak.log"), Duration.ofSeconds(30));
    }
}
