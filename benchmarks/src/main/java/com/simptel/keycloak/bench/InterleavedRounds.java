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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Two endpoints measured against each other with the same client threads: a warm-up of each, then
 * alternating rounds (A B B A ...) so load drift hits both sides alike; each side's figures are
 * summed over its rounds. A request counts (in requests per second and the latencies) only when its
 * answer is the one the side is about ({@link ExpectedAnswer}: the status and a JSON body of the
 * expected shape); any other answer, or none, ends the pair with {@link UnexpectedAnswers}, which
 * names what was answered. Shared by the one-node and the cluster benchmark. Options (system
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

    /** What a thread keeps from an expected answer (a rotated refresh token, a new ETag). */
    interface SuccessHandler {
        void accept(int thread, HttpResponse<String> response) throws Exception;
    }

    record Side(String name, RequestFactory request, ExpectedAnswer expected, SuccessHandler onSuccess) {
        Side(String name, RequestFactory request, ExpectedAnswer expected) {
            this(name, request, expected, null);
        }
    }

    /** A side answered something else than what it is about: the run's figures would not compare like with like. */
    static final class UnexpectedAnswers extends Exception {
        UnexpectedAnswers(String message) {
            super(message, null, false, false);
        }
    }

    String describe() {
        return String.format(Locale.ROOT, "threads=%d, %d rounds x %d s per side, warm-up %d s per side, cores=%d, load before: %s",
                threads, rounds, seconds, warmup, Runtime.getRuntime().availableProcessors(), BenchOutput.loadAverage());
    }

    Result[] compare(Side a, Side b) throws Exception {
        BenchOutput.log(a.name() + " vs " + b.name() + " ...");
        measure(a, warmup).requireOnlyExpected();
        measure(b, warmup).requireOnlyExpected();
        Result ra = new Result(a.name());
        Result rb = new Result(b.name());
        for (int round = 0; round < rounds; round++) {
            boolean aFirst = round % 2 == 0;
            (aFirst ? ra : rb).add(measure(aFirst ? a : b, seconds).requireOnlyExpected());
            (aFirst ? rb : ra).add(measure(aFirst ? b : a, seconds).requireOnlyExpected());
        }
        return new Result[] {ra, rb};
    }

    private Result measure(Side side, int durationSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            long[] deadline = new long[1];
            List<Future<Result>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(10)).build();
                    Result mine = new Result(side.name());
                    start.await();
                    for (int n = 0; System.nanoTime() < deadline[0] && n < MAX_REQUESTS_PER_THREAD_AND_ROUND; n++) {
                        HttpRequest request = side.request().build(thread);
                        long begin = System.nanoTime();
                        HttpResponse<String> response;
                        try {
                            response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        } catch (IOException e) {
                            mine.noAnswer(e);
                            continue;
                        }
                        if (mine.record(side.expected(), response.statusCode(), response.body(), System.nanoTime() - begin)
                                && side.onSuccess() != null) {
                            side.onSuccess().accept(thread, response);
                        }
                    }
                    return mine;
                }));
            }
            long begin = System.nanoTime();
            deadline[0] = begin + TimeUnit.SECONDS.toNanos(durationSeconds);
            start.countDown();
            Result result = new Result(side.name());
            for (Future<Result> f : futures) {
                result.add(f.get(durationSeconds + 120L, TimeUnit.SECONDS));
            }
            result.nanos = System.nanoTime() - begin;
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    static void printTable(List<Result> results) {
        System.out.println();
        System.out.println("| endpoint | expected answers | per second | p50 ms | p99 ms | other answers |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.println(r.row());
        }
        System.out.println();
    }

    /**
     * One side's figures: the latencies of its expected answers, the wall time they took and, by
     * what was answered, every other answer (at most {@value #KINDS} kinds named, the rest summed).
     */
    static final class Result {
        static final int KINDS = 10;

        final String name;
        private final List<long[]> latencies = new ArrayList<>();
        private final Map<String, Long> unexpected = new TreeMap<>();
        private long[] open = new long[1024];
        private int filled;
        long nanos;

        Result(String name) {
            this.name = name;
        }

        /** Counts the answer when it is the expected one (true); otherwise notes what was answered. */
        boolean record(ExpectedAnswer expected, int status, String body, long latencyNanos) {
            String mismatch = expected.mismatch(status, body);
            if (mismatch != null) {
                note(mismatch, 1);
                return false;
            }
            if (filled == open.length) {
                open = Arrays.copyOf(open, open.length * 2);
            }
            open[filled++] = latencyNanos;
            return true;
        }

        void noAnswer(Exception e) {
            note("no answer: " + e.getClass().getSimpleName(), 1);
        }

        private void note(String what, long times) {
            String kind = unexpected.containsKey(what) || unexpected.size() < KINDS ? what : "other answers";
            unexpected.merge(kind, times, Long::sum);
        }

        void add(Result other) {
            other.close();
            latencies.addAll(other.latencies);
            other.unexpected.forEach(this::note);
            nanos += other.nanos;
        }

        private void close() {
            if (filled > 0) {
                latencies.add(Arrays.copyOf(open, filled));
                filled = 0;
            }
        }

        /** This result, or {@link UnexpectedAnswers} naming every other answer it had. */
        Result requireOnlyExpected() throws UnexpectedAnswers {
            if (unexpected.isEmpty()) {
                return this;
            }
            StringBuilder what = new StringBuilder(name + ": " + unexpectedCount() + " answers other than the expected one");
            unexpected.forEach((kind, n) -> what.append(System.lineSeparator()).append("  ").append(n).append(" x ").append(kind));
            throw new UnexpectedAnswers(what.toString());
        }

        long unexpectedCount() {
            return unexpected.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Expected answers only. */
        long count() {
            close();
            return latencies.stream().mapToLong(l -> l.length).sum();
        }

        double rps() {
            return count() / (nanos / 1e9);
        }

        /** This side's expected answers per second over the other's. */
        double over(Result other) {
            return rps() / other.rps();
        }

        String row() {
            close();
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %d |", name, all.length, rps(),
                    percentile(all, 50), percentile(all, 99), unexpectedCount());
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
