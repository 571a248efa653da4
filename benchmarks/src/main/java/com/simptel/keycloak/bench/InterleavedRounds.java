package com.simptel.keycloak.bench;

import java.io.IOException;
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
 * Two endpoints measured against each other with the same client threads: a warm-up of each, then
 * alternating rounds (A B B A ...) so load drift hits both sides alike; each side's figures are
 * summed over its rounds. Shared by the one-node and the cluster benchmark. Options (system
 * properties): bench.threads (4), bench.seconds per round (8), bench.rounds (4), bench.warmup (5).
 */
final class InterleavedRounds {

    private static final int MAX_REQUESTS_PER_THREAD_AND_ROUND = 200_000;

    final int threads = Integer.getInteger("bench.threads", 4);
    final int seconds = Integer.getInteger("bench.seconds", 8);
    final int rounds = Integer.getInteger("bench.rounds", 4);
    final int warmup = Integer.getInteger("bench.warmup", 5);

    /** The request thread {@code thread} sends next. */
    interface RequestFactory {
        HttpRequest build(int thread) throws Exception;
    }

    /** What a thread keeps from a 200 answer (a rotated refresh token, a new ETag). */
    interface SuccessHandler {
        void accept(int thread, HttpResponse<String> response) throws Exception;
    }

    record Side(String name, RequestFactory request, SuccessHandler onSuccess) {
        Side(String name, RequestFactory request) {
            this(name, request, null);
        }
    }

    String describe() {
        return String.format(Locale.ROOT, "threads=%d, %d rounds x %d s per side, warm-up %d s per side, cores=%d, load before: %s",
                threads, rounds, seconds, warmup, Runtime.getRuntime().availableProcessors(), BenchOutput.loadAverage());
    }

    Result[] compare(Side a, Side b) throws Exception {
        BenchOutput.log(a.name() + " vs " + b.name() + " ...");
        measure(a, warmup);
        measure(b, warmup);
        Result ra = new Result(a.name());
        Result rb = new Result(b.name());
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
                        HttpRequest request = side.request().build(thread);
                        long begin = System.nanoTime();
                        HttpResponse<String> response;
                        try {
                            response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        } catch (IOException e) {
                            errors++;
                            continue;
                        }
                        latencies[n++] = System.nanoTime() - begin;
                        if (response.statusCode() != 200) {
                            errors++;
                        } else if (side.onSuccess() != null) {
                            side.onSuccess().accept(thread, response);
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
            Result result = new Result(side.name());
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

    static void printTable(List<Result> results) {
        System.out.println();
        System.out.println("| endpoint | requests | req/s | p50 ms | p99 ms | errors |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.println(r.row());
        }
        System.out.println();
    }

    static final class Result {
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

        /** This side's requests per second over the other's. */
        double over(Result other) {
            return rps() / other.rps();
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
