package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.SimptelServer;

import java.time.Duration;
import java.util.Map;

/** Keycloak's brute-force record of a user, read through the admin API (it is updated asynchronously). */
final class BruteForceStatus {

    private BruteForceStatus() {
    }

    static Map<String, Object> of(SimptelServer server, String userId) {
        return server.realm().attackDetection().bruteForceUserStatus(userId);
    }

    static int failures(SimptelServer server, String userId) {
        Object value = of(server, userId).get("numFailures");
        return value instanceof Number n ? n.intValue() : 0;
    }

    static boolean disabled(SimptelServer server, String userId) {
        return Boolean.TRUE.equals(of(server, userId).get("disabled"));
    }

    /** Waits until the recorded failures reach {@code count}; fails after a few seconds. */
    static void awaitFailures(SimptelServer server, String userId, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (failures(server, userId) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + count + " recorded failures for " + userId + ", got "
                        + of(server, userId));
            }
            sleep();
        }
    }

    static void awaitDisabled(SimptelServer server, String userId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!disabled(server, userId)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + userId + " to be locked, got " + of(server, userId));
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
