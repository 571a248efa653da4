package com.simptel.keycloak.bench;

import com.simptel.keycloak.it.support.Await;
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
 * thread of its own while the load goes on ("restarting"), and the "rejoined" phase begins once it
 * is back in the cluster view (it lasts at least 30 s however long the start took). At the end every
 * user reads its bucket back.
 * <p>
 * An error is any answer but the ones a request is about (a read: 200; a write: 200, or 412/409,
 * which the API answers when a write must be read again or retried), a connection failure or a
 * timeout (10 s). A 401 makes the user refresh its tokens and send again; when the refresh is refused
 * the session is gone: an error, counted as a lost session, and that user stops. {@code recovery_s}
 * is the time from the kill to the last error before the node's restart begins.
 * <p>
 * Lost writes are counted per acknowledged write by {@link WriteLedger} (shared with
 * {@link RollingUpdateBenchmark}): every write names its user's sequence number and the one of the
 * bucket whose ETag it sent; a write answered 200 is kept when it is what its user reads back at the
 * end or a later applied write of that user replaced it, else lost; a write without an answer or
 * answered 412 (a resend of a write the dying node had applied) found in that chain was "maybe
 * applied", not lost. Reads during the run that show an older write than the last acknowledged one
 * are counted as stale reads. Run with {@code ./bench.sh failover}; the last line is machine-readable.
 */
public final class FailoverBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long MIN_REJOINED_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int UP = 0;
    private static final int DOWN = 1;
    private static final int RESTARTING = 2;
    private static final int REJOINED = 3;
    private static final String[] PHASES = {"both up", "one down", "restarting", "rejoined"};
    private static final Set<Integer> READ_ANSWERS = Set.of(200);
    private static final Set<Integer> WRITE_ANSWERS = Set.of(200, 409, 412);

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
    private final LongAdder lostSessions = new LongAdder();
    private final Map<String, LongAdder> errorKinds = new ConcurrentSkipListMap<>();
    private final AtomicLong lastDownError = new AtomicLong(Long.MIN_VALUE);

    private volatile int inFlightAtKill;
    private volatile long start;
    private volatile long killedAt = Long.MAX_VALUE;
    private volatile long restartBeganAt = Long.MAX_VALUE;
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
                restartBeganAt = System.nanoTime();
                BenchOutput.log(String.format(Locale.ROOT, "%.1f s: starting %s again", elapsed(restartBeganAt), victim.name()));
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

            WriteLedger.Verdict writes = WriteLedger.Verdict.NONE;
            int usersWithLoss = 0;
            int unreadable = 0;
            for (SimulatedUser user : users) {
                WriteLedger.Verdict verdict = user.verify();
                writes = writes.plus(verdict);
                usersWithLoss += verdict.lost() > 0 ? 1 : 0;
                unreadable += verdict.readable() ? 0 : 1;
            }
            BenchOutput.log("Load after: " + BenchOutput.loadAverage());
            report(writes, usersWithLoss, unreadable);
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

    private void report(WriteLedger.Verdict writes, int usersWithLoss, int unreadable) {
        long[] phaseNanos = {killedAt - start, restartBeganAt - killedAt, rejoinedAt - restartBeganAt, end - rejoinedAt};
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
        System.out.printf(Locale.ROOT, "Errors stopped %.1f s after the kill (the last error before the restart began).%n", recovery);
        System.out.printf(Locale.ROOT, "Requests in flight on the killed node at the SIGKILL (HAProxy's count just before it): %d;"
                + " errors in the one-down phase: %d (allowed: at most those in flight)%n", inFlightAtKill, errors[DOWN].sum());
        System.out.printf(Locale.ROOT, "412 answers (re-read and went on): %d; 409 answers: %d; stale reads: %d;"
                + " token refreshes: %d; sessions lost (a refresh refused after a 401): %d%n", preconditionFailed.sum(),
                conflicts.sum(), staleReads.sum(), tokenRefreshes.sum(), lostSessions.sum());
        System.out.printf(Locale.ROOT, "Acknowledged writes lost: %d of %d (per write, target 0); users with a lost write: %d of %d;"
                        + " maybe applied (no answer or 412, yet kept): %d; refused but kept: %d%s%n", writes.lost(),
                writes.acknowledged(), usersWithLoss, userCount, writes.maybeApplied(), writes.refusedButKept(),
                unreadable == 0 ? "" : "; " + unreadable + " buckets could not be read back (their acknowledged writes count as lost)");
        System.out.printf(Locale.ROOT, "failover: lost=%d unreadable=%d errors_up=%d errors_down=%d errors_restarting=%d"
                        + " errors_rejoined=%d recovery_s=%.1f rps_up=%.1f rps_down=%.1f rps_restarting=%.1f rps_rejoined=%.1f"
                        + " stale_reads=%d in_flight_at_kill=%d lost_writes=%d acknowledged_writes=%d maybe_applied=%d"
                        + " refused_but_kept=%d lost_sessions=%d%n",
                usersWithLoss, unreadable, errors[UP].sum(), errors[DOWN].sum(), errors[RESTARTING].sum(), errors[REJOINED].sum(),
                recovery, rps(UP, phaseNanos[UP]), rps(DOWN, phaseNanos[DOWN]), rps(RESTARTING, phaseNanos[RESTARTING]),
                rps(REJOINED, phaseNanos[REJOINED]), staleReads.sum(), inFlightAtKill, writes.lost(), writes.acknowledged(),
                writes.maybeApplied(), writes.refusedButKept(), lostSessions.sum());
    }

    private double rps(int phase, long nanos) {
        return nanos <= 0 ? 0.0 : ok[phase].sum() / (nanos / 1e9);
    }

    /** The phase a request that completes now counts in. */
    private int phaseNow(long now) {
        return now < killedAt ? UP : now < restartBeganAt ? DOWN : now < rejoinedAt ? RESTARTING : REJOINED;
    }

    /** One signed-in user with its own connection, session and bucket. */
    private final class SimulatedUser {
        private final int number;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT).build();
        private final WriteLedger writes = new WriteLedger();
        private String access;
        private String refresh;
        /** The ETag the next write sends, and the write it belongs to (the bucket that write replaces). */
        private String etag;
        private long etagSeq;
        private boolean sessionGone;

        SimulatedUser(int number, JsonResponse tokens) {
            if (tokens.status() != 200) {
                throw new IllegalStateException("Sign-in failed: " + tokens);
            }
            this.number = number;
            this.access = tokens.text("access_token");
            this.refresh = tokens.text("refresh_token");
        }

        void loop() {
            while (System.nanoTime() < end && !sessionGone) {
                HttpResponse<String> read = call(HttpRequest.newBuilder(sessionUrl()).GET(), READ_ANSWERS);
                if (read != null && read.statusCode() == 200) {
                    etag = read.headers().firstValue("ETag").orElse(null);
                    etagSeq = WriteLedger.readBack(read.body());
                    if (etagSeq < writes.lastAcknowledged()) {
                        staleReads.increment();
                    }
                }
                if (etag == null || sessionGone || System.nanoTime() >= end) {
                    continue;
                }
                long seq = writes.next();
                HttpResponse<String> write = call(HttpRequest.newBuilder(URI.create(server.realmUrl() + "/sessions/bucket"))
                        .header("Content-Type", "application/json").header("If-Match", etag)
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"user\":" + number + ",\"seq\":" + seq
                                + ",\"replaced\":" + etagSeq + ",\"inputs\":{\"otpSent\":true}}")), WRITE_ANSWERS);
                writes.record(seq, etagSeq, write == null ? WriteLedger.NO_ANSWER : write.statusCode());
                if (write == null) {
                    continue;
                }
                if (write.statusCode() == 200) {
                    etag = write.headers().firstValue("ETag").orElse(null);
                    etagSeq = seq;
                } else if (write.statusCode() == 412) {
                    preconditionFailed.increment(); // the next read brings the current ETag
                } else if (write.statusCode() == 409) {
                    conflicts.increment();
                }
            }
        }

        /** Reads the bucket back once the load is over (polling while no node answers 200), and counts per write. */
        WriteLedger.Verdict verify() {
            HttpResponse<String> view;
            try {
                view = Await.until("user " + number + "'s session view answers 200", Duration.ofSeconds(30),
                        this::readView, r -> sessionGone || r != null && r.statusCode() == 200);
            } catch (AssertionError unreadable) {
                BenchOutput.log("user " + number + ": the bucket could not be read back");
                return writes.unreadable();
            }
            if (view == null || view.statusCode() != 200) {
                BenchOutput.log("user " + number + ": the session is gone; " + writes.acknowledged() + " acknowledged writes with it");
                return writes.unreadable();
            }
            WriteLedger.Verdict verdict = writes.verify(WriteLedger.readBack(view.body()));
            if (verdict.lost() > 0 || !verdict.explained()) {
                BenchOutput.log("user " + number + ": last acknowledged write " + writes.lastAcknowledged() + ", read back "
                        + WriteLedger.readBack(view.body()) + " (" + view.body().length() + " bytes): " + verdict);
            }
            return verdict;
        }

        private HttpResponse<String> readView() {
            try {
                return sendWithToken(HttpRequest.newBuilder(sessionUrl()).GET());
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /**
         * Sends, counts it in the phase it completes in, an error unless its status is one of
         * {@code expected}; null on a connection failure or timeout.
         */
        private HttpResponse<String> call(HttpRequest.Builder request, Set<Integer> expected) {
            HttpResponse<String> response = null;
            String failure = null;
            try {
                response = sendWithToken(request);
            } catch (IOException e) {
                failure = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
            }
            long now = System.nanoTime();
            int phase = phaseNow(now);
            requests[phase].increment();
            if (response == null || !expected.contains(response.statusCode())) {
                errors[phase].increment();
                String kind = PHASES[phase] + ": " + (response == null ? failure : "HTTP " + response.statusCode()
                        + (sessionGone ? " (session gone)" : ""));
                errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
                if (phase == DOWN) {
                    lastDownError.accumulateAndGet(now, Math::max);
                }
            } else {
                ok[phase].increment();
            }
            return response;
        }

        /**
         * Access tokens live 5 minutes: on a 401 this user refreshes (not counted) and sends again. A
         * refresh refused with 400 means the session is gone: the 401 stands and the user stops.
         */
        private HttpResponse<String> sendWithToken(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(request.copy().timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + access).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                JsonResponse tokens;
                try {
                    tokens = web.refresh(refresh);
                } catch (RuntimeException noAnswer) {
                    return response; // the refresh got no answer: this request's 401 is its error, the user goes on
                }
                if (tokens.status() == 200) {
                    tokenRefreshes.increment();
                    access = tokens.text("access_token");
                    refresh = tokens.text("refresh_token");
                    response = http.send(request.copy().timeout(TIMEOUT)
                            .header("Authorization", "Bearer " + access).build(), HttpResponse.BodyHandlers.ofString());
                } else if (tokens.status() == 400 && !sessionGone) {
                    sessionGone = true;
                    lostSessions.increment();
                    BenchOutput.log(String.format(Locale.ROOT, "%.1f s: user %d's session is gone (refresh answered %s)",
                            elapsed(System.nanoTime()), number, tokens));
                }
            }
            return response;
        }

        private URI sessionUrl() {
            return URI.create(server.realmUrl() + "/sessions/session");
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
        return new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    }
}
