package com.simptel.keycloak.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The sessions API against stock Keycloak endpoints, in one run on one server, same client
 * threads, loopback only, bounded by time and request count:
 * <ul>
 *   <li>{@code GET /sessions/session} vs {@code GET .../userinfo}, every thread with the same
 *   access token;</li>
 *   <li>{@code PUT /sessions/bucket} vs the refresh-token grant. Refresh tokens rotate (each is
 *   single use), so every thread has a session of its own: thread i refreshes its own chain and
 *   writes the bucket of that same session with its access token.</li>
 * </ul>
 * Each pair runs in alternating rounds (A B B A ...) so load drift hits both sides alike.
 * Options (system properties): bench.threads (4), bench.seconds per round (8), bench.rounds (4),
 * bench.warmup seconds (5). Run with {@code ./bench.sh}.
 */
public final class SessionsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUESTS_PER_THREAD_AND_ROUND = 200_000;

    private final int threads = Integer.getInteger("bench.threads", 4);
    private final int seconds = Integer.getInteger("bench.seconds", 8);
    private final int rounds = Integer.getInteger("bench.rounds", 4);
    private final int warmup = Integer.getInteger("bench.warmup", 5);

    private SimptelServer server;

    public static void main(String[] args) throws Exception {
        new SessionsBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        BenchOutput.log("Starting Keycloak with the providers JAR (one server for the whole run) ...");
        long t0 = System.nanoTime();
        try (SimptelServer started = SimptelServer.startStandalone()) {
            server = started;
            BenchOutput.log("Ready after " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s at " + server.baseUrl());
            BenchOutput.log(String.format("threads=%d, %d rounds x %d s per side, warm-up %d s per side, cores=%d, load before: %s",
                    threads, rounds, seconds, warmup, Runtime.getRuntime().availableProcessors(), BenchOutput.loadAverage()));

            OidcClient web = OidcClient.web(server);
            List<String[]> logins = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                JsonResponse tokens = web.login(new HttpBrowser(server.baseUrl()), "alice", "alice-password");
                logins.add(new String[] {tokens.text("access_token"), tokens.text("refresh_token")});
            }
            String sharedToken = logins.get(0)[0];
            String sessionUrl = server.realmUrl() + "/sessions/session";
            String bucketUrl = server.realmUrl() + "/sessions/bucket";
            String userinfoUrl = web.endpoint("userinfo");
            String tokenUrl = web.endpoint("token");
            String basic = OidcClient.basic("simptel-web", "simptel-web-secret");
            String bucket = "{\"step\":2,\"inputs\":{\"email\":\"alice@simptel.local\",\"otpSent\":true},\"attempts\":1}";

            Side read = new Side("GET /sessions/session", i -> HttpRequest.newBuilder(URI.create(sessionUrl))
                    .header("Authorization", "Bearer " + sharedToken).GET().build(), null);
            Side userinfo = new Side("GET userinfo (stock)", i -> HttpRequest.newBuilder(URI.create(userinfoUrl))
                    .header("Authorization", "Bearer " + sharedToken).GET().build(), null);
            Side write = new Side("PUT /sessions/bucket", i -> HttpRequest.newBuilder(URI.create(bucketUrl))
                    .header("Authorization", "Bearer " + logins.get(i)[0])
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(bucket)).build(), null);
            Side refresh = new Side("refresh_token grant (stock)", i -> HttpRequest.newBuilder(URI.create(tokenUrl))
                    .header("Authorization", basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + logins.get(i)[1]))
                    .build(), (i, body) -> logins.get(i)[1] = JSON.readTree(body).path("refresh_token").asText());

            Result[] reads = compare(read, userinfo);
            Result[] writes = compare(write, refresh);

            BenchOutput.log("Load after: " + BenchOutput.loadAverage());
            System.out.println();
            System.out.println("| endpoint | requests | req/s | p50 ms | p99 ms | errors |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (Result r : new Result[] {reads[0], reads[1], writes[0], writes[1]}) {
                System.out.println(r.row());
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "session read / userinfo      = %.2fx requests/s (target >= 1.0x)%n",
                    reads[0].rps() / reads[1].rps());
            System.out.printf(Locale.ROOT, "bucket write / refresh grant = %.2fx requests/s (target >= 2.0x)%n",
                    writes[0].rps() / writes[1].rps());
        }
    }

    /** Warm-up of both, then alternating rounds; each side's figures are summed over its rounds. */
    private Result[] compare(Side a, Side b) throws Exception {
        measure(a, warmup);
        measure(b, warmup);
        Result ra = new Result(a.name);
        Result rb = new Result(b.name);
        for (int round = 0; round < rounds; round++) {
            boolean aFirst = round % 2 == 0;
            (aFirst ? ra : rb).add(measure(aFirst ? a : b, seconds));
            (aFirst ? rb : ra).add(measure(aFirst ? b : a, seconds));
        }
        return new Result[] {ra, rb};
    }

    private Result measure(Side side, int durationSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            long[] deadline = new long[1];
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(10)).build();
                    long[] latencies = new long[MAX_REQUESTS_PER_THREAD_AND_ROUND + 1];
                    int n = 0;
                    int errors = 0;
                    start.await();
                    while (System.nanoTime() < deadline[0] && n < MAX_REQUESTS_PER_THREAD_AND_ROUND) {
                        HttpRequest request = side.request.build(thread);
                        long begin = System.nanoTime();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies[n++] = System.nanoTime() - begin;
                        if (response.statusCode() != 200) {
                            errors++;
                        } else if (side.onSuccess != null) {
                            side.onSuccess.accept(thread, response.body());
                        }
                    }
                    long[] out = Arrays.copyOf(latencies, n + 1);
                    out[n] = errors; // last slot: error count
                    return out;
                }));
            }
            long begin = System.nanoTime();
            deadline[0] = begin + TimeUnit.SECONDS.toNanos(durationSeconds);
            start.countDown();
            Result result = new Result(side.name);
            for (Future<long[]> f : futures) {
                long[] out = f.get(durationSeconds + 120L, TimeUnit.SECONDS);
                result.errors += out[out.length - 1];
                result.latencies.add(Arrays.copyOf(out, out.length - 1));
            }
            result.nanos += System.nanoTime() - begin;
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private interface RequestFactory {
        HttpRequest build(int thread) throws Exception;
    }

    private interface SuccessHandler {
        void accept(int thread, String body) throws Exception;
    }

    private record Side(String name, RequestFactory request, SuccessHandler onSuccess) {
    }

    private static final class Result {
        final String name;
        final List<long[]> latencies = new ArrayList<>();
        long nanos;
        long errors;

        Result(String name) {
            this.name = name;
        }

        void add(Result other) {
            latencies.addAll(other.latencies);
            nanos += other.nanos;
            errors += other.errors;
        }

        long count() {
            return latencies.stream().mapToLong(l -> l.length).sum();
        }

        double rps() {
            return count() / (nanos / 1e9);
        }

        String row() {
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %d |", name, all.length, rps(),
                    percentile(all, 50), percentile(all, 99), errors);
        }

        private static double percentile(long[] sorted, int p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }
}
