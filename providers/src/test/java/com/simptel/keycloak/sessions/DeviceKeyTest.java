package com.simptel.keycloak.sessions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceKeyTest {

    private static final String CHROME_LINUX = "{\"ua\":\"x\",\"browser\":{\"name\":\"Chrome\",\"version\":\"156.0.0\"},"
            + "\"os\":{\"name\":\"Linux\"}}";
    private static final String CHROME_LINUX_NEWER = "{\"ua\":\"y\",\"browser\":{\"name\":\"Chrome\",\"version\":\"157.0.1\"},"
            + "\"os\":{\"name\":\"Linux\"}}";
    private static final String FIREFOX_LINUX = "{\"ua\":\"z\",\"browser\":{\"name\":\"Firefox\"},\"os\":{\"name\":\"Linux\"}}";

    @Test
    void sameBrowserFamilyOsFamilyAndNetworkIsTheSameDevice() {
        assertThat(DeviceKey.of(CHROME_LINUX, "192.0.2.10")).isEqualTo(DeviceKey.of(CHROME_LINUX_NEWER, "192.0.2.200"));
        assertThat(DeviceKey.of(CHROME_LINUX, "192.0.2.10")).isNotEqualTo(DeviceKey.of(FIREFOX_LINUX, "192.0.2.10"));
        assertThat(DeviceKey.of(CHROME_LINUX, "192.0.2.10")).isNotEqualTo(DeviceKey.of(CHROME_LINUX, "192.0.3.10"));
    }

    @Test
    void networksAreTheIpv4Slash24AndTheIpv6Slash48() {
        assertThat(DeviceKey.network("203.0.113.77")).isEqualTo("203.0.113.0/24");
        assertThat(DeviceKey.network("::ffff:203.0.113.77")).isEqualTo("203.0.113.0/24");
        assertThat(DeviceKey.network("2001:db8:1234:5678::1")).isEqualTo(DeviceKey.network("2001:db8:1234:ffff::9"));
        assertThat(DeviceKey.network("2001:db8:1234:5678::1")).isNotEqualTo(DeviceKey.network("2001:db8:1235::1"));
        assertThat(DeviceKey.network("2001:db8:1234:5678::1")).endsWith("/48");
        assertThat(DeviceKey.network("fe80::1%eth0")).isEqualTo(DeviceKey.network("fe80::2"));
        assertThat(DeviceKey.network(null)).isEmpty();
        assertThat(DeviceKey.network("proxy.example")).isEqualTo("proxy.example"); // never resolved
    }

    @Test
    void aSessionWithoutUserAgentOrAddressMatchesNothing() {
        assertThat(DeviceKey.of(null, "192.0.2.1").known()).isFalse();
        assertThat(DeviceKey.of("{\"ua\":null}", "192.0.2.1").known()).isFalse();
        assertThat(DeviceKey.of("not json", "192.0.2.1").known()).isFalse();
        assertThat(DeviceKey.of(CHROME_LINUX, null).known()).isFalse();
        assertThat(DeviceKey.of(CHROME_LINUX, "192.0.2.1").known()).isTrue();
    }
}
