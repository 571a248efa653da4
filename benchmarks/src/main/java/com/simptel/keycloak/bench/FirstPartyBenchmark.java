package com.simptel.keycloak.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.RealmFixtures;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Completed sign-ins per second, one server, one run, the same users and client threads on every side:
 * <ul>
 *   <li>JSON: {@code POST /authorization-challenge} (username, password, PKCE) and the code at the token
 *   endpoint, as the first-party app {@code simptel-app} does;</li>
 *   <li>HTML: the browser flow as a browser does it for {@code simptel-spa}: the authorization URL (the
 *   login page), the login form post (redirect with the code), the code at the token endpoint;</li>
 *   <li>password grant: Keycloak's cheapest password sign-in, {@code grant_type=password} on a
 *   benchmark client made for the run. The realm's OAuth 2.1 client policy refuses that grant, so it
 *   is paused while the client is made and during the password-grant rounds only.</li>
 * </ul>
 * Every sign-in is a fresh app or browser: a new HTTP client (new connections, no cookies), on every
 * side alike, and the run prints that policy. Requests per sign-in are counted as each side's client
 * sends them (redirects the browser follows included), never assumed. A sign-in counts when the token endpoint
 * answered 200 with an access token; anything else is a failure and fails the run. Alternating rounds
 * so load drift hits every side alike. Options as {@link SessionsBenchmark}; run with
 * {@code ./bench.sh first-party}.
 */
public final class FirstPartyBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every side's connection policy, printed with the figures. */
    private static final String CONNECTION_POLICY = "a new HTTP client per sign-in on every side (new connections, kept"
            + " within the sign-in only; no cookies from one sign-in to the next; the JDK client's default HTTP version, as the"
            + " HTML side's HttpBrowser)";

    private final int threads = Integer.getInteger("bench.threads", 4);
    private final int seconds = Integer.getInteger("bench.seconds", 8);
    private final int rounds = Integer.getInteger("bench.rounds", 4);
    private final int warmup = Integer.getInteger("bench.warmup", 5);

    public static void main(String[] args) throws Exception {
        int status = new FirstPartyBenchmark().run();
        System.exit(status);
    }

    /** One complete sign-in by one thread's user; returns the requests it sent, or throws {@link Failed}. */
    private interface SignIn {
        int run(TestUsers.TestUser user) throws Exception;
    }

    /** A sign-in that did not end with tokens, and why (the status and start of the answer). */
    private static final class Failed extends Exception {
        Failed(String why) {
            super(why, null, false, false);
        }

        static Failed of(String step, int status, String body) {
            return new Failed(step + " " + status + " " + (body == null ? "" : body.substring(0, Math.min(80, body.length()))));
        }
    }

    private int run() throws Exception {
        BenchOutput.log("Starting Keycloak with the providers JAR (one server for the whole run) ...");
        try (SimptelServer server = SimptelServer.startStandalone(); TestUsers testUsers = new TestUsers(server)) {
            BenchOutput.log(String.format(Locale.ROOT, "threads=%d (one user each), %d rounds x %d s per side, warm-up %d s, cores=%d,"
                    + " load before: %s", threads, rounds, seconds, warmup, Runtime.getRuntime().availableProcessors(), BenchOutput.loadAverage()));
            BenchOutput.log("Connections: " + CONNECTION_POLICY);
            List<TestUsers.TestUser> users = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                users.add(testUsers.create("bench"));
            }
            String challengeUrl = server.realmUrl() + "/authorization-challenge";
            String tokenUrl = server.oidcEndpoint("token");
            OidcClient spa = OidcClient.spa(server);
            ClientPolicies policies = new ClientPolicies(server);
            String passwordClient = policies.whilePaused(() -> RealmFixtures.createClientFromJson(server,
                    "{\"clientId\":\"bench-password-grant\",\"publicClient\":true,\"standardFlowEnabled\":false,"
                            + "\"directAccessGrantsEnabled\":true}").clientId());

            SignIn json = user -> {
                FreshClient http = new FreshClient();
                Pkce pkce = Pkce.s256();
                HttpResponse<String> code = http.send(post(challengeUrl, "client_id=simptel-app&username=" + enc(user.username())
                        + "&password=" + enc(user.password()) + "&code_challenge=" + pkce.challenge()
                        + "&code_challenge_method=S256"));
                if (code.statusCode() != 200) {
                    throw Failed.of("challenge", code.statusCode(), code.body());
                }
                String authorizationCode = JSON.readTree(code.body()).path("authorization_code").asText();
                HttpResponse<String> tokens = http.send(post(tokenUrl, "grant_type=authorization_code&client_id=simptel-app&code="
                        + enc(authorizationCode) + "&code_verifier=" + pkce.verifier()));
                if (!issued(tokens)) {
                    throw Failed.of("token", tokens.statusCode(), tokens.body());
                }
                return http.requestsSent();
            };
            SignIn html = user -> {
                HttpBrowser browser = new HttpBrowser(server.baseUrl()).stopAt(spa.redirectUri());
                Pkce pkce = Pkce.s256();
                String state = UUID.randomUUID().toString();
                Page login = browser.open(spa.authorizationUrl(pkce, state, "openid profile email"));
                Map<String, String> back = spa.redirectParamsTo(LoginPage.signIn(login, user.username(), user.password()));
                if (!state.equals(back.get("state"))) {
                    throw new Failed("redirect without our state");
                }
                Page tokens = browser.send(post(tokenUrl, "grant_type=authorization_code&client_id=simptel-spa&code="
                        + enc(back.get("code")) + "&code_verifier=" + pkce.verifier() + "&redirect_uri=" + enc(spa.redirectUri())));
                if (tokens.status() != 200 || !tokens.body().contains("\"access_token\"")) {
                    throw Failed.of("token", tokens.status(), tokens.body());
                }
                return browser.requestsSent();
            };
            SignIn password = user -> {
                FreshClient http = new FreshClient();
                HttpResponse<String> tokens = http.send(post(tokenUrl, "grant_type=password&scope=openid&client_id="
                        + passwordClient + "&username=" + enc(user.username()) + "&password=" + enc(user.password())));
                if (!issued(tokens)) {
                    throw Failed.of("password grant", tokens.statusCode(), tokens.body());
                }
                return http.requestsSent();
            };

            List<Side> sides = List.of(new Side("JSON: challenge + token", json, null),
                    new Side("HTML: login page + form + token", html, null),
                    new Side("password grant (direct access)", password, policies));
            for (Side side : sides) {
                measure(side, users, warmup);
            }
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < sides.size(); i++) {
                    Side side = sides.get((round % 2 == 0) ? i : sides.size() - 1 - i);
                    side.add(measure(side, users, seconds));
                }
            }
            BenchOutput.log("Load after: " + BenchOutput.loadAverage());
            System.out.println();
            System.out.println("Connections: " + CONNECTION_POLICY + "; answers to the JSON and password-grant sides by HTTP"
                    + " version: " + FreshClient.VERSIONS);
            System.out.println("| sign-in | completed | per second | requests per sign-in (counted) | failed |");
            System.out.println("|---|---:|---:|---:|---:|");
            long failed = 0;
            for (Side side : sides) {
                failed += side.failed;
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.2f | %d |%n", side.name, side.completed,
                        side.perSecond(), side.completed == 0 ? 0.0 : (double) side.requests / side.completed, side.failed);
            }
            System.out.println();
            double vsHtml = sides.get(0).perSecond() / sides.get(1).perSecond();
            double vsPassword = sides.get(0).perSecond() / sides.get(2).perSecond();
            System.out.printf(Locale.ROOT, "JSON / HTML = %.2fx completed sign-ins per second (target >= 1.2x)%n", vsHtml);
            System.out.printf(Locale.ROOT, "JSON / password grant = %.2fx (target >= 0.8x)%n", vsPassword);
            System.out.printf(Locale.ROOT, "first-party json_per_s=%.1f html_per_s=%.1f password_per_s=%.1f json_vs_html=%.2f"
                            + " json_vs_password=%.2f json_requests=%.2f html_requests=%.2f password_requests=%.2f failed=%d"
                            + " connections=new-client-per-sign-in%n",
                    sides.get(0).perSecond(), sides.get(1).perSecond(), sides.get(2).perSecond(), vsHtml, vsPassword,
                    sides.get(0).requestsPerSignIn(), sides.get(1).requestsPerSignIn(), sides.get(2).requestsPerSignIn(), failed);
            if (failed > 0) {
                BenchOutput.log("FAILED: " + failed + " sign-ins did not end with tokens; the figures above do not count them");
                for (Side side : sides) {
                    side.failures.forEach((why, n) -> BenchOutput.log("  " + side.name + ": " + n + " x " + why));
                }
                return 1;
            }
            return 0;
        }
    }

    /** The realm's client policies, paused and restored through the admin API. */
    private static final class ClientPolicies {
        private final org.keycloak.admin.client.resource.ClientPoliciesPoliciesResource resource;
        private final ClientPoliciesRepresentation configured;

        ClientPolicies(SimptelServer server) {
            this.resource = server.realm().clientPoliciesPoliciesResource();
            this.configured = resource.getPolicies();
        }

        void pause() {
            ClientPoliciesRepresentation paused = resource.getPolicies();
            paused.getPolicies().forEach(p -> p.setEnabled(false));
            resource.updatePolicies(paused);
        }

        void restore() {
            resource.updatePolicies(configured);
        }

        <T> T whilePaused(java.util.function.Supplier<T> action) {
            pause();
            try {
                return action.get();
            } finally {
                restore();
            }
        }
    }

    private static boolean issued(HttpResponse<String> tokens) {
        return tokens.statusCode() == 200 && tokens.body().contains("\"access_token\"");
    }

    /**
     * The connection policy of the JSON and password-grant sides, the same as {@link HttpBrowser}'s on
     * the HTML side: one new HTTP client per sign-in (its own connections, no cookies, the JDK's default
     * HTTP version and a 10 s connect timeout, as HttpBrowser builds it), counting the requests it sends
     * and noting the HTTP version of each answer.
     */
    private static final class FreshClient {
        static final Map<HttpClient.Version, Long> VERSIONS = new java.util.concurrent.ConcurrentHashMap<>();

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private int requestsSent;

        HttpResponse<String> send(HttpRequest request) throws Exception {
            requestsSent++;
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            VERSIONS.merge(response.version(), 1L, Long::sum);
            return response;
        }

        int requestsSent() {
            return requestsSent;
        }
    }

    private long[] measure(Side side, List<TestUsers.TestUser> users, int durationSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        if (side.policies != null) {
            side.policies.pause();
        }
        try {
            CountDownLatch start = new CountDownLatch(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds + 1);
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                TestUsers.TestUser user = users.get(t);
                futures.add(pool.submit(() -> {
                    long[] counts = new long[3]; // completed, requests, failed
                    start.await();
                    while (System.nanoTime() < deadline) {
                        int requests;
                        try {
                            requests = side.signIn.run(user);
                        } catch (Exception | AssertionError e) {
                            requests = -1;
                            side.failures.merge(String.valueOf(e.getMessage()), 1, Integer::sum);
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
            if (side.policies != null) {
                side.policies.restore();
            }
        }
    }

    private static final class Side {
        final String name;
        final SignIn signIn;
        /** Paused during this side's rounds (the password grant, which the realm's policy refuses). */
        final ClientPolicies policies;
        final Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
        long completed;
        long requests;
        long failed;
        long nanos;

        Side(String name, SignIn signIn, ClientPolicies policies) {
            this.name = name;
            this.signIn = signIn;
            this.policies = policies;
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

        double requestsPerSignIn() {
            return completed == 0 ? 0.0 : (double) requests / completed;
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
