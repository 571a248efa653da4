package com.simptel.keycloak.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.harness.KeycloakCluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A node dies under load: {@code bench.users} simulated users (50) sign in through the load
 * balancer, then each loops over {@code GET /sessions/session} and a {@code PUT /sessions/bucket}
 * with {@code If-Match} for {@code bench.seconds} (180). At {@code bench.killAt} s (60) node
 * {@code bench.node} (1) gets SIGKILL; at {@code bench.restartAt} s (120) it is started again on a
 * thread of its own while the load goes on, and the "rejoined" phase begins once it is back in the
 * cluster view (it lasts at least 30 s however long the start took). At the end every user reads
 * its bucket back.
 * <p>
 * An error is a 5xx, a connection failure or a timeout (10 s). Every write carries a sequence
 * number of its user and the one of the bucket it replaced (from the read whose ETag it sends); a
 * write answered 200 is acknowledged. Lost writes are counted per write: the chain of "replaced"
 * links from the bucket read back at the end down to the empty bucket is what was kept, and an
 * acknowledged write outside it is lost. Per user, as before, an acknowledged write is lost when the
 * bucket read back at the end holds an older one, or content no write of the user could have left
 * (a later write that failed may have been applied: then its content is what is read back, which is
 * not a loss). Reads during the run that show an older write than the last acknowledged one are
 * counted as stale reads. Run with {@code ./bench.sh failover}; the last line is machine-readable.
 */
public final class FailoverBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long MIN_REJOINED_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int UP = 0;
    private static final int DOWN = 1;
    private static final int REJOINED = 2;
    private static final String[] PHASES = {"both up", "one down", "rejoined"};

    private final int userCount = Integer.getInteger("bench.users", 50);
    private final int seconds = Integer.getInteger("bench.seconds", 180);
    private final int killAt = Integer.getInteger("bench.killAt", 60);
    private final int restartAt = Integer.getInteger("bench.restartAt", 120);
    private final int nodeNumber = Integer.getInteger("bench.node", 1);

    private final LongAdder[] requests = adders();
    private final LongAdder[] errors = adders();
    private final LongAdder[] ok = adders();
    private final LongAdder preconditionFailed = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder staleReads = new LongAdder();
    private final LongAdder tokenRefreshes = new LongAdder();
    private final Map<String, LongAdder> errorKinds = new ConcurrentSkipListMap<>();
    private final AtomicLong lastDownError = new AtomicLong(Long.MIN_VALUE);

    private volatile int inFlightAtKill;
    private long acknowledgedWrites;
    private long lostWrites;
    private volatile long start;
    private volatile long killedAt = Long.MAX_VALUE;
    private volatile long rejoinedAt = Long.MAX_VALUE;
    private volatile long end = Long.MAX_VALUE;

    private SimptelServer server;
    private OidcClient web;

    public static void main(String[] args) throws Exception {
        new FailoverBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        BenchOutput.log("Starting the cluster: PostgreSQL (durable defaults), two Keycloak nodes, HAProxy ...");
        long t0 = System.nanoTime();
        try (SimptelServer started = SimptelServer.startStandalone(); TestUsers testUsers = new TestUsers(started)) {
            server = started;
            web = OidcClient.web(server);
            KeycloakCluster cluster = server.cluster();
            KeycloakCluster.Node victim = cluster.node(nodeNumber);
            BenchOutput.log("Ready after " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s, load balancer "
                    + server.baseUrl());
            BenchOutput.log(String.format(Locale.ROOT, "users=%d, %d s, SIGKILL to %s at %d s, restart at %d s, cores=%d, load before: %s",
                    userCount, seconds, victim.name(), killAt, restartAt, Runtime.getRuntime().availableProcessors(),
                    BenchOutput.loadAverage()));

            List<SimulatedUser> users = signIn(testUsers);
            BenchOutput.log("Signed in " + users.size() + " users through the load balancer");

            ExecutorService pool = Executors.newFixedThreadPool(userCount);
            CompletableFuture<Void> restart = null;
            try {
                start = System.nanoTime();
                List<Future<?>> loops = new ArrayList<>();
                for (SimulatedUser user : users) {
                    loops.add(pool.submit(() -> user.loop()));
                }
                sleepUntil(start + TimeUnit.SECONDS.toNanos(killAt));
                inFlightAtKill = cluster.balancer().inFlight(victim.name());
                killedAt = System.nanoTime();
                cluster.kill(victim);
                BenchOutput.log(String.format(Locale.ROOT, "%.1f s: SIGKILL to %s", elapsed(killedAt), victim.name()));
                sleepUntil(start + TimeUnit.SECONDS.toNanos(restartAt));
                BenchOutput.log(String.format(Locale.ROOT, "%.1f s: starting %s again", elapsed(System.nanoTime()), victim.name()));
                restart = CompletableFuture.runAsync(() -> {
                    try {
                        cluster.restart(victim);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    rejoinedAt = System.nanoTime();
                    BenchOutput.log(String.format(Locale.ROOT, "%.1f s: %s is back in a two-member cluster view",
                            elapsed(rejoinedAt), victim.name()));
                });
                restart.get(10, TimeUnit.MINUTES);
                sleepUntil(Math.max(start + TimeUnit.SECONDS.toNanos(seconds), rejoinedAt + MIN_REJOINED_NANOS));
                end = System.nanoTime();
                for (Future<?> loop : loops) {
                    loop.get(2, TimeUnit.MINUTES);
                }
            } finally {
                end = Math.min(end, System.nanoTime());
                pool.shutdownNow();
            }
            BenchOutput.log(String.format(Locale.ROOT, "%.1f s: load stopped; every user reads its bucket back", elapsed(end)));

            int lost = 0;
            int unreadable = 0;
            for (SimulatedUser user : users) {
                switch (user.verify()) {
                    case LOST -> lost++;
                    case UNREADABLE -> unreadable++;
                    default -> { }
                }
                acknowledgedWrites += user.writes.values().stream().filter(Write::acknowledged).count();
                lostWrites += user.lostWrites;
            }
            BenchOutput.log("Load after: " + BenchOutput.loadAverage());
            report(lost, unreadable);
        }
    }

    private List<SimulatedUser> signIn(TestUsers testUsers) throws Exception {
        List<TestUsers.TestUser> created = new ArrayList<>();
        for (int i = 0; i < userCount; i++) {
            created.add(testUsers.create("failover"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SimulatedUser>> futures = new ArrayList<>();
            for (int i = 0; i < created.size(); i++) {
                int number = i;
                TestUsers.TestUser user = created.get(i);
                futures.add(pool.submit(() -> new SimulatedUser(number,
                        web.login(new HttpBrowser(server.baseUrl()), user.username(), user.password()))));
            }
            List<SimulatedUser> users = new ArrayList<>();
            for (Future<SimulatedUser> f : futures) {
                users.add(f.get(5, TimeUnit.MINUTES));
            }
            return users;
        } finally {
            pool.shutdownNow();
        }
    }

    private void report(int lost, int unreadable) {
        long[] phaseNanos = {killedAt - start, rejoinedAt - killedAt, end - rejoinedAt};
        double recovery = lastDownError.get() == Long.MIN_VALUE ? 0.0 : (lastDownError.get() - killedAt) / 1e9;
        System.out.println();
        System.out.println("| phase | seconds | requests | errors | ok req/s |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int p = UP; p <= REJOINED; p++) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %d | %d | %.1f |%n", PHASES[p], phaseNanos[p] / 1e9,
                    requests[p].sum(), errors[p].sum(), rps(p, phaseNanos[p]));
        }
        System.out.println();
        errorKinds.forEach((kind, count) -> System.out.println("Errors " + kind + ": " + count.sum()));
        System.out.printf(Locale.ROOT, "Errors stopped %.1f s after the kill (last error in the one-down phase).%n", recovery);
        System.out.printf(Locale.ROOT, "Requests in flight on the killed node at the SIGKILL (HAProxy's count just before it): %d;"
                + " errors in the one-down phase: %d (allowed: at most those in flight)%n", inFlightAtKill, errors[DOWN].sum());
        System.out.printf(Locale.ROOT, "412 answers (re-read and went on): %d; 409 answers: %d; stale reads: %d;"
                + " token refreshes: %d%n", preconditionFailed.sum(), conflicts.sum(), staleReads.sum(), tokenRefreshes.sum());
        System.out.printf(Locale.ROOT, "Acknowledged writes lost: %d of %d (per write); users with a lost write: %d of %d"
                + " (target 0)%s%n", lostWrites, acknowledgedWrites, lost, userCount,
                unreadable == 0 ? "" : "; " + unreadable + " buckets could not be read back");
        System.out.printf(Locale.ROOT, "failover: lost=%d unreadable=%d errors_up=%d errors_down=%d errors_rejoined=%d"
                        + " recovery_s=%.1f rps_up=%.1f rps_down=%.1f rps_rejoined=%.1f stale_reads=%d in_flight_at_kill=%d"
                        + " lost_writes=%d acknowledged_writes=%d%n",
                lost, unreadable, errors[UP].sum(), errors[DOWN].sum(), errors[REJOINED].sum(), recovery,
                rps(UP, phaseNanos[UP]), rps(DOWN, phaseNanos[DOWN]), rps(REJOINED, phaseNanos[REJOINED]), staleReads.sum(),
                inFlightAtKill, lostWrites, acknowledgedWrites);
    }

    private double rps(int phase, long nanos) {
        return nanos <= 0 ? 0.0 : ok[phase].sum() / (nanos / 1e9);
    }

    /** The phase a request that completes now counts in. */
    private int phaseNow(long now) {
        return now < killedAt ? UP : now < rejoinedAt ? DOWN : REJOINED;
    }

    private enum Outcome { KEPT, LOST, UNREADABLE }

    /** One write: its sequence number, the one of the bucket it replaced, and whether it was acknowledged (200). */
    private record Write(long seq, long replaced, boolean acknowledged) {
    }

    /** One signed-in user with its own connection, session and bucket. */
    private final class SimulatedUser {
        private final int number;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT).build();
        private final Set<Long> unacknowledged = new HashSet<>();
        private final Map<Long, Write> writes = new HashMap<>();
        private long lostWrites;
        private String access;
        private String refresh;
        private String etag;
        private long sequence;
        private long acknowledged;

        SimulatedUser(int number, JsonResponse tokens) {
            if (tokens.status() != 200) {
                throw new IllegalStateException("Sign-in failed: " + tokens);
            }
            this.number = number;
            this.access = tokens.text("access_token");
            this.refresh = tokens.text("refresh_token");
        }

        void loop() {
            while (System.nanoTime() < end) {
                HttpResponse<String> read = call(HttpRequest.newBuilder(sessionUrl()).GET());
                long replaced = -1;
                if (read != null && read.statusCode() == 200) {
                    etag = read.headers().firstValue("ETag").orElse(null);
                    long seen = sequenceIn(read.body());
                    replaced = seen;
                    if (seen < acknowledged) {
                        staleReads.increment();
                    }
                }
                if (etag == null || System.nanoTime() >= end) {
                    continue;
                }
                long seq = ++sequence;
                HttpResponse<String> write = call(HttpRequest.newBuilder(URI.create(server.realmUrl() + "/sessions/bucket"))
                        .header("Content-Type", "application/json").header("If-Match", etag)
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"user\":" + number + ",\"seq\":" + seq
                                + ",\"replaced\":" + replaced + ",\"inputs\":{\"otpSent\":true}}")));
                writes.put(seq, new Write(seq, replaced, write != null && write.statusCode() == 200));
                if (write == null || write.statusCode() >= 500) {
                    unacknowledged.add(seq); // may or may not have been applied
                } else if (write.statusCode() == 200) {
                    acknowledged = seq;
                    unacknowledged.removeIf(s -> s < seq);
                    etag = write.headers().firstValue("ETag").orElse(null);
                } else if (write.statusCode() == 412) {
                    preconditionFailed.increment(); // the next read brings the current ETag
                } else if (write.statusCode() == 409) {
                    conflicts.increment();
                }
            }
        }

        /** Reads the bucket back once the load is over, retrying a failed read a few times. */
        Outcome verify() {
            for (int attempt = 0; attempt < 5; attempt++) {
                try {
                    HttpResponse<String> read = sendWithToken(HttpRequest.newBuilder(sessionUrl()).GET());
                    if (read.statusCode() == 200) {
                        long seen = sequenceIn(read.body());
                        Set<Long> chain = new HashSet<>();
                        for (long s = seen; s > 0 && writes.containsKey(s) && chain.add(s); ) {
                            s = writes.get(s).replaced();
                        }
                        lostWrites = writes.values().stream().filter(w -> w.acknowledged() && !chain.contains(w.seq())).count();
                        boolean kept = seen == acknowledged || (seen > acknowledged && unacknowledged.contains(seen));
                        if (!kept) {
                            BenchOutput.log("user " + number + ": last acknowledged write " + acknowledged + ", read back "
                                    + seen + " (" + read.body().length() + " bytes)");
                        }
                        return kept ? Outcome.KEPT : Outcome.LOST;
                    }
                    Thread.sleep(1000);
                } catch (IOException e) {
                    // read again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            lostWrites = writes.values().stream().filter(Write::acknowledged).count(); // none could be shown kept
            return Outcome.UNREADABLE;
        }

        /** Sends, counts it in the phase it completes in; null on a connection failure or timeout. */
        private HttpResponse<String> call(HttpRequest.Builder request) {
            HttpResponse<String> response = null;
            String failure = null;
            try {
                response = sendWithToken(request);
            } catch (IOException e) {
                failure = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long now = System.nanoTime();
            int phase = phaseNow(now);
            requests[phase].increment();
            if (response == null || response.statusCode() >= 500) {
                errors[phase].increment();
                String kind = PHASES[phase] + ": " + (response == null ? failure : "HTTP " + response.statusCode());
                errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
                if (phase == DOWN) {
                    lastDownError.accumulateAndGet(now, Math::max);
                }
            } else {
                ok[phase].increment();
            }
            return response;
        }

        /** Access tokens live 5 minutes: on a 401 this user refreshes (not counted) and sends again. */
        private HttpResponse<String> sendWithToken(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(request.copy().timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + access).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                JsonResponse tokens = web.refresh(refresh);
                if (tokens.status() == 200) {
                    tokenRefreshes.increment();
                    access = tokens.text("access_token");
                    refresh = tokens.text("refresh_token");
                    response = http.send(request.copy().timeout(TIMEOUT)
                            .header("Authorization", "Bearer " + access).build(), HttpResponse.BodyHandlers.ofString());
                }
            }
            return response;
        }

        private URI sessionUrl() {
            return URI.create(server.realmUrl() + "/sessions/session");
        }
    }

    /** The {@code seq} of the bucket in a session view; 0 for the empty bucket, -1 for anything else. */
    private static long sequenceIn(String view) {
        try {
            JsonNode bucket = JSON.readTree(view).path("data").path("MFAInputsBucket");
            if (bucket.isNull() || bucket.isObject() && bucket.isEmpty()) {
                return 0;
            }
            return bucket.path("seq").isIntegralNumber() ? bucket.path("seq").asLong() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private double elapsed(long nanos) {
        return (nanos - start) / 1e9;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static LongAdder[] adders() {
        return new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()};
    }
}
