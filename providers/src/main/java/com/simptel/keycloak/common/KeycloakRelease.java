package com.simptel.keycloak.common;

import org.keycloak.common.Version;

/**
 * The Keycloak this JAR runs on. One JAR serves 26.4 to 26.7; where releases behave differently
 * (e.g. how 26.7 keys pushed authorization requests), the caller asks here.
 */
public final class KeycloakRelease {

    private static final String RUNNING = Version.VERSION;

    private KeycloakRelease() {
    }

    /** The running Keycloak is {@code major.minor} or newer. */
    public static boolean atLeast(int major, int minor) {
        return atLeast(RUNNING, major, minor);
    }

    /** {@code version} (e.g. {@code 26.7.3}, {@code 26.5.6.redhat-00001}) is {@code major.minor} or newer; false if unreadable. */
    static boolean atLeast(String version, int major, int minor) {
        if (version == null) {
            return false;
        }
        String[] parts = version.split("[.-]", 3);
        if (parts.length < 2) {
            return false;
        }
        try {
            int actualMajor = Integer.parseInt(parts[0]);
            int actualMinor = Integer.parseInt(parts[1]);
            return actualMajor > major || (actualMajor == major && actualMinor >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
