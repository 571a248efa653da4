package com.simptel.keycloak.launcher;

import java.io.IOException;
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
 * {@code jdbc-ping} stack), and nginx balancing round robin in front. Every node has the load
 * balancer's URL as {@code --hostname}, so tokens and pages are the same whichever node answers.
 */
public final class KeycloakCluster implements AutoCloseable {

    /** What {@code kc.sh build} fixes for both nodes. */
    public static final List<String> BUILD_OPTIONS = List.of("--db=postgres", "--cache=ispn",
            "--health-enabled=true", "--metrics-enabled=true", "--event-metrics-user-enabled=true");


    private final Options options;
    private final PostgresServer postgres;
    private final List<Node> nodes = new ArrayList<>();
    private NginxBalancer balancer;

    /**
     * How to set up the cluster; {@code environment} gives, for the load balancer's URL, what the
     * realm files read at import (see {@link RealmEnvironment}).
     */
    public record Options(Path keycloakZip, Path providersJar, Path realmConfig, Path nginxTemplate, Path workDir,
                          Function<String, Map<String, String>> environment, List<String> postgresSettings,
                          Duration startTimeout) {
    }

    /** One node: its distribution, ports, and the running process (null while it is down). */
    public static final class Node {
        private final String name;
        private final KeycloakDistribution distribution;
        private final KeycloakSettings settings;
        private final int clusterPort;
        private KeycloakProcess process;
        private long twoMemberViewsBeforeStart;

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
    }

    private KeycloakCluster(Options options, PostgresServer postgres) {
        this.options = options;
        this.postgres = postgres;
    }

    /** Starts PostgreSQL, node 1 (which imports the realms), node 2, then nginx; waits for a two-member view. */
    public static KeycloakCluster start(Options options) throws IOException {
        PostgresServer postgres = PostgresServer.start(FreePorts.pick(), options.postgresSettings());
        KeycloakCluster cluster = new KeycloakCluster(options, postgres);
        try {
            List<String> names = List.of("node1", "node2");
            List<KeycloakDistribution> built = new ArrayList<>();
            for (String name : names) {
                built.add(cluster.build(name));
            }
            // ports are picked after the slow builds, just before they are bound, so nothing takes them meanwhile
            int lbPort = FreePorts.pick();
            String publicUrl = "http://localhost:" + lbPort;
            for (int i = 0; i < names.size(); i++) {
                cluster.nodes.add(cluster.node(names.get(i), built.get(i), publicUrl));
            }
            cluster.balancer = NginxBalancer.start(options.nginxTemplate(), options.workDir().resolve("nginx"),
                    lbPort, cluster.nodes.stream().map(n -> "127.0.0.1:" + n.settings.httpPort()).toList());
            cluster.startNode(cluster.nodes.get(0), true);
            cluster.startNode(cluster.nodes.get(1), false);
            cluster.awaitTwoMemberView();
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
        Files.deleteIfExists(settings.logFile());
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

    /** SIGKILL to the node's JVM: no graceful leave, as when its machine dies. */
    public void kill(Node node) {
        if (node.process != null) {
            node.process.kill();
            node.process = null;
        }
    }

    /** Starts a stopped or killed node again and waits until the cluster has two members. */
    public void restart(Node node) throws IOException {
        if (node.process != null) {
            node.process.close();
        }
        startNode(node, false);
        awaitTwoMemberView();
    }

    /** Stops both nodes gracefully, then starts them again on the same database. */
    public void restartAll() throws IOException {
        for (Node node : nodes) {
            if (node.process != null) {
                node.process.close();
                node.process = null;
            }
        }
        for (Node node : nodes) {
            startNode(node, false);
        }
        awaitTwoMemberView();
    }

    private void startNode(Node node, boolean importRealms) throws IOException {
        node.twoMemberViewsBeforeStart = viewsSeen(node, 2);
        List<String> runtime = new ArrayList<>(List.of(
                "--http-enabled=true",
                "--hostname=" + baseUrl(),
                "--proxy-headers=xforwarded",
                "--db-url=" + postgres.jdbcUrl(),
                "--db-username=" + PostgresServer.USER,
                "--db-password=" + PostgresServer.PASSWORD,
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + node.clusterPort));
        if (importRealms) {
            runtime.add("--import-realm");
        }
        node.process = node.distribution.startOptimized(node.settings, runtime);
    }

    /** Waits until every running node's log shows a view of two members since its last start. */
    public void awaitTwoMemberView() throws IOException {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        for (Node node : nodes) {
            if (!node.isRunning()) {
                continue;
            }
            while (viewsSeen(node, 2) <= node.twoMemberViewsBeforeStart) {
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
        postgres.close();
    }
}
