package com.simptel.keycloak.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A running {@code kc.sh}: waits for readiness, and stops its whole process tree by PID. */
public final class KeycloakProcess implements AutoCloseable {

    /** Outlasts Keycloak's shutdown delay and timeout (KeycloakCluster.SHUTDOWN_OPTIONS: 5 s + 30 s). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final Process process;
    private final KeycloakSettings settings;
    private final StopOnExit stopOnExit;

    private KeycloakProcess(Process process, KeycloakSettings settings) {
        this.process = process;
        this.settings = settings;
        // If the JVM that started Keycloak goes away (Ctrl-C, a killed test run), so does Keycloak.
        this.stopOnExit = new StopOnExit("stop-keycloak-" + process.pid(), this::stop);
    }

    static KeycloakProcess start(List<String> command, Path home, KeycloakSettings settings) throws IOException {
        Files.createDirectories(settings.logFile().toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()));
        builder.environment().putAll(settings.environment());
        KeycloakProcess started = new KeycloakProcess(builder.start(), settings);
        try {
            started.awaitReady();
        } catch (IOException | RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    public long pid() {
        return process.pid();
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
                throw new IOException("Keycloak exited with code " + process.exitValue()
                        + " before it was ready. Last lines of " + settings.logFile() + ":\n" + logTail(60));
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
            sleep(Duration.ofMillis(500));
        }
        throw new IOException("Keycloak was not ready within " + settings.startTimeout().toSeconds()
                + " s. Last lines of " + settings.logFile() + ":\n" + logTail(60));
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
    }

    /** SIGKILL to the JVM and kc.sh, as a crashed machine would: nothing shuts down cleanly. */
    public synchronized void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopOnExit.cancel();
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
