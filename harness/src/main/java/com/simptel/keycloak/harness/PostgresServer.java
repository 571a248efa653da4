package com.simptel.keycloak.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL of Debian's packages: its own data directory on its own port, removed by
 * {@link #close()}. The server refuses to run as root, so as root its commands run as the
 * {@code postgres} user. Connections from 127.0.0.1 are trusted: it is a test database.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "keycloak";
    public static final String USER = "keycloak";
    public static final String PASSWORD = "keycloak";

    private final Path binDir;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;
    private final StopOnExit stopOnExit;

    private PostgresServer(Path binDir, Path dataDir, int port, boolean asPostgresUser) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.stopOnExit = new StopOnExit("stop-postgres-" + port, this::stopAndRemove);
    }

    /**
     * Creates and starts a new server with a {@value #DATABASE} database owned by {@value #USER}.
     *
     * @param settings extra server settings ({@code name=value}), e.g. {@code fsync=off} for tests
     */
    public static PostgresServer start(int port, List<String> settings) throws IOException {
        Path binDir = findBinDir();
        boolean root = "root".equals(System.getProperty("user.name"));
        // Not under the build folder: as root the postgres user must reach it (/root is private).
        Path dataDir = Files.createTempDirectory("simptel-pg-" + port + "-");
        if (root) {
            UserPrincipalLookupService users = dataDir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dataDir, users.lookupPrincipalByName("postgres"));
        }
        PostgresServer server = new PostgresServer(binDir, dataDir, port, root);
        try {
            server.run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "postgres",
                    "--auth=trust", "--encoding=UTF8", "--locale=C"), "initdb");
            List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port), "-k", dataDir.toString(),
                    "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"));
            for (String setting : settings) {
                options.add("-c");
                options.add(setting);
            }
            server.run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "60",
                    "-l", dataDir.resolve("server.log").toString(), "-o", String.join(" ", options), "start"),
                    "pg_ctl start");
            server.sql("CREATE USER " + USER + " PASSWORD '" + PASSWORD + "'");
            server.sql("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Runs one statement as the superuser on the keycloak database (or postgres before it exists). */
    public String sql(String statement) throws IOException {
        String db = statement.startsWith("CREATE DATABASE") || statement.startsWith("CREATE USER") ? "postgres" : DATABASE;
        return run(List.of(binDir.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-At", "-c", statement), "psql");
    }

    private String run(List<String> command, String what) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser && !what.equals("psql")) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException(what + " failed: " + out.strip());
            }
            return out.strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        }
    }

    private synchronized void stopAndRemove() {
        if (!Files.exists(dataDir)) {
            return;
        }
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            try {
                run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate",
                        "-w", "stop"), "pg_ctl stop");
            } catch (IOException e) {
                System.err.println("[simptel] PostgreSQL on port " + port + " did not stop: " + e.getMessage());
            }
        }
        try (Stream<Path> walk = Files.walk(dataDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("[simptel] could not remove " + dataDir + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stopAndRemove();
        stopOnExit.cancel();
    }

    private static Path findBinDir() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin").resolve("initdb")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                        .orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            }
        }
        throw new IOException("PostgreSQL server not found under /usr/lib/postgresql (apt-get install postgresql)");
    }
}
