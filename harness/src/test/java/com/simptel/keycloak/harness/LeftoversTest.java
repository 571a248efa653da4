package com.simptel.keycloak.harness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a killed run left is reaped by its record, and nothing a record does not name, or names for a live run. */
class LeftoversTest {

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatTheTestStarted() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void theRecordOfADeadRunIsReaped(@TempDir Path records, @TempDir Path tmp) throws Exception {
        Process leftover = sleeper();
        Process notOurs = sleeper();
        Path folder = Files.createDirectories(tmp.resolve("simptel-lb-left").resolve("inner"));
        long start = leftover.toHandle().info().startInstant().orElseThrow().toEpochMilli();
        long otherStart = notOurs.toHandle().info().startInstant().orElseThrow().toEpochMilli();
        // a dead owner: this PID with a start time that is not its own
        Files.writeString(records.resolve(ProcessHandle.current().pid() + "-1.run"), String.join("\n",
                "process " + leftover.pid() + " " + start,
                // the PID of a running process with another start time: a reused PID, not ours
                "process " + notOurs.pid() + " " + (otherStart - 5000),
                "folder " + folder.getParent()) + "\n");

        List<String> reaped = Leftovers.reapDead(records);

        assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(notOurs.isAlive()).isTrue();
        assertThat(folder.getParent()).doesNotExist();
        assertThat(reaped).hasSize(2).anySatisfy(r -> assertThat(r).startsWith("process " + leftover.pid()));
        try (var left = Files.list(records)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theRecordOfALiveRunIsLeftAlone(@TempDir Path records, @TempDir Path tmp) throws Exception {
        Process running = sleeper();
        long start = running.toHandle().info().startInstant().orElseThrow().toEpochMilli();
        ProcessHandle me = ProcessHandle.current();
        Path record = records.resolve(me.pid() + "-" + me.info().startInstant().orElseThrow().toEpochMilli() + ".run");
        Files.writeString(record, "process " + running.pid() + " " + start + "\nfolder " + tmp + "\n");

        assertThat(Leftovers.reapDead(records)).isEmpty();

        assertThat(running.isAlive()).isTrue();
        assertThat(tmp).exists();
        assertThat(record).exists();
    }

    private Process sleeper() throws IOException {
        Process p = new ProcessBuilder("sleep", "60").start();
        started.add(p);
        assertThat(p.toHandle().info().startInstant()).isPresent();
        return p;
    }

    @Test
    void aRecordNameThatIsNotOursCountsAsAlive() {
        assertThat(Leftovers.ownerAlive("notes.run")).isTrue();
        assertThat(Leftovers.ownerAlive(ProcessHandle.current().pid() + "-1.run")).isFalse();
    }
}
