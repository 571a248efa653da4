package com.simptel.keycloak.it.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The suite's one way to wait: poll a condition until it holds, or fail with what was awaited and
 * the last value seen. Never used to let time pass before asserting that something did not happen.
 */
public final class Await {

    /** Long enough for work Keycloak does after a response (events, mails, brute-force records). */
    public static final Duration SHORT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 100;

    private Await() {
    }

    public static void until(String description, Duration timeout, BooleanSupplier condition) {
        until(description, timeout, condition::getAsBoolean, Boolean.TRUE::equals);
    }

    /** Polls {@code supplier} until {@code done} accepts its value, and returns that value. */
    public static <T> T until(String description, Duration timeout, Supplier<T> supplier, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = supplier.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting until " + description
                        + "; last seen: " + value);
            }
            pause(POLL_MILLIS);
        }
    }

    /**
     * Until the wall clock is past {@code instant}: for what Keycloak keeps in whole seconds
     * (session start, token issue and expiry times), where only the passing of time can make a
     * difference.
     */
    public static void clockPast(Instant instant) {
        until("the clock is past " + instant, Duration.between(Instant.now(), instant).plus(SHORT),
                () -> Instant.now().isAfter(instant));
    }

    /** Until the current second of the wall clock has ended. */
    public static void nextSecond() {
        clockPast(Instant.ofEpochSecond(Instant.now().getEpochSecond() + 1).minusNanos(1));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }
}
