package com.simptel.keycloak.it.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many writers on ONE session at once, as a browser app with many tabs does, without If-Match:
 * every answer is one a client can act on (200, or 409 with Retry-After), no reader ever sees a
 * bucket that was not acknowledged, and what the database keeps is what the cache answered.
 * Restarts the shared server, so it is a class of its own.
 */
@SimptelIT
class SessionsConcurrentWritesIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final int WRITERS = 200;
    /** Long enough for every writer to be in flight at once many times over (a few thousand requests). */
    private static final long STORM_MILLIS = 5_000;

    @Test
    void parallelWritersOnOneSessionGetAnswersTheyCanActOnAndTheDatabaseKeepsAnAcknowledgedBucket(
            SimptelServer server) throws Exception {
        SessionLogin login = SessionLogin.web(server, users.create("storm"));
        SessionsApi api = login.api(server).overHttp1();
        Map<String, JsonNode> acknowledged = new ConcurrentHashMap<>(); // ETag -> bucket, of writes answered 200
        Map<String, String> seenByReaders = new ConcurrentHashMap<>(); // ETag -> what read it
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<JsonResponse> unexpected = new ArrayList<>();
        String initial = api.current().header("ETag");

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    long end = System.currentTimeMillis() + STORM_MILLIS;
                    for (int n = 0; System.currentTimeMillis() < end; n++) {
                        JsonResponse r = api.put("{\"writer\":" + writer + ",\"n\":" + n + "}");
                        statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (r.status() == 200) {
                            acknowledged.put(r.header("ETag"), SessionsApi.bucket(r));
                        } else if (r.status() == 409 && r.header("Retry-After") != null) {
                            // what a client does next: read the session again
                            JsonResponse read = api.current();
                            seenByReaders.put(read.header("ETag"), "read after a 409 of writer " + writer);
                        } else {
                            synchronized (unexpected) {
                                unexpected.add(r);
                            }
                        }
                        if (n % 4 == 0) {
                            seenByReaders.put(api.current().header("ETag"), "read of writer " + writer);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(STORM_MILLIS + 180_000, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        System.out.println("Concurrent bucket writes, " + WRITERS + " writers, " + STORM_MILLIS + " ms: "
                + new TreeMap<>(statuses));
        assertThat(unexpected).as("answers other than 200 and 409 with Retry-After; all: %s", statuses).isEmpty();
        assertThat(statuses.get(200)).as("%s", statuses).isNotNull();

        JsonResponse now = api.current();
        assertThat(acknowledged).as("the bucket now is one a writer was told was stored")
                .containsKey(now.header("ETag"));
        assertThat(SessionsApi.bucket(now)).isEqualTo(acknowledged.get(now.header("ETag")));
        Set<String> notAcknowledged = new HashSet<>(seenByReaders.keySet());
        notAcknowledged.removeAll(acknowledged.keySet());
        notAcknowledged.remove(initial);
        assertThat(notAcknowledged).as("versions readers saw that no writer was told were stored: %s",
                seenByReaders).isEmpty();

        server.restart();

        SessionsApi after = new SessionsApi(server, login.accessToken());
        JsonResponse stored = after.current();
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.header("ETag")).isEqualTo(now.header("ETag"));
        assertThat(SessionsApi.bucket(stored)).isEqualTo(SessionsApi.bucket(now));
        JsonResponse next = after.put("{\"after\":\"restart\"}", "application/json", stored.header("ETag"));
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
    }
}
