package com.simptel.keycloak.launcher;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nginx as a round-robin load balancer in front of the nodes, configured by the same
 * template docker-compose uses ({@code deploy/nginx/keycloak-lb.conf.template}).
 */
public final class NginxBalancer implements AutoCloseable {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(SIMPTEL_[A-Z0-9_]+)}");

    private final Process process;
    private final int port;

    private final StopOnExit stopOnExit;

    private NginxBalancer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.stopOnExit = new StopOnExit("stop-nginx-" + port, this::stop);
    }

    /** Starts nginx on 127.0.0.1:{@code port} in front of {@code nodes} (host:port each). */
    public static NginxBalancer start(Path template, Path workDir, int port, List<String> nodes) throws IOException {
        if (nodes.size() != 2) {
            throw new IllegalArgumentException("the template balances two nodes, not " + nodes.size());
        }
        Path nginx = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(nginx)) {
            throw new IOException("nginx not found at " + nginx + " (apt-get install nginx)");
        }
        Files.createDirectories(workDir);
        Path site = workDir.resolve("keycloak-lb.conf");
        Files.writeString(site, render(Files.readString(template), Map.of(
                "SIMPTEL_NODE_1", nodes.get(0),
                "SIMPTEL_NODE_2", nodes.get(1),
                "SIMPTEL_LB_LISTEN", "127.0.0.1:" + port)));
        Path main = workDir.resolve("nginx.conf");
        String dir = workDir.toAbsolutePath().toString();
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.writeString(main, String.join("\n",
                // as root, workers keep root so they can use the temp folders under the build directory
                root ? "user root;" : "",
                "worker_processes 1;",
                "daemon off;",
                "pid " + dir + "/nginx.pid;",
                "error_log " + dir + "/error.log warn;",
                "events { worker_connections 4096; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + dir + "/client_body;",
                "  proxy_temp_path " + dir + "/proxy;",
                "  fastcgi_temp_path " + dir + "/fastcgi;",
                "  uwsgi_temp_path " + dir + "/uwsgi;",
                "  scgi_temp_path " + dir + "/scgi;",
                "  include " + site.toAbsolutePath() + ";",
                "}", ""));
        Process process = new ProcessBuilder(nginx.toString(), "-p", dir, "-e", dir + "/error.log", "-c",
                main.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("nginx.out").toFile())
                .start();
        NginxBalancer balancer = new NginxBalancer(process, port);
        balancer.awaitListening(Duration.ofSeconds(20), workDir);
        return balancer;
    }

    /** Fills in {@code ${SIMPTEL_*}} as docker's nginx image does from its environment. */
    static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + m.group(1) + "} in the nginx template");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public int port() {
        return port;
    }

    private void awaitListening(Duration timeout, Path workDir) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with code " + process.exitValue() + ": "
                        + Files.readString(workDir.resolve("nginx.out")) + readIfExists(workDir.resolve("error.log")));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", ie);
                }
            }
        }
        close();
        throw new IOException("nginx did not listen on port " + port + " within " + timeout.toSeconds() + " s");
    }

    private static String readIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    @Override
    public void close() {
        stop();
        stopOnExit.cancel();
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
