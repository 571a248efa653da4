package com.simptel.keycloak.common;

/**
 * How every setting of ours is read: a missing or unreadable value takes the default, and a number
 * out of range is clamped to the nearest bound, never rejected and never silently reset.
 */
public final class Settings {

    private Settings() {
    }

    public static int clampedInt(String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return clamp(Integer.parseInt(raw.trim()), min, max);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
