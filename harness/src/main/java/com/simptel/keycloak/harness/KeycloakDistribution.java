package com.simptel.keycloak.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An unpacked {@code keycloak-quarkus-dist} on disk: our JAR in {@code providers/}, our realm
 * files in {@code data/import/}, and {@code bin/kc.sh} to start it.
 */
public final class KeycloakDistribution {

    private static final String PROVIDER_PREFIX = "simptel-keycloak";
    private static final String UNPACKED_MARKER = ".simptel-unpacked-from";

    private final Path home;

    private KeycloakDistribution(Path home) {
        this.home = home;
    }

    /** Unpacks {@code zip} under {@code parent} unless the same zip was unpacked there before. */
    public static KeycloakDistribution unpack(Path zip, Path parent) throws IOException {
        if (zip == null || !Files.isRegularFile(zip)) {
            throw new IOException("Keycloak distribution zip not found: " + zip
                    + " (it is org.keycloak:keycloak-quarkus-dist:zip from Maven Central)");
        }
        String stamp = zip.toAbsolutePath() + " " + Files.size(zip) + " " + Files.getLastModifiedTime(zip).toMillis();
        Files.createDirectories(parent);
        Path marker = parent.resolve(UNPACKED_MARKER);
        Path home = findHome(parent);
        if (home != null && Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)) {
            return new KeycloakDistribution(home);
        }
        unzip(zip, parent);
        home = findHome(parent);
        if (home == null) {
            throw new IOException("No keycloak-*/bin/kc.sh in " + zip);
        }
        Files.writeString(marker, stamp);
        return new KeycloakDistribution(home);
    }

    public Path home() {
        return home;
    }

    /**
     * Copies the provider JAR into {@code providers/} only when its bytes changed: a changed
     * providers folder makes Keycloak re-augment at start, which costs 15-30 s.
     *
     * @return whether anything in {@code providers/} changed
     */
    public boolean installProvider(Path jar) throws IOException {
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IOException("Provider JAR not found: " + jar + " (build it with: mvn -pl providers package)");
        }
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        Path target = providers.resolve(jar.getFileName());
        boolean changed = false;
        try (DirectoryStream<Path> old = Files.newDirectoryStream(providers, PROVIDER_PREFIX + "*.jar")) {
            for (Path p : old) {
                if (!p.getFileName().equals(target.getFileName())) {
                    Files.delete(p);
                    changed = true;
                }
            }
        }
        if (!Files.exists(target) || Files.mismatch(jar, target) != -1) {
            Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
            changed = true;
        }
        return changed;
    }

    /** Copies a second provider JAR (e.g. test-only providers) beside ours; null copies nothing. */
    public boolean installExtraProvider(Path jar) throws IOException {
        if (jar == null) {
            return false;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IOException("Provider JAR not found: " + jar);
        }
        Path target = home.resolve("providers").resolve(jar.getFileName());
        if (Files.exists(target) && Files.mismatch(jar, target) == -1) {
            return false;
        }
        Files.createDirectories(target.getParent());
        Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** The provider JAR in {@code providers/}. */
    public Path installedProvider() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(home.resolve("providers"), PROVIDER_PREFIX + "*.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IOException("no " + PROVIDER_PREFIX + "*.jar in " + home.resolve("providers"));
    }

    /**
     * Replaces {@code data/import/} with the files of {@code realmConfigDir}: {@code <realm>-realm.json}
     * and the demo users in {@code <realm>-users-<n>.json}, which Keycloak's directory import reads
     * after the realm (only when it imports the realm).
     */
    public void installRealms(Path realmConfigDir) throws IOException {
        Path importDir = home.resolve("data").resolve("import");
        deleteTree(importDir);
        Files.createDirectories(importDir);
        try (DirectoryStream<Path> realms = Files.newDirectoryStream(realmConfigDir, "*.json")) {
            for (Path realm : realms) {
                Files.copy(realm, importDir.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Whether the embedded database exists, i.e. the realms were imported by an earlier start. */
    public boolean hasDatabase() {
        return Files.isDirectory(home.resolve("data").resolve("h2"));
    }

    /** Deletes the embedded database, so the next start imports the realms anew. */
    public void wipeDatabase() throws IOException {
        deleteTree(home.resolve("data").resolve("h2"));
    }

    /** Starts {@code kc.sh start-dev} with health and metrics on; returns once the server is ready. */
    public KeycloakProcess start(KeycloakSettings settings) throws IOException {
        List<String> command = new ArrayList<>(Arrays.asList(
                home.resolve("bin").resolve("kc.sh").toString(),
                "start-dev",
                "--import-realm",
                "--health-enabled=true",
                // metrics on the management port, user events (logins, registrations) among them
                "--metrics-enabled=true",
                "--event-metrics-user-enabled=true",
                "--http-host=" + settings.host(),
                "--http-port=" + settings.httpPort(),
                "--http-management-port=" + settings.managementPort()));
        return KeycloakProcess.start(command, home, settings);
    }

    /**
     * Runs {@code kc.sh build} with {@code options} (production mode: database, cache stack) unless
     * the last build here had the same options and providers; returns whether it built.
     */
    public boolean build(List<String> options, boolean providersChanged) throws IOException {
        Path marker = home.resolve(".simptel-built-with");
        String stamp = String.join(" ", options);
        if (!providersChanged && Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)) {
            return false;
        }
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve("kc.sh").toString());
        command.add("build");
        command.addAll(options);
        Path log = home.resolve("build.log");
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (process.waitFor() != 0) {
                throw new IOException("kc.sh build failed (" + log + "):\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("kc.sh build interrupted", e);
        }
        Files.writeString(marker, stamp);
        return true;
    }

    /** Starts {@code kc.sh start --optimized} (after {@link #build}); returns once the node is ready. */
    public KeycloakProcess startOptimized(KeycloakSettings settings, List<String> options) throws IOException {
        List<String> command = new ArrayList<>(Arrays.asList(
                home.resolve("bin").resolve("kc.sh").toString(),
                "start",
                "--optimized",
                "--http-host=" + settings.host(),
                "--http-port=" + settings.httpPort(),
                "--http-management-port=" + settings.managementPort()));
        command.addAll(options);
        return KeycloakProcess.start(command, home, settings);
    }

    private static Path findHome(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return null;
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("bin").resolve("kc.sh")))
                    .findFirst().orElse(null);
        }
    }

    private static void unzip(Path zip, Path parent) throws IOException {
        Path root = parent.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream zin = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zin.getNextEntry()) != null; ) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("Zip entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(zin, target, StandardCopyOption.REPLACE_EXISTING);
                if (target.getFileName().toString().endsWith(".sh")) {
                    target.toFile().setExecutable(true);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
