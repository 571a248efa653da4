package com.simptel.keycloak.harness;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load balancer config is one file for the cluster tests, the benchmarks and docker-compose's
 * cluster profile: every value it reads from the environment is set by both.
 */
class HaproxyConfigTest {

    private static final Path CONFIG = Path.of("../deploy/haproxy/keycloak-lb.cfg");
    private static final Path COMPOSE = Path.of("../docker-compose.yml");
    private static final Set<String> EXPECTED = Set.of("SIMPTEL_LB_LISTEN", "SIMPTEL_LB_ADMIN_SOCKET",
            "SIMPTEL_NODE_1", "SIMPTEL_NODE_2", "SIMPTEL_NODE_1_MANAGEMENT_PORT", "SIMPTEL_NODE_2_MANAGEMENT_PORT");

    @Test
    void theHarnessSetsEveryValueTheConfigReads() throws IOException {
        assertThat(HaproxyBalancer.environment(1000, List.of(new HaproxyBalancer.Backend("127.0.0.1", 1001, 9001),
                new HaproxyBalancer.Backend("127.0.0.1", 1002, 9002)), Path.of("/tmp/x/admin.sock")))
                .containsOnlyKeys(placeholders())
                .containsEntry("SIMPTEL_LB_LISTEN", "127.0.0.1:1000")
                .containsEntry("SIMPTEL_NODE_2", "127.0.0.1:1002")
                .containsEntry("SIMPTEL_NODE_2_MANAGEMENT_PORT", "9002");
        assertThat(placeholders()).isEqualTo(new TreeSet<>(EXPECTED));
    }

    @Test
    void dockerComposeMountsTheSameFileAndSetsEveryValue() throws IOException {
        String compose = Files.readString(COMPOSE);
        assertThat(compose).contains("./deploy/haproxy/keycloak-lb.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
        String lb = compose.substring(compose.indexOf("\n  lb:"));
        for (String name : placeholders()) {
            assertThat(lb).as("lb service environment").containsPattern("\n\\s+" + name + ": \\S+");
        }
    }

    /** What the issue asks of the balancer, line by line: a regression here is a behaviour change. */
    @Test
    void routesOnlyToReadyNodesAndNeverTrustsTheClientsForwardedFor() throws IOException {
        String config = Files.readString(CONFIG);
        assertThat(config)
                .contains("option httpchk GET /health/ready", "http-check expect status 200")
                .containsPattern("default-server check inter \\S+ .*slowstart \\S+")
                .contains("http-request set-header X-Forwarded-For %[src]")
                .contains("http-request disable-l7-retry unless METH_GET || METH_HEAD || METH_OPTIONS")
                .contains("balance roundrobin")
                // the checks go to each node's management port
                .containsPattern("server node1 \"\\$\\{SIMPTEL_NODE_1}\" port \"\\$\\{SIMPTEL_NODE_1_MANAGEMENT_PORT}\"")
                .containsPattern("server node2 \"\\$\\{SIMPTEL_NODE_2}\" port \"\\$\\{SIMPTEL_NODE_2_MANAGEMENT_PORT}\"")
                // appending to a client's header, or pinning a client to a node, would be a regression
                .doesNotContain("option forwardfor")
                .doesNotContainPattern("(?m)^\\s*(cookie|stick|hash-type|balance source)\\b");
    }

    private static Set<String> placeholders() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\"\\$\\{(SIMPTEL_[A-Z0-9_]+)}\"").matcher(
                Files.readString(CONFIG).replaceAll("(?m)^\\s*#.*$", ""));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
