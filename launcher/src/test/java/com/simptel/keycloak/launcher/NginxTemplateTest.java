package com.simptel.keycloak.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load balancer config is one file for the cluster tests and docker-compose's cluster profile. */
class NginxTemplateTest {

    private static final Path TEMPLATE = Path.of("../deploy/nginx/keycloak-lb.conf.template");
    private static final Path COMPOSE = Path.of("../docker-compose.yml");

    @Test
    void renderingFillsOursAndKeepsNginxsOwnVariables() throws IOException {
        String rendered = NginxBalancer.render(Files.readString(TEMPLATE), Map.of(
                "SIMPTEL_NODE_1", "127.0.0.1:1001", "SIMPTEL_NODE_2", "127.0.0.1:1002", "SIMPTEL_LB_LISTEN", "127.0.0.1:1000"));
        assertThat(rendered).doesNotContain("${")
                .contains("server 127.0.0.1:1001 ", "server 127.0.0.1:1002 ", "listen 127.0.0.1:1000;")
                .contains("$http_host", "$proxy_add_x_forwarded_for")
                // round robin: no directive that pins a client to a node
                .doesNotContainPattern("(?m)^\\s*(ip_hash|hash|sticky|least_conn)\\b");
    }

    @Test
    void aPlaceholderWithoutValueIsRefused() {
        assertThatThrownBy(() -> NginxBalancer.render("listen ${SIMPTEL_LB_LISTEN};", Map.of()))
                .hasMessageContaining("SIMPTEL_LB_LISTEN");
    }

    @Test
    void dockerComposeMountsTheSameTemplateAndSetsEveryPlaceholder() throws IOException {
        String compose = Files.readString(COMPOSE);
        assertThat(compose).contains("./deploy/nginx/keycloak-lb.conf.template:/etc/nginx/templates/keycloak-lb.conf.template");
        String lb = compose.substring(compose.indexOf("\n  lb:"));
        Set<String> placeholders = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{(SIMPTEL_[A-Z0-9_]+)}").matcher(Files.readString(TEMPLATE));
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertThat(placeholders).containsExactly("SIMPTEL_LB_LISTEN", "SIMPTEL_NODE_1", "SIMPTEL_NODE_2");
        for (String name : placeholders) {
            assertThat(lb).as("lb service environment").containsPattern("\n\\s+" + name + ": \\S+");
        }
    }
}
