package com.simptel.keycloak.sessions;

import org.junit.jupiter.api.Test;
import org.keycloak.Config;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsConfigTest {

    @Test
    void defaultsWithoutOptions() {
        SessionsConfig config = SessionsConfig.from(scope(Map.of()));
        assertThat(config.bucketMaxDepth()).isEqualTo(16);
        assertThat(SessionsConfig.DEFAULT_BUCKET_MAX_BYTES).isEqualTo(8192);
    }

    @Test
    void spiOptionsAreReadByTheirKeys() {
        SessionsConfig config = SessionsConfig.from(scope(Map.of("bucketMaxBytes", "100", "bucketMaxDepth", "3")));
        assertThat(config.bucketMaxDepth()).isEqualTo(3);
        assertThat(SessionsConfig.metadata()).extracting(p -> p.getName())
                .containsExactly("bucketMaxBytes", "bucketMaxDepth");
        assertThat(SessionsConfig.metadata()).allSatisfy(p -> {
            assertThat(p.getLabel()).isNotBlank();
            assertThat(p.getHelpText()).isNotBlank();
        });
    }

    @Test
    void readLimitLeavesRoomForWhitespace() {
        assertThat(SessionsConfig.readLimit(8192)).isEqualTo(64 * 1024);
        assertThat(SessionsConfig.readLimit(1024 * 1024)).isEqualTo(4 * 1024 * 1024);
    }

    private static Config.Scope scope(Map<String, String> values) {
        return new Config.Scope() {
            @Override
            public String get(String key) {
                return values.get(key);
            }

            @Override
            public String get(String key, String defaultValue) {
                return values.getOrDefault(key, defaultValue);
            }

            @Override
            public String[] getArray(String key) {
                return null;
            }

            @Override
            public Integer getInt(String key, Integer defaultValue) {
                return values.containsKey(key) ? Integer.valueOf(values.get(key)) : defaultValue;
            }

            @Override
            public Long getLong(String key) {
                return null;
            }

            @Override
            public Long getLong(String key, Long defaultValue) {
                return defaultValue;
            }

            @Override
            public Boolean getBoolean(String key) {
                return null;
            }

            @Override
            public Boolean getBoolean(String key, Boolean defaultValue) {
                return defaultValue;
            }

            @Override
            public Config.Scope scope(String... scope) {
                return this;
            }

            @Override
            public Set<String> getPropertyNames() {
                return values.keySet();
            }

            @Override
            public Config.Scope root() {
                return this;
            }
        };
    }
}
