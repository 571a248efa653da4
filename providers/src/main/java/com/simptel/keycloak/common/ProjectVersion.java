package com.simptel.keycloak.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * This JAR's version (the Maven project version, written into {@code project.properties} by the
 * build), shown with each of our providers in the admin console's Server info, Providers.
 */
public final class ProjectVersion {

    /** The key our factories' operational info uses. */
    public static final String KEY = "simptel-version";

    private static final String VERSION = load();

    private ProjectVersion() {
    }

    public static String get() {
        return VERSION;
    }

    /** Operational info for a factory that has nothing else to show. */
    public static Map<String, String> info() {
        return Map.of(KEY, VERSION);
    }

    private static String load() {
        try (InputStream in = ProjectVersion.class.getResourceAsStream("project.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
