package com.simptel.keycloak.harness;

import java.io.IOException;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy in front of the nodes, round robin, sending traffic only to nodes whose
 * {@code /health/ready} answers 200, run with the same file docker-compose uses
 * ({@code deploy/haproxy/keycloak-lb.cfg}; HAProxy reads its {@code ${SIMPTEL_*}} values from the
 * environment). Its runtime API (a Unix socket) drains a node before it stops and shows each
 * node's state.
 */
public final class HaproxyBalancer implements AutoCloseable {

    public static final Path EXECUTABLE = Path.of("/usr/sbin/haproxy");
    /** The backend and server names the config file gives: ready nodes, and live nodes for when none is ready. */
    static final String BACKEND = "keycloak";
    static final String LIVE_BACKEND = "keycloak_live";

    private final Process process;
    private final int port;
    private final Path adminSocket;
    private final StopOnExit stopOnExit;

    private HaproxyBalancer(Process process, int port, Path adminSocket) {
        this.process = process;
        this.port = port;
        this.adminSocket = adminSocket;
        this.stopOnExit = new StopOnExit("stop-haproxy-" + port, this::stop);
    }

    /** A node behind the balancer: its HTTP listener and its management port (health checks). */
    public record Backend(String host, int httpPort, int managementPort) {
    }

    /** Starts HAProxy on 127.0.0.1:{@code port} in front of two nodes (server names node1, node2). */
    public static HaproxyBalancer start(Path config, Path workDir, int port, List<Backend> nodes) throws IOException {
        if (nodes.size() != 2) {
            throw new IllegalArgumentException("the config balances two nodes, not " + nodes.size());
        }
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IOException("haproxy not found at " + EXECUTABLE + " (apt-get install haproxy)");
        }
        Files.createDirectories(workDir);
        // a Unix socket path must stay short (108 bytes): the work dir can be deep
        Path socket = Files.createTempDirectory("simptel-lb").resolve("admin.sock");
        Map<String, String> env = environment(port, nodes, socket);
        Path out = workDir.resolve("haproxy.log");
        ProcessBuilder builder = new ProcessBuilder(EXECUTABLE.toString(), "-db", "-f", config.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        builder.environment().putAll(env);
        HaproxyBalancer balancer = new HaproxyBalancer(builder.start(), port, socket);
        balancer.awaitListening(Duration.ofSeconds(20), out);
        return balancer;
    }

    /** The values the config file reads from the environment. */
    static Map<String, String> environment(int port, List<Backend> nodes, Path adminSocket) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SIMPTEL_LB_LISTEN", "127.0.0.1:" + port);
        env.put("SIMPTEL_LB_ADMIN_SOCKET", adminSocket.toString());
        for (int i = 0; i < nodes.size(); i++) {
            Backend node = nodes.get(i);
            env.put("SIMPTEL_NODE_" + (i + 1), node.host() + ":" + node.httpPort());
            env.put("SIMPTEL_NODE_" + (i + 1) + "_MANAGEMENT_PORT", Integer.toString(node.managementPort()));
        }
        return env;
    }

    public int port() {
        return port;
    }

    /**
     * Takes {@code server} (node1, node2) out of rotation: no new request goes to it, those in
     * flight finish. Waits until none is left in flight, at most {@code timeout}.
     */
    public void drain(String server, Duration timeout) throws IOException {
        command("set server " + BACKEND + "/" + server + " state drain");
        command("set server " + LIVE_BACKEND + "/" + server + " state drain");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight(server) + inFlight(LIVE_BACKEND, server) > 0 && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
        }
    }

    /** Puts a drained server back; it takes traffic once its health checks pass. */
    public void ready(String server) throws IOException {
        command("set server " + BACKEND + "/" + server + " state ready");
        command("set server " + LIVE_BACKEND + "/" + server + " state ready");
    }

    /** Waits until HAProxy sends traffic to {@code server}: ready and its checks passing. */
    public void awaitUp(String server, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = status(server);
        while (!status.startsWith("UP")) {
            if (System.nanoTime() > deadline) {
                throw new IOException("HAProxy did not take " + server + " into rotation within "
                        + timeout.toSeconds() + " s (status " + status + ")");
            }
            sleep(Duration.ofMillis(100));
            status = status(server);
        }
    }

    /** HAProxy's status of the server: UP, DOWN, DRAIN, MAINT, "UP 1/2" while checks change it, ... */
    public String status(String server) throws IOException {
        return statField(BACKEND, server, "status");
    }

    /** Requests the server is answering now, sent as a ready node. */
    public int inFlight(String server) throws IOException {
        return inFlight(BACKEND, server);
    }

    private int inFlight(String backend, String server) throws IOException {
        return Integer.parseInt(statField(backend, server, "scur"));
    }

    /** Requests sent to the server since the balancer started, as a ready node and as a live one. */
    public long requestsSent(String server) throws IOException {
        return Long.parseLong(statField(BACKEND, server, "stot")) + Long.parseLong(statField(LIVE_BACKEND, server, "stot"));
    }

    /** Requests sent while no node was ready, to a live one. */
    public long requestsSentWithoutReadyNode() throws IOException {
        return Long.parseLong(statField(LIVE_BACKEND, "BACKEND", "stot"));
    }

    private String statField(String backend, String server, String field) throws IOException {
        String[] lines = command("show stat").split("\n");
        List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(",", -1));
        int column = header.indexOf(field);
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            if (cells.length > column && cells[0].equals(backend) && cells[1].equals(server)) {
                return cells[column];
            }
        }
        throw new IOException("HAProxy shows no server " + backend + "/" + server);
    }

    /** One command on the runtime API; returns its answer. */
    public String command(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(adminSocket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            StringBuilder answer = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                answer.append(StandardCharsets.UTF_8.decode(buffer));
                buffer.clear();
            }
            return answer.toString();
        }
    }

    private void awaitListening(Duration timeout, Path out) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("haproxy exited with code " + process.exitValue() + ": " + Files.readString(out));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                if (Files.exists(adminSocket)) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            sleep(Duration.ofMillis(100));
        }
        close();
        throw new IOException("haproxy did not listen on port " + port + " within " + timeout.toSeconds() + " s");
    }

    @Override
    public void close() {
        stop();
        stopOnExit.cancel();
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(adminSocket);
            Files.deleteIfExists(adminSocket.getParent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a leftover temp folder
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
