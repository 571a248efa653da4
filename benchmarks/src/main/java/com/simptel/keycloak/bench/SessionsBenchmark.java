package com.simptel.keycloak.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Each pair runs in {@link InterleavedRounds} (options there): only the answers a side is about
 * count, and any other answer ends the run with exit status 1. Run with {@code ./bench.sh}; the
 * cluster counterpart is {@link ClusterBenchmark}.
 */
public final class SessionsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InterleavedRounds rounds = new InterleavedRounds();

    public static void main(String[] args) throws Exception {
        try {
            new SessionsBenchmark().run();
        } catch (InterleavedRounds.UnexpectedAnswers e) {
            BenchOutput.fail(e);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        ExpectedAnswer sessionView = ExpectedAnswer.object(200, "_id", "data");
        ExpectedAnswer refreshed = ExpectedAnswer.object(200, "access_token", "refresh_token");
        BenchOutput.log("Starting Keycloak with the providers JAR (one server for the whole run) ...");
        long t0 = System.nanoTime();
        try (SimptelServer server = SimptelServer.startStandalone()) {
            BenchOutput.log("Ready after " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s at " + server.baseUrl());
            BenchOutput.log(rounds.describe());

            OidcClient web = OidcClient.web(server);
            List<String[]> logins = new ArrayList<>();
            for (int i = 0; i < rounds.threads; i++) {
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

            InterleavedRounds.Side read = new InterleavedRounds.Side("GET /sessions/session", i -> HttpRequest.newBuilder(URI.create(sessionUrl))
                    .header("Authorization", "Bearer " + sharedToken).GET().build(), sessionView);
            InterleavedRounds.Side userinfo = new InterleavedRounds.Side("GET userinfo (stock)", i -> HttpRequest.newBuilder(URI.create(userinfoUrl))
                    .header("Authorization", "Bearer " + sharedToken).GET().build(), ExpectedAnswer.object(200, "sub"));
            InterleavedRounds.Side write = new InterleavedRounds.Side("PUT /sessions/bucket", i -> HttpRequest.newBuilder(URI.create(bucketUrl))
                    .header("Authorization", "Bearer " + logins.get(i)[0])
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(bucket)).build(), sessionView);
            InterleavedRounds.Side refresh = new InterleavedRounds.Side("refresh_token grant (stock)", i -> HttpRequest.newBuilder(URI.create(tokenUrl))
                    .header("Authorization", basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + logins.get(i)[1]))
                    .build(), refreshed, (i, response) -> logins.get(i)[1] = JSON.readTree(response.body()).path("refresh_token").asText());

            InterleavedRounds.Result[] reads = rounds.compare(read, userinfo);
            InterleavedRounds.Result[] writes = rounds.compare(write, refresh);

            BenchOutput.log("Load after: " + BenchOutput.loadAverage());
            InterleavedRounds.printTable(List.of(reads[0], reads[1], writes[0], writes[1]));
            System.out.printf(Locale.ROOT, "session read / userinfo      = %.2fx requests/s (target >= 1.0x)%n",
                    reads[0].over(reads[1]));
            System.out.printf(Locale.ROOT, "bucket write / refresh grant = %.2fx requests/s (target >= 2.0x)%n",
                    writes[0].over(writes[1]));
        }
    }
}
