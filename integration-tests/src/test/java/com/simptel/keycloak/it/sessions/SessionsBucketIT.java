package com.simptel.keycloak.it.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static com.simptel.keycloak.it.sessions.SessionsApi.bucket;
import static com.simptel.keycloak.it.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The bucket: PUT, PATCH (RFC 7396), ETag/If-Match, limits, bad input, concurrency, events. */
@SimptelIT
class SessionsBucketIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 12;

    @Test
    void putReplacesTheBucketAndAnswersTheViewWithANewETag(SimptelServer server) throws Exception {
        TestUser user = users.create("put");
        SessionLogin login = SessionLogin.web(server, user);
        SessionsApi api = login.api(server);

        JsonResponse first = api.put("{\"otp\":\"123456\",\"steps\":[1,2],\"nested\":{\"a\":null}}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(bucket(first)).isEqualTo(json("{\"otp\":\"123456\",\"steps\":[1,2],\"nested\":{\"a\":null}}"));
        String etag = first.header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");

        JsonResponse second = api.put("{\"other\":true}");
        assertThat(bucket(second)).isEqualTo(json("{\"other\":true}"));
        assertThat(second.header("ETag")).isNotEqualTo(etag);

        JsonResponse read = api.current();
        assertThat(bucket(read)).isEqualTo(json("{\"other\":true}"));
        assertThat(read.header("ETag")).isEqualTo(second.header("ETag"));

        List<AdminEventRepresentation> events = server.realm().getAdminEvents(List.of("UPDATE"), null, null, user.id(),
                null, "users/" + user.id() + "/sessions/" + login.sessionId() + "/bucket", null, null, 0, 10);
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.getResourceType()).isEqualTo("USER_SESSION");
            assertThat(e.getRepresentation()).contains("\"simptel_sessions_action\":\"bucket.put\"")
                    .contains("bucket_bytes").doesNotContain("123456");
        });
    }

    @Test
    void patchMergesAsRfc7396Says(SimptelServer server) {
        TestUser user = users.create("patch");
        SessionLogin login = SessionLogin.web(server, user);
        SessionsApi api = login.api(server);
        api.put("{\"a\":1,\"b\":{\"c\":2,\"keep\":true},\"list\":[1,2]}");

        JsonResponse r = api.patch("{\"b\":{\"c\":null,\"d\":3},\"e\":\"x\",\"list\":[3]}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(bucket(r)).isEqualTo(json("{\"a\":1,\"b\":{\"keep\":true,\"d\":3},\"list\":[3],\"e\":\"x\"}"));
        assertThat(bucket(api.current())).isEqualTo(bucket(r));
        assertThat(bucket(api.patch("{\"a\":null,\"b\":null,\"list\":null,\"e\":null}"))).isEqualTo(json("{}"));

        List<AdminEventRepresentation> events = server.realm().getAdminEvents(List.of("UPDATE"), null, null, user.id(),
                null, "users/" + user.id() + "/sessions/" + login.sessionId() + "/bucket", null, null, 0, 10);
        assertThat(events).filteredOn(e -> e.getRepresentation().contains("\"bucket.patch\"")).hasSize(2);
    }

    @Test
    void ifMatchWithAStaleETagIs412AndWritesNothing(SimptelServer server) {
        SessionsApi api = SessionLogin.web(server, users.create("ifmatch")).api(server);
        String initial = api.current().header("ETag");
        assertThat(initial).isEqualTo("\"0\"");
        JsonResponse v1 = api.put("{\"v\":1}", "application/json", initial);
        assertThat(v1.status()).isEqualTo(200);

        JsonResponse stalePut = api.put("{\"v\":\"stale\"}", "application/json", initial);
        JsonResponse stalePatch = api.patch("{\"v\":\"stale\"}", "application/merge-patch+json", initial);
        assertError(stalePut, 412, "precondition_failed", v1.header("ETag"));
        assertError(stalePatch, 412, "precondition_failed", v1.header("ETag"));
        assertThat(bucket(api.current())).isEqualTo(json("{\"v\":1}"));

        JsonResponse v2 = api.patch("{\"w\":2}", "application/merge-patch+json", v1.header("ETag"));
        assertThat(v2.status()).isEqualTo(200);
        assertThat(api.put("{\"v\":3}", "application/json", "\"x\", " + v2.header("ETag")).status()).isEqualTo(200);
        assertThat(api.put("{\"v\":4}", "application/json", "*").status()).isEqualTo(200);
        assertThat(api.put("{\"v\":5}", "application/json", "W/" + api.current().header("ETag")).status()).isEqualTo(412);
        assertError(api.put("{\"v\":6}", "application/json", "not-quoted"), 400, "invalid_request");
        assertThat(bucket(api.current())).isEqualTo(json("{\"v\":4}"));
    }

    @Test
    void wrongContentTypeIs415AndBadBodiesAre400WithoutAWrite(SimptelServer server) {
        SessionsApi api = SessionLogin.web(server, users.create("bad")).api(server);
        api.put("{\"safe\":1}");

        assertError(api.put("{\"a\":1}", "text/plain", null), 415, "unsupported_media_type");
        assertError(api.put("{\"a\":1}", null, null), 415, "unsupported_media_type");
        assertError(api.put("{\"a\":1}", "application/json; charset=iso-8859-1", null), 415, "unsupported_media_type");
        JsonResponse patchAsJson = api.patch("{\"a\":1}", "application/json", null);
        assertError(patchAsJson, 415, "unsupported_media_type");
        assertThat(patchAsJson.header("Accept-Patch")).isEqualTo("application/merge-patch+json");

        for (String body : List.of("", "   ", "{\"a\":", "{\"a\":1} trailing", "[1,2]", "\"text\"", "42", "null",
                "{\"a\":1,\"a\":2}", "{'a':1}")) {
            assertError(api.put(body, "application/json", null), 400, "invalid_request");
            assertError(api.patch(body, "application/merge-patch+json", null), 400, "invalid_request");
        }
        assertError(api.put(nested(17), "application/json", null), 400, "invalid_request");
        assertThat(api.put(nested(16), "application/json", null).status()).isEqualTo(200);
        assertThat(bucket(api.put("{\"safe\":1}"))).isEqualTo(json("{\"safe\":1}"));
    }

    @Test
    void aBucketThatIsNotValidUnicodeIs400AndWritesNothing(SimptelServer server) {
        SessionsApi api = SessionLogin.web(server, users.create("unicode")).api(server);
        api.put("{\"safe\":1}");

        for (String body : List.of("{\"a\":\"\\ud800\"}", "{\"\\udc00\":1}", "{\"a\":[\"x\\ud83d\"]}",
                "{\"a\":{\"b\":\"\\ude00\\ud83d\"}}")) {
            JsonResponse put = api.put(body, "application/json", null);
            assertError(put, 400, "invalid_request");
            assertThat(put.json().path("error_description").asText()).containsIgnoringCase("surrogate");
            assertError(api.patch(body, "application/merge-patch+json", null), 400, "invalid_request");
        }
        assertThat(bucket(api.current())).isEqualTo(json("{\"safe\":1}"));

        // a surrogate pair is one character, stored and answered as it was sent
        JsonResponse pair = api.patch("{\"smile\":\"\\ud83d\\ude00\"}");
        assertThat(pair.status()).isEqualTo(200);
        assertThat(bucket(api.current()).path("smile").asText()).isEqualTo("\ud83d\ude00");
    }

    @Test
    void aBucketOverTheLimitIs413AndLeavesTheBucketAsItWas(SimptelServer server) throws Exception {
        SessionsApi api = SessionLogin.web(server, users.create("size")).api(server);
        api.put("{\"before\":true}");

        assertThat(api.put(ofSize(8192)).status()).isEqualTo(200);
        JsonResponse over = api.put(ofSize(8193));
        assertError(over, 413, "payload_too_large");
        assertThat(compactLength(bucket(api.current()))).isEqualTo(8192);

        api.put("{\"before\":true}");
        assertError(api.put("{\"huge\":\"" + "x".repeat(200_000) + "\"}"), 413, "payload_too_large");
        assertError(api.patch("{\"grow\":\"" + "y".repeat(8200) + "\"}"), 413, "payload_too_large");
        assertThat(bucket(api.current())).isEqualTo(json("{\"before\":true}"));
    }

    @Test
    void aRealmAttributeSetsItsOwnLimit(SimptelServer server) {
        SessionsApi api = SessionLogin.web(server, users.create("realmlimit")).api(server);
        RealmRepresentation realm = server.realm().toRepresentation();
        Map<String, String> attributes = new HashMap<>(realm.getAttributes() == null ? Map.of() : realm.getAttributes());
        try {
            Map<String, String> changed = new HashMap<>(attributes);
            changed.put("simptel.sessions.bucketMaxBytes", "100");
            realm.setAttributes(changed);
            server.realm().update(realm);

            assertThat(api.put(ofSize(100)).status()).isEqualTo(200);
            assertError(api.put(ofSize(101)), 413, "payload_too_large");
        } finally {
            RealmRepresentation restore = server.realm().toRepresentation();
            Map<String, String> back = new HashMap<>(restore.getAttributes());
            back.remove("simptel.sessions.bucketMaxBytes");
            restore.setAttributes(back);
            server.realm().update(restore);
        }
        assertThat(api.put(ofSize(101)).status()).isEqualTo(200);
    }

    @Test
    void ofManyConcurrentWritersWithIfMatchExactlyOneWinsPerVersion(SimptelServer server) throws Exception {
        SessionsApi api = SessionLogin.web(server, users.create("race")).api(server);
        String etag = api.current().header("ETag");
        for (int round = 0; round < 3; round++) {
            String base = etag;
            int r = round;
            List<JsonResponse> results = race(i -> i % 2 == 0
                    ? api.put("{\"round\":" + r + ",\"writer\":" + i + "}", "application/json", base)
                    : api.patch("{\"round\":" + r + ",\"writer\":" + i + "}", "application/merge-patch+json", base));

            List<JsonResponse> winners = results.stream().filter(x -> x.status() == 200).toList();
            assertThat(winners).as("round %d: %s", round, results).hasSize(1);
            assertThat(results).filteredOn(x -> x.status() != 200)
                    .allSatisfy(x -> assertThat(x.status()).isEqualTo(412));
            JsonResponse now = api.current();
            assertThat(now.header("ETag")).isEqualTo(winners.get(0).header("ETag"));
            assertThat(bucket(now).path("writer")).isEqualTo(bucket(winners.get(0)).path("writer"));
            assertThat(bucket(now).path("round").asInt()).isEqualTo(round);
            etag = now.header("ETag");
        }
    }

    @Test
    void withoutIfMatchTheLastPutWinsAndTheETagNamesItsContent(SimptelServer server) throws Exception {
        SessionsApi api = SessionLogin.web(server, users.create("lww")).api(server);
        Map<String, JsonNode> bucketByEtag = new ConcurrentHashMap<>();

        List<JsonResponse> results = race(i -> api.put("{\"writer\":" + i + ",\"data\":\"" + "d".repeat(200) + i + "\"}"));

        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        results.forEach(r -> bucketByEtag.put(r.header("ETag"), bucket(r)));
        assertThat(bucketByEtag).hasSize(WRITERS); // every write got its own version
        JsonResponse now = api.current();
        JsonNode finalBucket = bucket(now);
        int writer = finalBucket.path("writer").asInt();
        assertThat(finalBucket).isEqualTo(json("{\"writer\":" + writer + ",\"data\":\"" + "d".repeat(200) + writer + "\"}"));
        assertThat(bucketByEtag.get(now.header("ETag"))).isEqualTo(finalBucket);
        assertThat(api.put("{\"after\":1}", "application/json", now.header("ETag")).status()).isEqualTo(200);
    }

    @Test
    void withoutIfMatchConcurrentPatchesAllSurviveAndTheLastOneNamesTheBucket(SimptelServer server) throws Exception {
        SessionsApi api = SessionLogin.web(server, users.create("patches")).api(server);
        api.put("{\"base\":true}");

        List<JsonResponse> results = race(i -> api.patch("{\"k" + i + "\":" + i + "}"));

        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        for (int i = 0; i < WRITERS; i++) {
            JsonNode answered = bucket(results.get(i));
            assertThat(answered.path("base").asBoolean()).isTrue();
            assertThat(answered.path("k" + i).asInt(-1)).as("writer %d sees its own key", i).isEqualTo(i);
        }
        JsonResponse now = api.current();
        JsonNode finalBucket = bucket(now);
        assertThat(finalBucket.path("base").asBoolean()).isTrue();
        for (int i = 0; i < WRITERS; i++) {
            // each PATCH was merged into the bucket as stored at its turn: none lost another's key
            assertThat(finalBucket.path("k" + i).asInt(-1)).as("key of writer %d in %s", i, finalBucket).isEqualTo(i);
        }
        assertThat(finalBucket.size()).isEqualTo(WRITERS + 1);
        JsonResponse last = results.stream().filter(r -> r.header("ETag").equals(now.header("ETag")))
                .findFirst().orElseThrow(() -> new AssertionError("final ETag is none of the writes'"));
        assertThat(bucket(now)).isEqualTo(bucket(last));
    }

    @Test
    void writersThatRetryWithIfMatchLoseNothing(SimptelServer server) throws Exception {
        SessionsApi api = SessionLogin.web(server, users.create("retry")).api(server);
        Map<Integer, Integer> attempts = new ConcurrentHashMap<>();

        List<JsonResponse> results = race(i -> {
            // what a client does: read, write with If-Match, on 412/409 back off a little and retry
            JsonResponse r = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int attempt = 1; attempt <= 300 && System.nanoTime() < deadline; attempt++) {
                attempts.put(i, attempt);
                String etag = api.current().header("ETag");
                r = api.patch("{\"k" + i + "\":" + i + "}", "application/merge-patch+json", etag);
                if (r.status() == 200) {
                    return r;
                }
                assertThat(r.status()).as(r.toString()).isIn(409, 412);
                sleep(ThreadLocalRandom.current().nextInt(20, 20 + 20 * Math.min(attempt, 10)));
            }
            return r;
        });

        assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        JsonNode finalBucket = bucket(api.current());
        for (int i = 0; i < WRITERS; i++) {
            assertThat(finalBucket.path("k" + i).asInt(-1)).as("change of writer %d", i).isEqualTo(i);
        }
        assertThat(attempts.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(WRITERS);
    }

    /** A client's jittered back-off between retries: the behaviour under test, not a wait for a condition. */
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private interface Writer {
        JsonResponse write(int i);
    }

    /** All writers wait at a latch and are released together. */
    private static List<JsonResponse> race(Writer writer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<JsonResponse>> futures = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                int n = i;
                futures.add(pool.submit((Callable<JsonResponse>) () -> {
                    start.await();
                    return writer.write(n);
                }));
            }
            start.countDown();
            List<JsonResponse> results = new ArrayList<>();
            for (Future<JsonResponse> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A bucket whose compact JSON is exactly {@code bytes} long. */
    private static String ofSize(int bytes) {
        String prefix = "{\"pad\":\"";
        String suffix = "\"}";
        return prefix + "p".repeat(bytes - prefix.length() - suffix.length()) + suffix;
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    private static int compactLength(JsonNode node) throws Exception {
        return JSON.writeValueAsBytes(node).length;
    }
}
