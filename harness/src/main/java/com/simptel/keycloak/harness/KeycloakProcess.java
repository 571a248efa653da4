package com.simptel.keycloak.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code kc.sh}: waits for readiness, and stops its whole process tree by PID. Each start
 * writes a log of its own: the previous start's log is kept beside it as {@code <name>.previous.log}.
 */
public final class KeycloakProcess implements AutoCloseable {

    /** Keycloak could not bind a port: something else took it after it was picked as free. */
    public static final class PortInUse extends IOException {
        PortInUse(String message) {
            super(message);
        }
    }

    /** Outlasts Keycloak's shutdown delay and timeout (KeycloakCluster.SHUTDOWN_OPTIONS: 5 s + 30 s). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final Process process;
    private final KeycloakSettings settings;
    private final StopOnExit stopOnExit;
    /** Leftovers entries of kc.sh and the JVM below it. */
    private final List<String> recorded = new CopyOnWriteArrayList<>();

    private KeycloakProcess(Process process, KeycloakSettings settings) {
        this.process = process;
        this.settings = settings;
        // If the JVM that started Keycloak goes away (Ctrl-C, a killed test run), so does Keycloak.
        this.stopOnExit = new StopOnExit("stop-keycloak-" + process.pid(), this::stop);
    }

    static KeycloakProcess start(List<String> command, Path home, KeycloakSettings settings) throws IOException {
        startNewLog(settings.logFile());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(settings.logFile().toFile());
        builder.environment().putAll(settings.environment());
        KeycloakProcess started = new KeycloakProcess(builder.start(), settings);
        started.recorded.add(Leftovers.process(started.process.toHandle()));
        try {
            started.awaitReady();
        } catch (IOException | RuntimeException e) {
            started.close();
            throw e;
        }
        // the JVM below kc.sh, so that a killed run's leftovers are found even if kc.sh is gone
        started.process.descendants().forEach(p -> started.recorded.add(Leftovers.process(p)));
        return started;
    }

    /** One log per start: the last one is kept as {@code <name>.previous.log}, older ones are gone. */
    static void startNewLog(Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        if (Files.exists(log)) {
            String name = log.getFileName().toString();
            String base = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
            Files.move(log, log.resolveSibling(base + ".previous.log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The processes below kc.sh (Keycloak's JVM). */
    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    public KeycloakSettings settings() {
        return settings;
    }

    public String baseUrl() {
        return settings.baseUrl();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Blocks until kc.sh has exited; returns its exit code. */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(settings.healthUrl()))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String message = "Keycloak exited with code " + process.exitValue()
                        + " before it was ready. Last lines of " + settings.logFile() + ":\n" + logTail(60);
                throw portInUse() ? new PortInUse(message) : new IOException(message);
            }
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for Keycloak", e);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IOException("Keycloak was not ready within " + settings.startTimeout().toSeconds()
                + " s. Last lines of " + settings.logFile() + ":\n" + logTail(60));
    }

    /** Whether this start's log says a port was taken ("Address already in use", Quarkus and JGroups alike). */
    private boolean portInUse() {
        try {
            return Files.readString(settings.logFile(), StandardCharsets.UTF_8).contains("Address already in use");
        } catch (IOException e) {
            return false;
        }
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(settings.logFile(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * SIGTERM to the JVM and kc.sh, then waits for them to exit: Keycloak shuts down gracefully
     * (its shutdown options decide how long it serves requests in flight). Killing kc.sh alone
     * can leave java running.
     */
    public synchronized void stop() {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle p : tree) {
            waitFor(p, deadline);
        }
        try {
            if (!process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        forget(tree);
    }

    /** SIGKILL to the JVM and kc.sh, as a crashed machine would: nothing shuts down cleanly. */
    public synchronized void kill() {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle p : tree) {
            waitFor(p, deadline);
        }
        forget(tree);
        stopOnExit.cancel();
    }

    private void forget(List<ProcessHandle> tree) {
        if (!process.isAlive() && tree.stream().noneMatch(ProcessHandle::isAlive)) {
            recorded.forEach(Leftovers::forget);
            recorded.clear();
        }
    }

    @Override
    public void close() {
        stop();
        stopOnExit.cancel();
    }

    private static void waitFor(ProcessHandle p, long deadlineNanos) {
        try {
            p.onExit().get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
