package com.simptel.keycloak.harness;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The time limit of PostgresServer's commands (initdb, pg_ctl, psql) is reached when a command hangs. */
class PostgresCommandTest {

    @Test
    void aCommandThatHangsFailsAtTheTimeout() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> PostgresServer.run(false, List.of("sh", "-c", "echo waiting; sleep 30"), "hang",
                Duration.ofMillis(500)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("hang did not finish within 500 ms")
                .hasMessageContaining("waiting");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aServerForkedByTheCommandDoesNotHoldItsAnswer() throws IOException {
        // as pg_ctl start leaves the server running: the command's answer comes when the command ends
        long started = System.nanoTime();
        String out = PostgresServer.run(false, List.of("sh", "-c", "sleep 10 & echo started"), "fork",
                Duration.ofSeconds(20));
        assertThat(out).isEqualTo("started");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aFailingCommandSaysWhatItPrinted() {
        assertThatThrownBy(() -> PostgresServer.run(false, List.of("sh", "-c", "echo no such role; exit 3"), "psql",
                Duration.ofSeconds(20)))
                .hasMessage("psql failed (exit 3): no such role");
    }
}
