package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ua_parser.Parser;

import static org.assertj.core.api.Assertions.assertThat;

class UserAgentDescriberTest {

    private static UserAgentDescriber describer;

    @BeforeAll
    static void parser() {
        describer = new UserAgentDescriber(new Parser());
    }

    @Test
    void chromeOnLinux() {
        String ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
        ObjectNode d = describer.describe(ua);
        assertThat(d.path("ua").asText()).isEqualTo(ua);
        assertThat(d.path("browser").path("name").asText()).isEqualTo("Chrome");
        assertThat(d.path("browser").path("major").asText()).isEqualTo("156");
        assertThat(d.path("browser").path("version").asText()).startsWith("156.0");
        assertThat(d.path("engine").path("name").asText()).isEqualTo("Blink");
        assertThat(d.path("engine").path("version").asText()).isEqualTo("156.0.0.0");
        assertThat(d.path("os").path("name").asText()).isEqualTo("Linux");
        assertThat(d.path("cpu").path("architecture").asText()).isEqualTo("amd64");
        assertThat(d.path("device").isEmpty()).isTrue();
    }

    @Test
    void firefoxOnWindows() {
        ObjectNode d = describer.describe("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0");
        assertThat(d.path("browser").path("name").asText()).isEqualTo("Firefox");
        assertThat(d.path("engine").path("name").asText()).isEqualTo("Gecko");
        assertThat(d.path("engine").path("version").asText()).isEqualTo("128.0");
        assertThat(d.path("os").path("name").asText()).isEqualTo("Windows");
        assertThat(d.path("cpu").path("architecture").asText()).isEqualTo("amd64");
    }

    @Test
    void safariOnIphoneIsWebKitOnAMobileDevice() {
        ObjectNode d = describer.describe("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
                + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");
        assertThat(d.path("browser").path("name").asText()).isEqualTo("Mobile Safari");
        assertThat(d.path("engine").path("name").asText()).isEqualTo("WebKit");
        assertThat(d.path("engine").path("version").asText()).isEqualTo("605.1.15");
        assertThat(d.path("os").path("name").asText()).isEqualTo("iOS");
        assertThat(d.path("device").path("model").asText()).isEqualTo("iPhone");
        assertThat(d.path("device").path("type").asText()).isEqualTo("mobile");
    }

    @Test
    void cpuArchitectures() {
        assertThat(UserAgentDescriber.architecture("Mozilla/5.0 (X11; Linux aarch64)")).isEqualTo("arm64");
        assertThat(UserAgentDescriber.architecture("Mozilla/5.0 (X11; Linux armv7l)")).isEqualTo("arm");
        assertThat(UserAgentDescriber.architecture("Mozilla/5.0 (X11; Linux i686)")).isEqualTo("ia32");
        assertThat(UserAgentDescriber.architecture("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)")).isNull();
    }

    @Test
    void missingOrHugeUserAgents() {
        assertThat(describer.describe(null).path("ua").isNull()).isTrue();
        assertThat(describer.describe("curl/8.5.0").path("engine").isEmpty()).isTrue();
        assertThat(describer.describe("x".repeat(2000)).path("ua").asText()).hasSize(UserAgentDescriber.MAX_LENGTH);
    }
}
