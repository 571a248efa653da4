package com.simptel.keycloak.sessions;

import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.models.RealmModel;

import java.lang.reflect.Proxy;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsConfigTest {

    @Test
    void defaultsWithoutOptions() {
        SessionsConfig config = SessionsConfig.from(scope(Map.of()));
        assertThat(config.bucketMaxBytes()).isEqualTo(8192);
        assertThat(config.bucketMaxDepth()).isEqualTo(16);
        assertThat(config.bucketMaxBytes(realm(null))).isEqualTo(8192);
    }

    @Test
    void spiOptionsAreReadByTheirKeys() {
        SessionsConfig config = SessionsConfig.from(scope(Map.of("bucketMaxBytes", "100", "bucketMaxDepth", "3")));
        assertThat(config.bucketMaxBytes()).isEqualTo(100);
        assertThat(config.bucketMaxDepth()).isEqualTo(3);
        assertThat(config.bucketMaxBytes(realm(null))).as("a realm without its own limit").isEqualTo(100);
        assertThat(SessionsConfig.metadata()).extracting(p -> p.getName())
                .containsExactly("bucketMaxBytes", "bucketMaxDepth");
        assertThat(SessionsConfig.metadata()).allSatisfy(p -> {
            assertThat(p.getLabel()).isNotBlank();
            assertThat(p.getHelpText()).isNotBlank();
        });
    }

    @Test
    void spiOptionsOutOfRangeAreClampedToTheNearestBound() {
        SessionsConfig low = SessionsConfig.from(scope(Map.of("bucketMaxBytes", "1", "bucketMaxDepth", "0")));
        assertThat(low.bucketMaxBytes()).isEqualTo(2);
        assertThat(low.bucketMaxDepth()).isEqualTo(1);
        SessionsConfig high = SessionsConfig.from(scope(Map.of("bucketMaxBytes", "10000000", "bucketMaxDepth", "1000")));
        assertThat(high.bucketMaxBytes()).isEqualTo(1024 * 1024);
        assertThat(high.bucketMaxDepth()).isEqualTo(256);
    }

    @Test
    void theRealmAttributeOverridesTheServerWideLimitWithinTheSameBounds() {
        SessionsConfig config = SessionsConfig.from(scope(Map.of("bucketMaxBytes", "500")));
        assertThat(config.bucketMaxBytes(realm("4096"))).isEqualTo(4096);
        assertThat(config.bucketMaxBytes(realm(" 300 "))).isEqualTo(300);
        assertThat(config.bucketMaxBytes(realm("1"))).isEqualTo(2);
        assertThat(config.bucketMaxBytes(realm("99999999"))).isEqualTo(1024 * 1024);
    }

    @Test
    void anUnreadableRealmAttributeFallsBackToTheServerWideLimit() {
        SessionsConfig config = SessionsConfig.from(scope(Map.of("bucketMaxBytes", "500")));
        assertThat(config.bucketMaxBytes(realm("lots"))).isEqualTo(500);
        assertThat(config.bucketMaxBytes(realm("12kb"))).isEqualTo(500);
        assertThat(config.bucketMaxBytes(realm("99999999999"))).as("beyond int").isEqualTo(500);
        assertThat(config.bucketMaxBytes(realm("   "))).isEqualTo(500);
    }

    @Test
    void readLimitLeavesRoomForWhitespace() {
        assertThat(SessionsConfig.readLimit(8192)).isEqualTo(64 * 1024);
        assertThat(SessionsConfig.readLimit(1024 * 1024)).isEqualTo(4 * 1024 * 1024);
    }

    /** A realm whose only state is the bucket limit attribute (null: not set). */
    private static RealmModel realm(String bucketMaxBytes) {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[]{RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> SessionsConfig.REALM_BUCKET_MAX_BYTES.equals(args[0]) ? bucketMaxBytes : null;
                    case "getName" -> "test";
                    case "toString" -> "realm test";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
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
