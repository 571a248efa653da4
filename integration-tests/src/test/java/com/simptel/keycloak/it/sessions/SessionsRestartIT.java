package com.simptel.keycloak.it.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import org.junit.jupiter.api.BeforeAll;
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
 * The bucket lives on the Keycloak user session, which Keycloak 26 persists in its database: it
 * survives a restart, both a bucket written once and one that many writers raced on without
 * If-Match (as a browser app with many tabs does). Both are written first, then the shared server
 * restarts once (same database); so it is a class of its own.
 */
@SimptelIT
class SessionsRestartIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final int WRITERS = 200;
    /** Long enough for every writer to be in flight at once many times over (a few thousand requests). */
    private static final long STORM_MILLIS = 5_000;

    private static WrittenOnce once;
    private static Storm storm;

    @BeforeAll
    static void writeBothThenRestart(SimptelServer server) throws Exception {
        once = WrittenOnce.by(SessionLogin.web(server, users.create("restart")), server);
        storm = Storm.on(SessionLogin.web(server, users.create("storm")), server);
        server.restart();
    }

    @Test
    void aBucketWrittenOnceAndItsSessionSurviveTheRestart(SimptelServer server) {
        JsonResponse after = new SessionsApi(server, once.login.accessToken()).current();
        assertThat(after.status()).as(after.toString()).isEqualTo(200);
        assertThat(after.header("ETag")).isEqualTo(once.written.header("ETag"));
        JsonNode before = once.written.json();
        assertThat(after.json().path("data").path("MFAInputsBucket"))
                .isEqualTo(before.path("data").path("MFAInputsBucket"));
        assertThat(after.json().path("data").path("useragent")).isEqualTo(before.path("data").path("useragent"));
        assertThat(after.json().path("_id").asText()).isEqualTo(once.login.sessionId());

        JsonResponse patched = new SessionsApi(server, once.login.accessToken())
                .patch("{\"note\":null}", "application/merge-patch+json", after.header("ETag"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("data").path("MFAInputsBucket").has("note")).isFalse();
    }

    @Test
    void parallelWritersOnOneSessionGetAnswersTheyCanActOnAndTheDatabaseKeepsAnAcknowledgedBucket(
            SimptelServer server) {
        // before the restart: every answer one a client can act on, no reader saw an unacknowledged bucket
        assertThat(storm.unexpected).as("answers other than 200 and 409 with Retry-After; all: %s", storm.statuses)
                .isEmpty();
        assertThat(storm.statuses.get(200)).as("%s", storm.statuses).isNotNull();
        assertThat(storm.acknowledged).as("the bucket after the storm is one a writer was told was stored")
                .containsKey(storm.last.header("ETag"));
        assertThat(SessionsApi.bucket(storm.last)).isEqualTo(storm.acknowledged.get(storm.last.header("ETag")));
        Set<String> notAcknowledged = new HashSet<>(storm.seenByReaders.keySet());
        notAcknowledged.removeAll(storm.acknowledged.keySet());
        notAcknowledged.remove(storm.initialETag);
        assertThat(notAcknowledged).as("versions readers saw that no writer was told were stored: %s",
                storm.seenByReaders).isEmpty();

        // after it: what the database kept is what the cache answered last
        SessionsApi after = new SessionsApi(server, storm.login.accessToken());
        JsonResponse stored = after.current();
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.header("ETag")).isEqualTo(storm.last.header("ETag"));
        assertThat(SessionsApi.bucket(stored)).isEqualTo(SessionsApi.bucket(storm.last));
        JsonResponse next = after.put("{\"after\":\"restart\"}", "application/json", stored.header("ETag"));
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
    }

    private record WrittenOnce(SessionLogin login, JsonResponse written) {

        static WrittenOnce by(SessionLogin login, SimptelServer server) {
            JsonResponse written = login.api(server)
                    .put("{\"mfa\":{\"step\":2,\"inputs\":[\"email\",\"totp\"]},\"note\":\"überall\"}");
            assertThat(written.status()).as(written.toString()).isEqualTo(200);
            return new WrittenOnce(login, written);
        }
    }

    /** What 200 writers on one session saw, and the session as it was read right after them. */
    private record Storm(SessionLogin login, String initialETag, Map<Integer, AtomicInteger> statuses,
                         List<JsonResponse> unexpected, Map<String, JsonNode> acknowledged,
                         Map<String, String> seenByReaders, JsonResponse last) {

        static Storm on(SessionLogin login, SimptelServer server) throws Exception {
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
            return new Storm(login, initial, statuses, unexpected, acknowledged, seenByReaders, api.current());
        }
    }
}
