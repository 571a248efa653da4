package com.simptel.keycloak.compatibility;

import org.keycloak.compatibility.CompatibilityMetadataProvider;

import java.util.Map;

/**
 * Tells {@code kc.sh update-compatibility} (feature {@code rolling-updates}) the version of each
 * format we keep in Keycloak's stores. Keycloak's default comparison applies: the same versions
 * allow a rolling update, any other answers "recreate" naming the format. The JAR's own version
 * is left out on purpose: a new release that keeps every format joins a running cluster.
 */
public final class StoredFormatsMetadataProvider implements CompatibilityMetadataProvider {

    public static final String ID = "simptel";

    @Override
    public Map<String, String> metadata() {
        return StoredFormats.metadata();
    }

    @Override
    public String getId() {
        return ID;
    }
}
