package com.simptel.keycloak.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.SimptelServer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Completed sign-ins per second, one server, one run, the same users and client threads on both sides:
 * <ul>
 *   <li>JSON: {@code POST /authorization-challenge} (username, password, PKCE) and the code at the token
 *   endpoint, as the first-party app {@code simptel-app} does (2 requests per sign-in);</li>
 *   <li>HTML: the browser flow as a browser does it for {@code simptel-spa}: the authorization URL (the
 *   login page), the login form post (redirect with the code), the code at the token endpoint (3).</li>
 * </ul>
 * A sign-in counts when the token endpoint answered 200. Alternating rounds (A B B A ...) so load drift
 * hits both sides alike. Options as {@link SessionsBenchmark}; run with {@code ./bench.sh first-party}.
 */
public final class FirstPartyBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int threads = Integer.getInteger("bench.threads", 4);
    private final int seconds = Integer.getInteger("bench.seconds", 8);
    private final int rounds = Integer.getInteger("bench.rounds", 4);
    private final int warmup = Integer.getInteger("bench.warmup", 5);

    public static void main(String[] args) throws Exception {
        new FirstPartyBenchmark().run();
        System.exit(0);
    }

    /** One complete sign-in by one thread's user; returns the requests it took, or -1 when it failed. */
    private interface SignIn {
        int run(HttpClient http, TestUsers.TestUser user) throws Exception;
    }

    private void run() throws Exception {
        BenchOutput.log("Starting Keycloak with the providers JAR (one server for the whole run) ...");
        try (SimptelServer server = SimptelServer.startStandalone(); TestUsers testUsers = new TestUsers(server)) {
            BenchOutput.log(String.format(Locale.ROOT, "threads=%d (one user each), %d rounds x %d s per side, warm-up %d s, cores=%d,"
                    + " load before: %s", threads, rounds, seconds, warmup, Runtime.getRuntime().availableProcessors(), BenchOutput.loadAverage()));
            List<TestUsers.TestUser> users = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                users.add(testUsers.create("bench"));
            }
            String challengeUrl = server.realmUrl() + "/authorization-challenge";
            String tokenUrl = server.oidcEndpoint("token");
            OidcClient spa = OidcClient.spa(server);

            SignIn json = (http, user) -> {
                Pkce pkce = Pkce.s256();
                HttpResponse<String> code = http.send(post(challengeUrl, "client_id=simptel-app&username=" + enc(user.username())
                        + "&password=" + enc(user.password()) + "&code_challenge=" + pkce.challenge()
                        + "&code_challenge_method=S256"), HttpResponse.BodyHandlers.ofString());
                if (code.statusCode() != 200) {
                    return -1;
                }
                String authorizationCode = JSON.readTree(code.body()).path("authorization_code").asText();
                HttpResponse<String> tokens = http.send(post(tokenUrl, "grant_type=authorization_code&client_id=simptel-app&code="
                        + enc(authorizationCode) + "&code_verifier=" + pkce.verifier()), HttpResponse.BodyHandlers.ofString());
                return tokens.statusCode() == 200 ? 2 : -1;
            };
            SignIn html = (http, user) -> {
                JsonResponse tokens = spa.login(new HttpBrowser(server.baseUrl()), user.username(), user.password());
                return tokens.status() == 200 ? 3 : -1;
            };

            Side a = new Side("JSON: challenge + token", json);
            Side b = new Side("HTML: login page + form + token", html);
            measure(a, users, warmup);
            measure(b, users, warmup);
            for (int round = 0; round < rounds; round++) {
                boolean aFirst = round % 2 == 0;
                (aFirst ? a : b).add(measure(aFirst ? a : b, users, seconds));
                (aFirst ? b : a).add(measure(aFirst ? b : a, users, seconds));
            }
            BenchOutput.log("Load after: " + BenchOutput.loadAverage());
            System.out.println();
            System.out.println("| sign-in | completed | per second | requests per sign-in | failed |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (Side side : List.of(a, b)) {
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %d |%n", side.name, side.completed,
                        side.perSecond(), side.completed == 0 ? 0.0 : (double) side.requests / side.completed, side.failed);
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "JSON / HTML = %.2fx completed sign-ins per second (target >= 1.0x)%n",
                    a.perSecond() / b.perSecond());
        }
    }

    private long[] measure(Side side, List<TestUsers.TestUser> users, int durationSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds + 1);
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                TestUsers.TestUser user = users.get(t);
                futures.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(10)).build();
                    long[] counts = new long[3]; // completed, requests, failed
                    start.await();
                    while (System.nanoTime() < deadline) {
                        int requests;
                        try {
                            requests = side.signIn.run(http, user);
                        } catch (RuntimeException | AssertionError e) {
                            requests = -1;
                        }
                        if (requests < 0) {
                            counts[2]++;
                        } else {
                            counts[0]++;
                            counts[1] += requests;
                        }
                    }
                    return counts;
                }));
            }
            long begin = System.nanoTime();
            start.countDown();
            long[] total = new long[4];
            for (Future<long[]> f : futures) {
                long[] counts = f.get(durationSeconds + 120L, TimeUnit.SECONDS);
                for (int i = 0; i < 3; i++) {
                    total[i] += counts[i];
                }
            }
            total[3] = System.nanoTime() - begin;
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static final class Side {
        final String name;
        final SignIn signIn;
        long completed;
        long requests;
        long failed;
        long nanos;

        Side(String name, SignIn signIn) {
            this.name = name;
            this.signIn = signIn;
        }

        void add(long[] total) {
            completed += total[0];
            requests += total[1];
            failed += total[2];
            nanos += total[3];
        }

        double perSecond() {
            return completed / (nanos / 1e9);
        }
    }

    private static HttpRequest post(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
