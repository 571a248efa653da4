package com.simptel.keycloak.emailcode;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * A bound on the mails of one node waiting for (or in) SMTP: Keycloak's executor queues without
 * limit, so a flood would grow the heap and delay every user's code past its lifetime. A mail
 * beyond the bound is refused at once (the caller records it and drops it). Per node by nature:
 * it guards this JVM's memory, not a rule about users.
 */
final class MailQueue {

    /** System property for the capacity; the default suits a few thousand mails per minute per node. */
    static final String CAPACITY_PROPERTY = "simptel.mail.queue.capacity";
    static final int DEFAULT_CAPACITY = 1000;

    private final Semaphore places;
    private final int capacity;

    MailQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.places = new Semaphore(capacity);
    }

    static MailQueue fromSystemProperty() {
        return new MailQueue(Math.max(1, Integer.getInteger(CAPACITY_PROPERTY, DEFAULT_CAPACITY)));
    }

    /** Hands {@code mail} to {@code executor} if a place is free; false (nothing run) when full. */
    boolean submit(Executor executor, Runnable mail) {
        if (!places.tryAcquire()) {
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    mail.run();
                } finally {
                    places.release();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            places.release();
            return false;
        }
    }

    /** Mails queued or being sent now. */
    int inFlight() {
        return capacity - places.availablePermits();
    }
}
