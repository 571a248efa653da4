package com.simptel.keycloak.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Production shape on one machine: a throwaway PostgreSQL, two Keycloak nodes built with
 * {@code --db=postgres --cache=ispn} that find each other through the database (Keycloak's default
 * {@code jdbc-ping} stack), and HAProxy balancing round robin in front, over the nodes whose
 * readiness probe passes. Every node has the load balancer's URL as {@code --hostname}, so tokens
 * and pages are the same whichever node answers. A node is stopped as in production: drained at
 * the balancer, then SIGTERM, which Keycloak answers with its shutdown delay (readiness down) and
 * lets requests in flight finish ({@link #SHUTDOWN_OPTIONS}, or the options' own); {@link #kill} stays for a crash.
 */
public final class KeycloakCluster implements AutoCloseable {

    /** What {@code kc.sh build} fixes for both nodes. */
    public static final List<String> BUILD_OPTIONS = List.of("--db=postgres", "--cache=ispn",
            "--health-enabled=true", "--metrics-enabled=true", "--event-metrics-user-enabled=true");

    /**
     * Keycloak's graceful shutdown on SIGTERM: for the delay, readiness answers DOWN while requests
     * are still served, so a balancer that checks it (HAProxy: 2 checks 250 ms apart) stops sending
     * any; then up to the timeout for requests in flight to finish and the caches to hand over.
     */
    public static final List<String> SHUTDOWN_OPTIONS = shutdownOptions(Duration.ofSeconds(5));
    /** {@link #SHUTDOWN_OPTIONS} with another delay, in whole seconds (longer than the balancer's 0.5 s to see a node down). */
    public static List<String> shutdownOptions(Duration delay) {
        return List.of("--shutdown-delay=" + delay.toSeconds() + "s", "--shutdown-timeout=30s");
    }

    /** Starts of a node on newly picked ports when one picked before was taken meanwhile. */
    private static final int PORT_ATTEMPTS = 3;
    /** Longest a drain at the balancer waits for a node's requests in flight. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final Options options;
    private final PostgresServer postgres;
    private final List<Node> nodes = new ArrayList<>();
    private HaproxyBalancer balancer;

    /**
     * How to set up the cluster; {@code environment} gives, for the load balancer's URL, what the
     * realm files read at import (see {@link RealmEnvironment}); {@code shutdownOptions} are the
     * nodes' (usually {@link #SHUTDOWN_OPTIONS}).
     */
    public record Options(Path keycloakZip, Path providersJar, Path realmConfig, Path balancerConfig, Path workDir,
                          Function<String, Map<String, String>> environment, List<String> postgresSettings,
                          Duration startTimeout, List<String> shutdownOptions) {
    }

    /** One node: its distribution, ports, and the running process (null while it is down). */
    public static final class Node {
        private final String name;
        private KeycloakDistribution distribution;
        private KeycloakSettings settings;
        private int clusterPort;
        private KeycloakProcess process;

        private Node(String name, KeycloakDistribution distribution, KeycloakSettings settings, int clusterPort) {
            this.name = name;
            this.distribution = distribution;
            this.settings = settings;
            this.clusterPort = clusterPort;
        }

        public String name() {
            return name;
        }

        /** http://localhost:port of this node alone, bypassing the load balancer. */
        public String baseUrl() {
            return settings.baseUrl();
        }

        public String metricsUrl() {
            return settings.metricsUrl();
        }

        public Path logFile() {
            return settings.logFile();
        }

        public boolean isRunning() {
            return process != null && process.isAlive();
        }

        /** PID of kc.sh (the node's JVM is its child). */
        public long pid() {
            return process.pid();
        }

        /** The provider JAR this node's distribution holds (and runs, once built and started). */
        public Path providerJar() throws IOException {
            return distribution.installedProvider();
        }
    }

    private KeycloakCluster(Options options, PostgresServer postgres) {
        this.options = options;
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL, HAProxy, node 1 (which imports the realms), node 2; waits for a two-member
     * view and for the balancer to send traffic to both.
     */
    public static KeycloakCluster start(Options options) throws IOException {
        PostgresServer postgres = PostgresServer.start(FreePorts.pick(), options.postgresSettings());
        KeycloakCluster cluster = new KeycloakCluster(options, postgres);
        try {
            List<String> names = List.of("node1", "node2");
            // one kc.sh build; the second node gets a copy of the built distribution
            KeycloakDistribution first = cluster.build(names.get(0));
            List<KeycloakDistribution> built = List.of(first, first.copyTo(options.workDir().resolve(names.get(1))));
            // ports are picked after the slow builds, just before they are bound, so nothing takes them meanwhile
            int lbPort = FreePorts.pick();
            String publicUrl = "http://localhost:" + lbPort;
            for (int i = 0; i < names.size(); i++) {
                cluster.nodes.add(cluster.node(names.get(i), built.get(i), publicUrl));
            }
            cluster.balancer = HaproxyBalancer.start(options.balancerConfig(), options.workDir().resolve("haproxy"),
                    lbPort, cluster.nodes.stream().map(n -> new HaproxyBalancer.Backend("127.0.0.1",
                            n.settings.httpPort(), n.settings.managementPort())).toList());
            // one after the other on the empty database: two first starts at once race to create
            // Liquibase's changelog table ("relation databasechangelog already exists")
            cluster.startNode(cluster.nodes.get(0), true);
            cluster.startNode(cluster.nodes.get(1), false);
            cluster.awaitTwoMemberView();
            for (Node node : cluster.nodes) {
                cluster.balancer.awaitUp(node.name, options.startTimeout());
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private KeycloakDistribution build(String name) throws IOException {
        KeycloakDistribution distribution = KeycloakDistribution.unpack(options.keycloakZip(),
                options.workDir().resolve(name));
        boolean changed = distribution.installProvider(options.providersJar());
        distribution.installRealms(options.realmConfig());
        distribution.build(BUILD_OPTIONS, changed);
        return distribution;
    }

    private Node node(String name, KeycloakDistribution distribution, String publicUrl) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(options.environment().apply(publicUrl));
        env.put("KC_SPI_CACHE_EMBEDDED__DEFAULT__NODE_NAME", name);
        KeycloakSettings settings = new KeycloakSettings("127.0.0.1", FreePorts.pick(), FreePorts.pick(), env,
                options.workDir().resolve(name + ".log"), options.startTimeout());
        return new Node(name, distribution, settings, FreePorts.pick());
    }

    /** The load balancer's URL: what browsers, clients and every node's {@code --hostname} use. */
    public String baseUrl() {
        return "http://localhost:" + balancer.port();
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public Node node(int number) {
        return nodes.get(number - 1);
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public HaproxyBalancer balancer() {
        return balancer;
    }

    /** SIGKILL to the node's JVM: no graceful leave, as when its machine dies. */
    public void kill(Node node) {
        if (node.process != null) {
            node.process.kill();
            node.process = null;
        }
    }

    /**
     * Stops a node as an operator would: drained at the balancer (no new requests, those in flight
     * finish), then SIGTERM to its JVM, which leaves the cluster view cleanly; returns once it exited.
     */
    public void stop(Node node) throws IOException {
        if (node.process == null) {
            return;
        }
        balancer.drain(node.name, DRAIN_TIMEOUT);
        node.process.close();
        node.process = null;
    }

    /**
     * Puts {@code jar} in place of the stopped node's provider JAR and runs {@code kc.sh build}
     * again, as a rolling update does node by node.
     */
    public void installProvider(Node node, Path jar) throws IOException {
        if (node.process != null) {
            throw new IllegalStateException(node.name + " is running: stop it first");
        }
        boolean changed = node.distribution.installProvider(jar);
        node.distribution.build(BUILD_OPTIONS, changed);
    }

    /**
     * A copy of the node's built distribution under {@code parent}, with {@code jar} in place of our
     * JAR and built again ({@code kc.sh build}), while the node runs on: a release made ready beside
     * a node before it is rolled to it with {@link #switchTo}.
     */
    public KeycloakDistribution prepareRelease(Node node, Path jar, Path parent) throws IOException {
        KeycloakDistribution release = node.distribution.copyTo(parent);
        boolean changed = release.installProvider(jar);
        release.build(BUILD_OPTIONS, changed);
        return release;
    }

    /**
     * Puts a stopped node on another built distribution (its next start runs it); returns the one
     * it ran before, to switch back to.
     */
    public KeycloakDistribution switchTo(Node node, KeycloakDistribution release) {
        if (node.process != null) {
            throw new IllegalStateException(node.name + " is running: stop it first");
        }
        KeycloakDistribution before = node.distribution;
        node.distribution = release;
        return before;
    }

    /**
     * Starts a stopped or killed node (a running one is stopped first), waits until the cluster has
     * two members, and puts it back into the balancer's rotation.
     */
    public void restart(Node node) throws IOException {
        stop(node);
        startNode(node, false);
        awaitTwoMemberView();
        balancer.ready(node.name);
        balancer.awaitUp(node.name, options.startTimeout());
    }

    /**
     * Stops both nodes gracefully, then starts them again on the same database. The whole cluster
     * goes down, so there is no node to drain to: both get SIGTERM at once (each still finishes the
     * requests in flight within its shutdown delay). Draining the last node one by one waited for
     * the drain timeout (30 s) here.
     */
    public void restartAll() throws IOException {
        stopAllAtOnce();
        startAtOnce();
        awaitTwoMemberView();
        for (Node node : nodes) {
            balancer.ready(node.name);
            balancer.awaitUp(node.name, options.startTimeout());
        }
    }

    /**
     * Starts every node at once, as an orchestrator restarts a cluster's pods, on a database that
     * has its schema (Keycloak's database lock serializes its start-up checks).
     */
    private void startAtOnce() throws IOException {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (Node node : nodes) {
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    startNode(node, false);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /**
     * Starts the node; if a port picked for it was taken meanwhile (by anything on the machine),
     * starts it again on new ones and points the balancer there.
     */
    private void startNode(Node node, boolean importRealms) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                node.process = node.distribution.startOptimized(node.settings, runtimeOptions(node, importRealms));
                return;
            } catch (KeycloakProcess.PortInUse e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw e;
                }
                System.err.println("[simptel] a port picked for " + node.name + " was taken meanwhile; starting it on others");
                node.settings = node.settings.withPorts(FreePorts.pick(), FreePorts.pick());
                node.clusterPort = FreePorts.pick();
                balancer.move(node.name, new HaproxyBalancer.Backend("127.0.0.1", node.settings.httpPort(),
                        node.settings.managementPort()));
            }
        }
    }

    private List<String> runtimeOptions(Node node, boolean importRealms) {
        List<String> runtime = new ArrayList<>(List.of(
                "--http-enabled=true",
                "--hostname=" + baseUrl(),
                "--proxy-headers=xforwarded",
                "--db-url=" + postgres.jdbcUrl(),
                "--db-username=" + PostgresServer.USER,
                "--db-password=" + PostgresServer.PASSWORD,
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + node.clusterPort));
        runtime.addAll(options.shutdownOptions());
        if (importRealms) {
            runtime.add("--import-realm");
        }
        return runtime;
    }

    /** Waits until every running node's log (one per start) shows a view of two members. */
    public void awaitTwoMemberView() throws IOException {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        for (Node node : nodes) {
            if (!node.isRunning()) {
                continue;
            }
            while (viewsSeen(node, 2) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(node.name + " did not see a two-member cluster view within "
                            + options.startTimeout().toSeconds() + " s; see " + node.logFile());
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    /** How many cluster views of {@code members} nodes the node's log shows (Infinispan's ISPN000094 lines). */
    public static long viewsSeen(Node node, int members) throws IOException {
        if (!Files.exists(node.logFile())) {
            return 0;
        }
        Pattern view = Pattern.compile("ISPN000094: Received new cluster view.*\\(" + members + "\\)");
        return view.matcher(Files.readString(node.logFile())).results().count();
    }

    @Override
    public void close() {
        if (balancer != null) {
            balancer.close();
        }
        stopAllAtOnce();
        postgres.close();
    }

    /** SIGTERM to every running node at once; returns when all have exited. */
    private void stopAllAtOnce() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Node node : nodes) {
            if (node.process != null) {
                KeycloakProcess p = node.process;
                stops.add(CompletableFuture.runAsync(p::close));
                node.process = null;
            }
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            System.err.println("[simptel] stopping a node failed: " + e.getCause());
        }
    }
}
