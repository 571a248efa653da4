package com.simptel.keycloak.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A node restarted on new ports is found by Debian's HAProxy at once (runtime API, both backends). */
class HaproxyMoveTest {

    @Test
    void aServerMovedToOtherPortsIsRoutedAndCheckedThere(@TempDir Path work) throws IOException {
        try (HaproxyBalancer lb = HaproxyBalancer.start(Path.of("../deploy/haproxy/keycloak-lb.cfg"), work,
                FreePorts.pick(), List.of(new HaproxyBalancer.Backend("127.0.0.1", FreePorts.pick(), FreePorts.pick()),
                        new HaproxyBalancer.Backend("127.0.0.1", FreePorts.pick(), FreePorts.pick())))) {
            int n2 = FreePorts.pick();
            int m2 = FreePorts.pick();
            lb.move("node1", new HaproxyBalancer.Backend("127.0.0.1", n2, m2));

            String servers = lb.command("show servers state");
            List<String> header = List.of(servers.lines().filter(l -> l.startsWith("# be_id")).findFirst().orElseThrow()
                    .substring(2).split(" "));
            for (String backend : List.of(HaproxyBalancer.BACKEND, HaproxyBalancer.LIVE_BACKEND)) {
                List<String> node1 = List.of(servers.lines().filter(l -> l.matches("\\d+ " + backend + " \\d+ node1 .*"))
                        .findFirst().orElseThrow().split(" "));
                assertThat(node1.get(header.indexOf("srv_addr"))).isEqualTo("127.0.0.1");
                assertThat(node1.get(header.indexOf("srv_port"))).as(backend).isEqualTo(Integer.toString(n2));
                assertThat(node1.get(header.indexOf("srv_check_port"))).as(backend).isEqualTo(Integer.toString(m2));
            }
        }
    }
}
