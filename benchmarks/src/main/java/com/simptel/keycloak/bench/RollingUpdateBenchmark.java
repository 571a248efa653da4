package com.simptel.keycloak.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.NextRelease;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.harness.KeycloakCluster;
import com.simptel.keycloak.harness.MailText;
import com.simptel.keycloak.harness.ProviderJarCopy;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rolling update under load. Two nodes on PostgreSQL behind HAProxy; {@code bench.users} (50)
 * simulated users, each signed in with the JSON sign-in (authorization challenge endpoint, then the
 * token endpoint), loop: read their session, write their bucket with {@code If-Match}, every 5th
 * round refresh their tokens, every 10th make a second JSON sign-in and log that session out; a
 * pause of {@code bench.think} ms (200) between rounds. Then node 1 is updated to the next release
 * of the JAR (same classes, patch version one up): drained at the balancer, SIGTERM (graceful
 * shutdown), the JAR replaced and {@code kc.sh build} run, started, back in the cluster view and in
 * the balancer's rotation; then node 2 likewise. Each phase without an update lasts
 * {@code bench.phaseSeconds} (30).
 * <p>
 * Before each node's update, {@code bench.journeys} (5) registrations and as many recoveries start
 * over JSON and get their emailed code; while the node is down each recovery passes its code; once
 * the node is back every journey finishes (registration: the code; recovery: TOTP, new password)
 * and redeems its authorization code.
 * <p>
 * A request fails when its answer is not the one the step expects (a 5xx, a 4xx, a connection
 * failure, no answer within 30 s). Every bucket write names its user, a sequence number and the
 * sequence number of the bucket it replaced (from the read whose ETag it sends): at the end each
 * user reads its bucket back, and {@link WriteLedger} (shared with {@link FailoverBenchmark}) counts
 * per write: an acknowledged write (200) outside the chain of "replaced" links from that bucket back
 * to the empty one is lost; a write without an answer that is in the chain was applied
 * unacknowledged ("maybe applied").
 * Run with {@code ./bench.sh rolling-update}; the last line is machine-readable.
 */
public final class RollingUpdateBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern CODE_LINE = Pattern.compile("(?m)^\\s*(\\d{6,10})\\s*$");
    private static final String APP = "simptel-app";
    private static final String[] PHASES = {"both on the old JAR", "node1 updating", "node1 new, node2 old",
            "node2 updating", "both on the new JAR"};

    private final int userCount = Integer.getInteger("bench.users", 50);
    private final int phaseSeconds = Integer.getInteger("bench.phaseSeconds", 30);
    private final int journeyCount = Integer.getInteger("bench.journeys", 5);
    private final int thinkMillis = Integer.getInteger("bench.think", 200);

    private final LongAdder[] requests = adders();
    private final LongAdder[] failed = adders();
    private final long[] phaseStart = new long[PHASES.length + 1];
    private final List<Map<String, LongAdder>> failures = new ArrayList<>();
    private final LongAdder tokenRefreshes = new LongAdder();
    private final LongAdder signIns = new LongAdder();
    private final AtomicInteger journeyNumber = new AtomicInteger();

    private volatile int phase;
    private volatile boolean running = true;
    private SimptelServer server;
    private String realmUrl;

    public static void main(String[] args) throws Exception {
        new RollingUpdateBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        for (int p = 0; p < PHASES.length; p++) {
            failures.add(new ConcurrentSkipListMap<>());
        }
        BenchOutput.log("Starting the cluster: PostgreSQL (durable defaults), two Keycloak nodes, HAProxy ...");
        long t0 = System.nanoTime();
        try (SimptelServer started = SimptelServer.startStandalone(); TestUsers testUsers = new TestUsers(started)) {
            server = started;
            realmUrl = server.realmUrl();
            KeycloakCluster cluster = server.cluster();
            Path next = NextRelease.jar();
            BenchOutput.log("Ready after " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s, load balancer "
                    + server.baseUrl() + "; JAR " + ProviderJarCopy.versionOf(NextRelease.current()) + " -> "
                    + ProviderJarCopy.versionOf(next));
            BenchOutput.log(String.format(Locale.ROOT, "users=%d, think %d ms, %d s per steady phase, %d registrations and %d"
                            + " recoveries across each node's update, shutdown %s, cores=%d, load before: %s",
                    userCount, thinkMillis, phaseSeconds, journeyCount, journeyCount, KeycloakCluster.SHUTDOWN_OPTIONS,
                    Runtime.getRuntime().availableProcessors(), BenchOutput.loadAverage()));

            List<SimulatedUser> users = new ArrayList<>();
            for (int i = 0; i < userCount; i++) {
                users.add(new SimulatedUser(i, testUsers.create("roll")));
            }
            List<TestUsers.TestUser> recovering = new ArrayList<>();
            for (int i = 0; i < 2 * journeyCount; i++) {
                recovering.add(testUsers.user("rollrec").withTotp().create());
            }

            ExecutorService pool = Executors.newFixedThreadPool(userCount);
            List<Journey> journeys = new ArrayList<>();
            try {
                phaseStart[0] = System.nanoTime();
                List<Future<?>> loops = new ArrayList<>();
                for (SimulatedUser user : users) {
                    loops.add(pool.submit(user::loop));
                }
                Thread.sleep(TimeUnit.SECONDS.toMillis(phaseSeconds)); // the phase's measuring window, under load
                for (int n = 1; n <= 2; n++) {
                    KeycloakCluster.Node node = cluster.node(n);
                    List<Journey> carried = startJourneys(recovering.subList((n - 1) * journeyCount, n * journeyCount));
                    journeys.addAll(carried);
                    enter(2 * n - 1);
                    long updateStart = System.nanoTime();
                    cluster.stop(node);
                    long stopped = System.nanoTime();
                    for (Journey j : carried) {
                        j.whileDown();
                    }
                    cluster.installProvider(node, next);
                    long built = System.nanoTime();
                    cluster.restart(node);
                    long up = System.nanoTime();
                    BenchOutput.log(String.format(Locale.ROOT, "%s: drained and stopped in %.1f s (SIGTERM), JAR %s built in %.1f s,"
                                    + " started and in rotation in %.1f s", node.name(), (stopped - updateStart) / 1e9,
                            ProviderJarCopy.versionOf(node.providerJar()), (built - stopped) / 1e9, (up - built) / 1e9));
                    enter(2 * n);
                    for (Journey j : carried) {
                        j.finish(n);
                    }
                    Thread.sleep(TimeUnit.SECONDS.toMillis(phaseSeconds)); // the next phase's measuring window
                }
            } finally {
                running = false;
                phaseStart[PHASES.length] = System.nanoTime();
                pool.shutdown();
                if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
                    pool.shutdownNow();
                }
            }
            BenchOutput.log("Load stopped; every user reads its bucket back");
            WriteLedger.Verdict writes = WriteLedger.Verdict.NONE;
            int unreadable = 0;
            for (SimulatedUser user : users) {
                WriteLedger.Verdict v = user.verify();
                writes = writes.plus(v);
                unreadable += v.readable() ? 0 : 1;
            }
            BenchOutput.log("Load after: " + BenchOutput.loadAverage());
            // a sign-in refused as "temporarily disabled" needs the brute-force detector's own record to explain it
            server.realm().getEvents(List.of("USER_DISABLED_BY_TEMPORARY_LOCKOUT", "LOGIN_ERROR"), null, null, null, null, null, 0, 100)
                    .forEach(e -> BenchOutput.log("event " + e.getType() + " user " + e.getUserId() + " at " + e.getTime()
                            + " error " + e.getError() + " " + e.getDetails()));
            report(journeys, writes, unreadable);
        }
    }

    private synchronized void enter(int p) {
        phaseStart[p] = System.nanoTime();
        phase = p;
        BenchOutput.log(String.format(Locale.ROOT, "%.1f s: %s", (phaseStart[p] - phaseStart[0]) / 1e9, PHASES[p]));
    }

    private List<Journey> startJourneys(List<TestUsers.TestUser> recovering) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Journey>> started = new ArrayList<>();
            for (int i = 0; i < journeyCount; i++) {
                started.add(pool.submit(() -> new Journey(null).start()));
                TestUsers.TestUser user = recovering.get(i);
                started.add(pool.submit(() -> new Journey(user).start()));
            }
            List<Journey> journeys = new ArrayList<>();
            for (Future<Journey> f : started) {
                journeys.add(f.get(2, TimeUnit.MINUTES));
            }
            return journeys;
        } finally {
            pool.shutdownNow();
        }
    }

    private void report(List<Journey> journeys, WriteLedger.Verdict writes, int unreadable) {
        System.out.println();
        System.out.println("| phase | seconds | requests | failed | ok req/s | failed by status |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        long allRequests = 0;
        long allFailed = 0;
        for (int p = 0; p < PHASES.length; p++) {
            double seconds = (phaseStart[p + 1] - phaseStart[p]) / 1e9;
            long n = requests[p].sum();
            long f = failed[p].sum();
            allRequests += n;
            allFailed += f;
            StringBuilder kinds = new StringBuilder();
            failures.get(p).forEach((kind, count) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(kind)
                    .append(": ").append(count.sum()));
            System.out.printf(Locale.ROOT, "| %s | %.1f | %d | %d | %.1f | %s |%n", PHASES[p], seconds, n, f,
                    (n - f) / seconds, kinds.length() == 0 ? "none" : kinds);
        }
        System.out.println();
        int finished = 0;
        int carried = 0;
        for (int n = 1; n <= 2; n++) {
            int node = n;
            List<Journey> of = journeys.stream().filter(j -> j.update == node).toList();
            long ok = of.stream().filter(j -> j.finished).count();
            long across = of.stream().filter(j -> j.finished && j.startedAt < j.updateStartedAt && j.finishedAt > j.updateEndedAt).count();
            finished += (int) ok;
            carried += (int) across;
            System.out.printf(Locale.ROOT, "Journeys across node%d's update: %d started before it (%d registrations, %d recoveries),"
                            + " %d finished, %d of them after it%n", n, of.size(), of.stream().filter(j -> j.user == null).count(),
                    of.stream().filter(j -> j.user != null).count(), ok, across);
        }
        journeys.stream().filter(j -> !j.finished).forEach(j -> System.out.println("Journey not finished: " + j.trouble));
        System.out.printf(Locale.ROOT, "Bucket writes acknowledged (200): %d; lost: %d (target 0); applied without an answer: %d;"
                + " refused but kept: %d; token refreshes: %d; extra JSON sign-ins: %d%s%n", writes.acknowledged(), writes.lost(),
                writes.maybeApplied(), writes.refusedButKept(), tokenRefreshes.sum(), signIns.sum(),
                unreadable == 0 ? "" : "; " + unreadable + " buckets could not be read back");
        System.out.printf(Locale.ROOT, "rolling-update: failed=%d requests=%d lost_writes=%d acknowledged_writes=%d maybe_applied=%d"
                        + " refused_but_kept=%d unreadable=%d journeys=%d journeys_finished=%d journeys_across_update=%d"
                        + " failed_by_phase=%s%n",
                allFailed, allRequests, writes.lost(), writes.acknowledged(), writes.maybeApplied(), writes.refusedButKept(),
                unreadable, journeys.size(), finished, carried,
                String.join("/", Arrays.stream(failed).map(a -> Long.toString(a.sum())).toList()));
    }

    /**
     * Sends a request and counts it in the phase it completes in; a failure when the answer is not
     * one of {@code expected}. Returns null without an answer.
     */
    private HttpResponse<String> call(HttpClient http, String step, HttpRequest request, Set<Integer> expected) {
        HttpResponse<String> response = null;
        String failure = null;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            failure = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        int p = phase;
        requests[p].increment();
        if (response == null || !expected.contains(response.statusCode())) {
            failed[p].increment();
            String kind = step + " " + (response == null ? failure : response.statusCode());
            failures.get(p).computeIfAbsent(kind, k -> new LongAdder()).increment();
            if (response != null && failures.get(p).get(kind).sum() <= 3) {
                BenchOutput.log(PHASES[p] + ": " + kind + " " + response.body().substring(0, Math.min(300, response.body().length())));
            }
        }
        return response;
    }

    private HttpRequest.Builder form(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A JSON sign-in: the challenge endpoint answers a code, the token endpoint redeems it; the token answer or null. */
    private JsonNode signIn(HttpClient http, String username, String password) {
        Pkce pkce = Pkce.s256();
        HttpResponse<String> code = call(http, "sign-in", form(realmUrl + "/authorization-challenge", "client_id=" + APP
                + "&username=" + enc(username) + "&password=" + enc(password) + "&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256").build(), Set.of(200));
        return code == null || code.statusCode() != 200 ? null : redeem(http, read(code).path("authorization_code").asText(), pkce);
    }

    private JsonNode redeem(HttpClient http, String code, Pkce pkce) {
        HttpResponse<String> tokens = call(http, "token", form(realmUrl + "/protocol/openid-connect/token",
                "grant_type=authorization_code&client_id=" + APP + "&code=" + enc(code) + "&code_verifier=" + pkce.verifier())
                .build(), Set.of(200));
        return tokens == null || tokens.statusCode() != 200 ? null : read(tokens);
    }

    private static JsonNode read(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** One signed-in user with its own connection, session and bucket. */
    private final class SimulatedUser {
        private final int number;
        private final TestUsers.TestUser account;
        private final HttpClient http = client();
        private final WriteLedger writes = new WriteLedger();
        private String access;
        private String refresh;

        SimulatedUser(int number, TestUsers.TestUser account) {
            this.number = number;
            this.account = account;
            JsonNode tokens = signIn(http, account.username(), account.password());
            if (tokens == null) {
                throw new IllegalStateException("JSON sign-in failed for " + account.username());
            }
            access = tokens.path("access_token").asText();
            refresh = tokens.path("refresh_token").asText();
        }

        void loop() {
            for (long round = 1; running; round++) {
                HttpResponse<String> view = call(http, "read", authorized(sessionUrl()).GET().build(), Set.of(200));
                if (view != null && view.statusCode() == 200 && running) {
                    String etag = view.headers().firstValue("ETag").orElse(null);
                    long replaced = WriteLedger.readBack(view.body());
                    long seq = writes.next();
                    HttpResponse<String> written = call(http, "write", authorized(URI.create(realmUrl + "/sessions/bucket"))
                            .header("Content-Type", "application/json").header("If-Match", etag)
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"user\":" + number + ",\"seq\":" + seq
                                    + ",\"replaced\":" + replaced + "}")).build(), Set.of(200));
                    writes.record(seq, replaced, written == null ? WriteLedger.NO_ANSWER : written.statusCode());
                }
                if (round % 5 == 0 && running) {
                    refreshTokens();
                }
                if (round % 10 == 3 && running) {
                    secondSignIn();
                }
                pause();
            }
        }

        private void refreshTokens() {
            HttpResponse<String> tokens = call(http, "refresh", form(realmUrl + "/protocol/openid-connect/token",
                    "grant_type=refresh_token&client_id=" + APP + "&refresh_token=" + enc(refresh)).build(), Set.of(200));
            if (tokens != null && tokens.statusCode() == 200) {
                JsonNode body = read(tokens);
                access = body.path("access_token").asText();
                refresh = body.path("refresh_token").asText();
                tokenRefreshes.increment();
            }
        }

        /** Another device of the same user: a JSON sign-in, then that session logs itself out. */
        private void secondSignIn() {
            JsonNode tokens = signIn(http, account.username(), account.password());
            if (tokens != null) {
                signIns.increment();
                call(http, "logout", HttpRequest.newBuilder(sessionUrl()).timeout(TIMEOUT)
                        .header("Authorization", "Bearer " + tokens.path("access_token").asText()).DELETE().build(), Set.of(204));
            }
        }

        private HttpRequest.Builder authorized(URI uri) {
            return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Authorization", "Bearer " + access);
        }

        private URI sessionUrl() {
            return URI.create(realmUrl + "/sessions/session");
        }

        private void pause() {
            try {
                Thread.sleep(thinkMillis); // a user's think time: shapes the load, nothing waits on it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }

        /** The bucket read back now, and what it says about every write ({@link WriteLedger}). */
        WriteLedger.Verdict verify() {
            HttpResponse<String> view;
            try {
                // the session view answering 200 is the signal: a node may still be taking the session over
                view = Await.until("user " + number + "'s session view answers 200", Duration.ofSeconds(30),
                        this::readView, r -> r != null && r.statusCode() == 200);
            } catch (AssertionError unreadable) {
                return writes.unreadable();
            }
            WriteLedger.Verdict verdict = writes.verify(WriteLedger.readBack(view.body()));
            if (verdict.lost() > 0 || !verdict.explained()) {
                BenchOutput.log("user " + number + ": bucket read back " + view.body().length() + " bytes, " + verdict);
            }
            return verdict;
        }

        /** The session view, or null when the request got no answer. */
        private HttpResponse<String> readView() {
            try {
                return http.send(authorized(sessionUrl()).GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** A registration ({@code user} null) or a recovery of {@code user} over JSON, across one node's update. */
    private final class Journey {
        private final TestUsers.TestUser user;
        private final HttpClient http = client();
        private final Pkce pkce = Pkce.s256();
        private final String address;
        private String handle;
        private String emailCode;
        private int update;
        private long startedAt;
        private long updateStartedAt;
        private long updateEndedAt;
        private long finishedAt;
        private boolean finished;
        private boolean codePassed;
        private String trouble = "";

        Journey(TestUsers.TestUser user) {
            this.user = user;
            int n = journeyNumber.incrementAndGet();
            this.address = user != null ? user.email() : "rollreg" + n + "-" + System.nanoTime() + "@simptel.local";
        }

        /** First request; the emailed code. */
        Journey start() {
            startedAt = System.nanoTime();
            String first = user == null
                    ? "flow=registration&username=" + enc(address.substring(0, address.indexOf('@'))) + "&email=" + enc(address)
                    + "&password=" + enc("Rolling-update-1") + "&given_name=Roll&family_name=Update"
                    : "flow=account_recovery&username=" + enc(user.email());
            JsonNode answer = step("journey start", "client_id=" + APP + "&code_challenge=" + pkce.challenge()
                    + "&code_challenge_method=S256&" + first, "email_code");
            if (answer != null) {
                emailCode = mailedCode();
            }
            return this;
        }

        /** While the node is down: a recovery passes its emailed code. */
        void whileDown() {
            if (user != null && emailCode != null) {
                codePassed = step("journey code", "email_code=" + emailCode, "otp") != null;
            }
        }

        /** Once the node is back: every step left, then the authorization code is redeemed. */
        void finish(int node) {
            update = node;
            updateStartedAt = phaseStart[2 * node - 1];
            updateEndedAt = phaseStart[2 * node];
            if (emailCode == null) {
                return;
            }
            JsonNode done;
            if (user == null) {
                done = step("journey code", "email_code=" + emailCode, null);
            } else {
                if (!codePassed && step("journey code", "email_code=" + emailCode, "otp") == null) {
                    return;
                }
                if (step("journey otp", "otp=" + user.totp().now(), "new_password") == null) {
                    return;
                }
                done = step("journey new password", "new_password=" + enc("Rolled-over-" + System.nanoTime()), null);
            }
            if (done != null && redeem(http, done.path("authorization_code").asText(), pkce) != null) {
                finished = true;
                finishedAt = System.nanoTime();
            } else if (trouble.isEmpty()) {
                trouble = address + ": the code was not redeemed";
            }
        }

        /** One request of the journey: 403 naming {@code next}, or 200 with a code when {@code next} is null. */
        private JsonNode step(String name, String params, String next) {
            String body = handle == null ? params : "client_id=" + APP + "&auth_session=" + enc(handle) + "&" + params;
            HttpResponse<String> answer = call(http, name, form(realmUrl + "/authorization-challenge", body).build(),
                    Set.of(next == null ? 200 : 403));
            if (answer == null) {
                trouble = address + ": " + name + " had no answer";
                return null;
            }
            JsonNode json = read(answer);
            boolean expected = next == null ? answer.statusCode() == 200 : next.equals(json.path("next").asText());
            if (!expected) {
                trouble = address + ": " + name + " answered " + answer.statusCode() + " " + answer.body();
                return null;
            }
            if (json.hasNonNull("auth_session")) {
                handle = json.path("auth_session").asText();
            }
            return json;
        }

        private String mailedCode() {
            try {
                List<MimeMessage> mails = server.mail().awaitMessagesTo(address, 1, Duration.ofSeconds(60));
                Matcher m = CODE_LINE.matcher(MailText.of(mails.get(0)).plain());
                if (m.find()) {
                    return m.group(1);
                }
                trouble = address + ": no code in the mail";
            } catch (RuntimeException | AssertionError e) {
                trouble = address + ": no mail (" + e.getMessage() + ")";
            }
            return null;
        }
    }

    private static LongAdder[] adders() {
        LongAdder[] adders = new LongAdder[PHASES.length];
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
