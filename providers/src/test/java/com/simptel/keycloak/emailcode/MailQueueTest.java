package com.simptel.keycloak.emailcode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-node bound on queued mails: a full queue refuses at once, a sent mail frees its place. */
class MailQueueTest {

    /** An executor that only holds tasks until the test runs them, like a mail thread stuck on SMTP. */
    private static final class HeldExecutor implements Executor {
        final List<Runnable> held = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            held.add(task);
        }

        void runOne() {
            held.remove(0).run();
        }
    }

    @Test
    void aFullQueueRefusesTheNextMailUntilOneIsSent() {
        HeldExecutor executor = new HeldExecutor();
        MailQueue queue = new MailQueue(3);
        AtomicInteger sent = new AtomicInteger();

        for (int i = 0; i < 3; i++) {
            assertThat(queue.submit(executor, sent::incrementAndGet)).isTrue();
        }
        assertThat(queue.inFlight()).isEqualTo(3);
        assertThat(queue.submit(executor, sent::incrementAndGet)).as("the fourth mail is dropped").isFalse();
        assertThat(executor.held).as("a dropped mail never reaches the executor").hasSize(3);

        executor.runOne();
        assertThat(sent.get()).isEqualTo(1);
        assertThat(queue.inFlight()).isEqualTo(2);
        assertThat(queue.submit(executor, sent::incrementAndGet)).as("a place is free again").isTrue();
        while (!executor.held.isEmpty()) {
            executor.runOne();
        }
        assertThat(sent.get()).isEqualTo(4);
        assertThat(queue.inFlight()).isZero();
    }

    @Test
    void aMailThatFailsStillFreesItsPlace() {
        HeldExecutor executor = new HeldExecutor();
        MailQueue queue = new MailQueue(1);
        assertThat(queue.submit(executor, () -> {
            throw new IllegalStateException("SMTP down");
        })).isTrue();
        assertThatThrownBy(executor::runOne).isInstanceOf(IllegalStateException.class);
        assertThat(queue.inFlight()).isZero();
        assertThat(queue.submit(executor, () -> { })).isTrue();
    }

    @Test
    void anExecutorThatRefusesGivesThePlaceBack() {
        MailQueue queue = new MailQueue(1);
        Executor refusing = task -> {
            throw new RejectedExecutionException("shut down");
        };
        assertThat(queue.submit(refusing, () -> { })).isFalse();
        assertThat(queue.inFlight()).isZero();
    }

    @Test
    void theCapacityIsReadFromTheSystemProperty() {
        String before = System.getProperty(MailQueue.CAPACITY_PROPERTY);
        System.setProperty(MailQueue.CAPACITY_PROPERTY, "2");
        try {
            MailQueue queue = MailQueue.fromSystemProperty();
            HeldExecutor executor = new HeldExecutor();
            assertThat(queue.submit(executor, () -> { })).isTrue();
            assertThat(queue.submit(executor, () -> { })).isTrue();
            assertThat(queue.submit(executor, () -> { })).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty(MailQueue.CAPACITY_PROPERTY);
            } else {
                System.setProperty(MailQueue.CAPACITY_PROPERTY, before);
            }
        }
    }
}
