package com.simptel.keycloak.sessions;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

import static com.simptel.keycloak.common.Settings.clamp;

/**
 * Settings of the sessions API. The server-wide values are SPI options of the realm resource
 * provider ({@code --spi-realm-restapi-extension--sessions--bucket-max-bytes=16384}); a realm may
 * set its own bucket size limit with the realm attribute {@value #REALM_BUCKET_MAX_BYTES}.
 */
final class SessionsConfig {

    private static final Logger LOG = Logger.getLogger(SessionsConfig.class);

    static final String BUCKET_MAX_BYTES = "bucketMaxBytes";
    static final String BUCKET_MAX_DEPTH = "bucketMaxDepth";
    static final String REALM_BUCKET_MAX_BYTES = "simptel.sessions.bucketMaxBytes";

    static final int DEFAULT_BUCKET_MAX_BYTES = 8 * 1024;
    static final int DEFAULT_BUCKET_MAX_DEPTH = 16;
    /** No setting may push a bucket past this: it is rewritten to the database with its session. */
    static final int CEILING_BUCKET_MAX_BYTES = 1024 * 1024;

    private final int bucketMaxBytes;
    private final int bucketMaxDepth;

    SessionsConfig(int bucketMaxBytes, int bucketMaxDepth) {
        this.bucketMaxBytes = clamp(bucketMaxBytes, 2, CEILING_BUCKET_MAX_BYTES);
        this.bucketMaxDepth = clamp(bucketMaxDepth, 1, 256);
    }

    static SessionsConfig from(Config.Scope scope) {
        return new SessionsConfig(
                scope.getInt(BUCKET_MAX_BYTES, DEFAULT_BUCKET_MAX_BYTES),
                scope.getInt(BUCKET_MAX_DEPTH, DEFAULT_BUCKET_MAX_DEPTH));
    }

    static List<ProviderConfigProperty> metadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(BUCKET_MAX_BYTES).label("Bucket size limit (bytes)")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_BUCKET_MAX_BYTES)
                .helpText("Largest serialised bucket (compact JSON, UTF-8) a session may hold; larger writes get 413."
                        + " A realm overrides it with the realm attribute " + REALM_BUCKET_MAX_BYTES + ".")
                .add()
                .property().name(BUCKET_MAX_DEPTH).label("Bucket nesting limit")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_BUCKET_MAX_DEPTH)
                .helpText("Deepest nesting of objects and arrays in a bucket (the bucket itself is level 1); deeper"
                        + " bodies get 400.")
                .add()
                .build();
    }

    /** The server-wide limit (the SPI option, or the default). */
    int bucketMaxBytes() {
        return bucketMaxBytes;
    }

    int bucketMaxDepth() {
        return bucketMaxDepth;
    }

    /** The realm attribute when it is a valid number, else the server-wide value. */
    int bucketMaxBytes(RealmModel realm) {
        String value = realm.getAttribute(REALM_BUCKET_MAX_BYTES);
        if (value == null || value.isBlank()) {
            return bucketMaxBytes;
        }
        try {
            return clamp(Integer.parseInt(value.trim()), 2, CEILING_BUCKET_MAX_BYTES);
        } catch (NumberFormatException e) {
            LOG.warnf("Realm %s: attribute %s is not a number ('%s'); using %d bytes", realm.getName(),
                    REALM_BUCKET_MAX_BYTES, value, bucketMaxBytes);
            return bucketMaxBytes;
        }
    }

    /** Bodies larger than this are refused before parsing (whitespace allowance over the limit). */
    static int readLimit(int bucketMaxBytes) {
        return Math.max(64 * 1024, bucketMaxBytes * 4);
    }

}
