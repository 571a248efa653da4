package com.simptel.keycloak.harness;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What this JVM started and must not outlive it: a record file per JVM in
 * {@code <tmp>/simptel-harness/} lists our processes (PID and start time), throwaway PostgreSQL
 * data folders and temporary folders while they exist. Shutdown hooks stop them on a normal exit;
 * a SIGKILLed JVM runs none, so the next JVM of the harness reaps what the records of dead JVMs
 * still list. Only what such a record names is touched, never a process found by its name: other
 * runs on the machine (other checkouts, other agents) start Keycloak, PostgreSQL and HAProxy too.
 * A PID is only acted on when its start time is the recorded one (PIDs are reused).
 */
public final class Leftovers {

    static final Path RECORDS = Path.of(System.getProperty("java.io.tmpdir"), "simptel-harness");
    private static final String SUFFIX = ".run";

    private static final Leftovers THIS_JVM = new Leftovers(RECORDS, ProcessHandle.current());

    private final Path records;
    private final Path file;
    private final Set<String> entries = new LinkedHashSet<>();

    private Leftovers(Path records, ProcessHandle owner) {
        this.records = records;
        this.file = records.resolve(owner.pid() + "-" + startMillis(owner).orElse(0L) + SUFFIX);
        reapDead(records);
    }

    /**
     * Records a process we started (a kc.sh, the JVM below it, HAProxy); returns the entry to
     * {@link #forget} once it has exited (null if it is gone already).
     */
    public static String process(ProcessHandle process) {
        Optional<Long> start = startMillis(process);
        if (start.isEmpty()) {
            return null;
        }
        String entry = "process " + process.pid() + " " + start.get();
        THIS_JVM.add(entry);
        return entry;
    }

    /** Records a PostgreSQL data folder of ours: a leftover server there is stopped, the folder removed. */
    static void postgres(Path dataDir) {
        THIS_JVM.add("postgres " + dataDir.toAbsolutePath());
    }

    /** Records a temporary folder of ours, removed if a dead run left it. */
    public static void folder(Path dir) {
        THIS_JVM.add("folder " + dir.toAbsolutePath());
    }

    /** Drops an entry {@link #process} returned. */
    public static void forget(String processEntry) {
        if (processEntry != null) {
            THIS_JVM.remove(processEntry);
        }
    }

    static void forgetPostgres(Path dataDir) {
        THIS_JVM.remove("postgres " + dataDir.toAbsolutePath());
    }

    public static void forgetFolder(Path dir) {
        THIS_JVM.remove("folder " + dir.toAbsolutePath());
    }

    /** What this JVM's record lists now. */
    static List<String> listed() {
        synchronized (THIS_JVM) {
            return List.copyOf(THIS_JVM.entries);
        }
    }

    private synchronized void add(String entry) {
        if (entries.add(entry)) {
            write();
        }
    }

    private synchronized void remove(String entry) {
        if (entries.remove(entry)) {
            write();
        }
    }

    private void write() {
        try {
            if (entries.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Files.createDirectories(records);
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.write(next, entries);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("[simptel] could not write " + file + ": " + e.getMessage());
        }
    }

    /** Reaps the records whose JVM is gone; returns what was stopped or removed. */
    static List<String> reapDead(Path records) {
        List<String> reaped = new ArrayList<>();
        if (!Files.isDirectory(records)) {
            return reaped;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(records, "*" + SUFFIX)) {
            for (Path record : files) {
                if (!ownerAlive(record.getFileName().toString())) {
                    reaped.addAll(reap(record));
                }
            }
        } catch (IOException e) {
            System.err.println("[simptel] could not read " + records + ": " + e.getMessage());
        }
        if (!reaped.isEmpty()) {
            System.err.println("[simptel] stopped or removed what an earlier, killed run left: " + String.join("; ", reaped));
        }
        return reaped;
    }

    private static List<String> reap(Path record) {
        Path claimed = record.resolveSibling(record.getFileName() + ".reaping");
        try {
            // whoever moves the record reaps it: two JVMs starting at once do not both act on it
            Files.move(record, claimed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (AtomicMoveNotSupportedException e) {
            return List.of();
        } catch (IOException e) {
            System.err.println("[simptel] could not claim " + record + ": " + e.getMessage());
            return List.of();
        }
        List<String> reaped = new ArrayList<>();
        try {
            for (String entry : Files.readAllLines(claimed)) {
                String[] parts = entry.split(" ", 2);
                switch (parts[0]) {
                    case "process" -> killIfSame(parts[1]).ifPresent(reaped::add);
                    case "postgres" -> {
                        if (PostgresServer.removeLeftover(Path.of(parts[1]))) {
                            reaped.add("PostgreSQL in " + parts[1]);
                        }
                    }
                    case "folder" -> {
                        Path dir = Path.of(parts[1]);
                        if (Files.exists(dir)) {
                            KeycloakDistribution.deleteTree(dir);
                            reaped.add("folder " + dir);
                        }
                    }
                    default -> { }
                }
            }
            Files.deleteIfExists(claimed);
        } catch (IOException | RuntimeException e) {
            System.err.println("[simptel] could not reap " + claimed + ": " + e);
        }
        return reaped;
    }

    private static Optional<String> killIfSame(String pidAndStart) {
        String[] parts = pidAndStart.split(" ");
        long pid = Long.parseLong(parts[0]);
        long start = Long.parseLong(parts[1]);
        Optional<ProcessHandle> process = ProcessHandle.of(pid)
                .filter(p -> startMillis(p).map(s -> s == start).orElse(false));
        Optional<String> what = process.map(p -> "process " + pid + " (" + p.info().command().orElse("?") + ")");
        process.ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        return what;
    }

    /** The record's name is the owner's PID and start time: it is alive only if both match. */
    static boolean ownerAlive(String recordName) {
        String[] parts = recordName.substring(0, recordName.length() - SUFFIX.length()).split("-");
        try {
            long pid = Long.parseLong(parts[0]);
            long start = Long.parseLong(parts[1]);
            return ProcessHandle.of(pid).flatMap(Leftovers::startMillis).map(s -> s == start).orElse(false);
        } catch (RuntimeException e) {
            return true; // not a record of ours: leave it alone
        }
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }
}
