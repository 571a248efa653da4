package com.simptel.keycloak.it.support;

import java.util.Map;

/** Keycloak's brute-force record of a user, read through the admin API (it is updated asynchronously). */
public final class BruteForceStatus {

    private BruteForceStatus() {
    }

    public static Map<String, Object> of(SimptelServer server, String userId) {
        return server.realm().attackDetection().bruteForceUserStatus(userId);
    }

    public static int failures(SimptelServer server, String userId) {
        Object value = of(server, userId).get("numFailures");
        return value instanceof Number n ? n.intValue() : 0;
    }

    public static boolean disabled(SimptelServer server, String userId) {
        return Boolean.TRUE.equals(of(server, userId).get("disabled"));
    }

    /** Waits until the recorded failures reach {@code count}. */
    public static void awaitFailures(SimptelServer server, String userId, int count) {
        Await.until(count + " recorded failures for " + userId, Await.SHORT, () -> of(server, userId),
                status -> status.get("numFailures") instanceof Number n && n.intValue() >= count);
    }

    public static void awaitDisabled(SimptelServer server, String userId) {
        Await.until(userId + " locked", Await.SHORT, () -> of(server, userId),
                status -> Boolean.TRUE.equals(status.get("disabled")));
    }
}
