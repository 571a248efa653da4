package com.simptel.keycloak.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sessions API against stock Keycloak endpoints on the cluster (two nodes, PostgreSQL with its
 * durable defaults, every request through the round-robin load balancer), one run, same tokens and
 * client threads on both sides of each pair, in {@link InterleavedRounds}:
 * <ul>
 *   <li>{@code GET /sessions} vs the Account API's {@code GET /account/sessions}, for a user with
 *   1 session and for a user with 20;</li>
 *   <li>the same for a user with 20 regular and 5 offline sessions (an app's offline tokens), which
 *   ours lists and the Account API leaves out;</li>
 *   <li>{@code GET /sessions/session} vs userinfo;</li>
 *   <li>{@code PUT /sessions/bucket} with {@code If-Match} vs the refresh-token grant, every thread on
 *   a session of its own.</li>
 * </ul>
 * Every answer counted is the one its side is about: the status and a JSON body of the expected shape
 * (a session list of the size counted before the rounds, a session view, userinfo, tokens); any
 * other answer ends the run with exit status 1. Run with {@code ./bench.sh cluster}. The last line it
 * prints is machine-readable.
 */
public final class ClusterBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MANY_SESSIONS = 20;
    /**
     * Offline sign-ins of the mixed user. On Keycloak 26.7.3 such a sign-in leaves an offline session
     * and no regular one in either list (measured: 15 + 5 sign-ins gave 15 regular + 5 offline), so
     * the mixed user signs in 20 times plainly and 5 times with offline_access.
     */
    private static final int OFFLINE_SESSIONS = 5;

    private final InterleavedRounds rounds = new InterleavedRounds();
    private SimptelServer server;
    private OidcClient client;

    public static void main(String[] args) throws Exception {
        try {
            new ClusterBenchmark().run();
        } catch (InterleavedRounds.UnexpectedAnswers e) {
            BenchOutput.fail(e);
        }
        System.exit(0);
    }

    private static final ExpectedAnswer SESSION_VIEW = ExpectedAnswer.object(200, "_id", "data");

    /** One session's tokens; refreshed before each pair (access tokens live 5 minutes). */
    private static final class Login {
        String access;
        String refresh;
        String etag;

        Login(JsonResponse tokens) {
            access = tokens.text("access_token");
            refresh = tokens.text("refresh_token");
        }
    }

    private void run() throws Exception {
        BenchOutput.log("Starting the cluster: PostgreSQL (durable defaults), two Keycloak nodes, HAProxy ...");
        long t0 = System.nanoTime();
        try (SimptelServer started = SimptelServer.startStandalone(); TestUsers users = new TestUsers(started)) {
            server = started;
            server.cluster();
            BenchOutput.log("Ready after " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s, load balancer "
                    + server.baseUrl());
            BenchOutput.log(rounds.describe());

            TestUsers.TestUser one = users.create("bench-one");
            TestUsers.TestUser many = users.create("bench-many");
            TestUsers.TestUser writer = users.create("bench-writer");
            TestUsers.TestUser mixed = users.create("bench-mixed");
            client = chooseClient(one);
            Login oneLogin = login(one);
            Login manyLogin = null;
            for (int i = 0; i < MANY_SESSIONS; i++) {
                manyLogin = login(many);
            }
            Login mixedLogin = null;
            for (int i = 0; i < MANY_SESSIONS; i++) {
                mixedLogin = login(mixed);
            }
            for (int i = 0; i < OFFLINE_SESSIONS; i++) {
                loginOffline(mixed);
            }
            List<Login> writers = new ArrayList<>();
            for (int i = 0; i < rounds.threads; i++) {
                writers.add(login(writer));
            }
            String sessionsUrl = server.realmUrl() + "/sessions";
            String accountSessionsUrl = server.realmUrl() + "/account/sessions";
            // what each list answers, counted once: the size every answer of the pair must have
            Lists oneLists = new Lists(count(sessionsUrl, oneLogin), count(accountSessionsUrl, oneLogin));
            Lists manyLists = new Lists(count(sessionsUrl, manyLogin), count(accountSessionsUrl, manyLogin));
            Lists mixedLists = new Lists(count(sessionsUrl, mixedLogin), count(accountSessionsUrl, mixedLogin));
            BenchOutput.log("Tokens of client " + client.clientId() + " for both sides; GET /sessions and GET account/sessions"
                    + " answer " + one.username() + " " + oneLists + ", " + many.username() + " " + manyLists + ", "
                    + mixed.username() + " " + mixedLists + " (" + countOffline(mixedLogin) + " offline in GET /sessions)");
            String userinfoUrl = client.endpoint("userinfo");
            String tokenUrl = client.endpoint("token");

            for (Login login : writers) {
                refresh(login);
                login.etag = readEtag(sessionsUrl + "/session", login);
            }
            String body = "{\"step\":2,\"inputs\":{\"email\":\"" + writer.email() + "\",\"otpSent\":true},\"attempts\":1}";
            InterleavedRounds.Side write = new InterleavedRounds.Side("PUT /sessions/bucket (If-Match)",
                    i -> HttpRequest.newBuilder(URI.create(sessionsUrl + "/bucket"))
                            .header("Authorization", "Bearer " + writers.get(i).access)
                            .header("Content-Type", "application/json")
                            .header("If-Match", writers.get(i).etag)
                            .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), SESSION_VIEW,
                    (i, response) -> writers.get(i).etag = response.headers().firstValue("ETag").orElseThrow());
            InterleavedRounds.Side refresh = new InterleavedRounds.Side("refresh_token grant (stock)",
                    i -> HttpRequest.newBuilder(URI.create(tokenUrl))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(refreshForm(writers.get(i).refresh))).build(),
                    ExpectedAnswer.object(200, "access_token", "refresh_token"), (i, response) -> writers.get(i).refresh = JSON.readTree(response.body()).path("refresh_token").asText());

            refresh(oneLogin);
            InterleavedRounds.Result[] list1 = rounds.compare(ours("GET /sessions (1 session)", sessionsUrl, oneLogin, oneLists),
                    stock("GET account/sessions (stock, 1 session)", accountSessionsUrl, oneLogin, oneLists));
            refresh(manyLogin);
            InterleavedRounds.Result[] list20 = rounds.compare(ours("GET /sessions (20 sessions)", sessionsUrl, manyLogin, manyLists),
                    stock("GET account/sessions (stock, 20 sessions)", accountSessionsUrl, manyLogin, manyLists));
            refresh(mixedLogin);
            InterleavedRounds.Result[] listMixed = rounds.compare(
                    ours("GET /sessions (20 + 5 offline)", sessionsUrl, mixedLogin, mixedLists),
                    stock("GET account/sessions (stock, 20 + 5 offline)", accountSessionsUrl, mixedLogin, mixedLists));
            refresh(oneLogin);
            InterleavedRounds.Result[] current = rounds.compare(get("GET /sessions/session", sessionsUrl + "/session", oneLogin,
                    SESSION_VIEW), get("GET userinfo (stock)", userinfoUrl, oneLogin, ExpectedAnswer.object(200, "sub")));

            for (Login login : writers) {
                refresh(login);
                login.etag = readEtag(sessionsUrl + "/session", login);
            }
            InterleavedRounds.Result[] writes = rounds.compare(write, refresh);

            BenchOutput.log("Counting database statements per request (warm servers, one request at a time) ...");
            RoundTrips trips = new RoundTrips(server.cluster().postgres());
            refresh(oneLogin);
            refresh(manyLogin);
            refresh(mixedLogin);
            refresh(writers.get(0));
            writers.get(0).etag = readEtag(sessionsUrl + "/session", writers.get(0));
            List<RoundTrips.Count> counts = new ArrayList<>();
            for (InterleavedRounds.Side side : List.of(
                    ours("GET /sessions (1 session)", sessionsUrl, oneLogin, oneLists),
                    stock("GET account/sessions (stock, 1 session)", accountSessionsUrl, oneLogin, oneLists),
                    ours("GET /sessions (20 sessions)", sessionsUrl, manyLogin, manyLists),
                    stock("GET account/sessions (stock, 20 sessions)", accountSessionsUrl, manyLogin, manyLists),
                    get("GET /sessions/session", sessionsUrl + "/session", oneLogin, SESSION_VIEW),
                    get("GET userinfo (stock)", userinfoUrl, oneLogin, ExpectedAnswer.object(200, "sub")), write, refresh,
                    ours("GET /sessions (20 + 5 offline)", sessionsUrl, mixedLogin, mixedLists),
                    stock("GET account/sessions (stock, 20 + 5 offline)", accountSessionsUrl, mixedLogin, mixedLists))) {
                counts.add(trips.count(side));
            }
            BenchOutput.log("Load after: " + BenchOutput.loadAverage());
            RoundTrips.print(counts);
            InterleavedRounds.printTable(List.of(list1[0], list1[1], list20[0], list20[1], listMixed[0], listMixed[1],
                    current[0], current[1], writes[0], writes[1]));
            System.out.printf(Locale.ROOT, "GET /sessions / account/sessions, 1 session   = %.2fx requests/s (target >= 1.5x)%n",
                    list1[0].over(list1[1]));
            System.out.printf(Locale.ROOT, "GET /sessions / account/sessions, 20 sessions = %.2fx requests/s (target >= 1.5x)%n",
                    list20[0].over(list20[1]));
            System.out.printf(Locale.ROOT, "GET /sessions / account/sessions, 20 + 5 offline = %.2fx requests/s"
                    + " (target >= 1.0x; ours returns the 5 offline ones too)%n", listMixed[0].over(listMixed[1]));
            System.out.printf(Locale.ROOT, "GET /sessions/session / userinfo              = %.2fx requests/s (target >= 1.0x)%n",
                    current[0].over(current[1]));
            System.out.printf(Locale.ROOT, "PUT /sessions/bucket / refresh grant          = %.2fx requests/s (target >= 1.0x)%n",
                    writes[0].over(writes[1]));
            long errors = 0;
            for (InterleavedRounds.Result[] pair : List.of(list1, list20, listMixed, current, writes)) {
                errors += pair[0].unexpectedCount() + pair[1].unexpectedCount();
            }
            System.out.printf(Locale.ROOT, "cluster: sessions_1=%.2f sessions_20=%.2f session=%.2f bucket=%.2f"
                            + " rps_sessions_1=%.0f rps_account_1=%.0f rps_sessions_20=%.0f rps_account_20=%.0f"
                            + " rps_session=%.0f rps_userinfo=%.0f rps_bucket=%.0f rps_refresh=%.0f errors=%d"
                            + " stmts_sessions_1=%.2f stmts_account_1=%.2f stmts_sessions_20=%.2f stmts_account_20=%.2f"
                            + " stmts_session=%.2f stmts_userinfo=%.2f stmts_bucket=%.2f stmts_refresh=%.2f"
                            + " sessions_offline=%.2f rps_sessions_offline=%.0f rps_account_offline=%.0f"
                            + " stmts_sessions_offline=%.2f stmts_account_offline=%.2f%n",
                    list1[0].over(list1[1]), list20[0].over(list20[1]), current[0].over(current[1]), writes[0].over(writes[1]),
                    list1[0].rps(), list1[1].rps(), list20[0].rps(), list20[1].rps(), current[0].rps(), current[1].rps(),
                    writes[0].rps(), writes[1].rps(), errors,
                    counts.get(0).perRequest(), counts.get(1).perRequest(), counts.get(2).perRequest(), counts.get(3).perRequest(),
                    counts.get(4).perRequest(), counts.get(5).perRequest(), counts.get(6).perRequest(), counts.get(7).perRequest(),
                    listMixed[0].over(listMixed[1]), listMixed[0].rps(), listMixed[1].rps(),
                    counts.get(8).perRequest(), counts.get(9).perRequest());
        }
    }

    /**
     * The client whose tokens both sides take: the Account API wants audience {@code account}, ours
     * the scope {@code simptel-sessions}. The confidential web app first, else the account console.
     */
    private OidcClient chooseClient(TestUsers.TestUser user) throws Exception {
        for (OidcClient candidate : List.of(OidcClient.web(server), OidcClient.accountConsole(server, SimptelServer.REALM))) {
            client = candidate;
            Login probe = login(user);
            int ours = status(server.realmUrl() + "/sessions", probe);
            int stock = status(server.realmUrl() + "/account/sessions", probe);
            BenchOutput.log("Token of " + candidate.clientId() + ": GET /sessions " + ours + ", GET account/sessions " + stock);
            logout(probe);
            if (ours == 200 && stock == 200) {
                return candidate;
            }
        }
        throw new IllegalStateException("No client of the realm has tokens both endpoints accept");
    }

    private Login login(TestUsers.TestUser user) {
        JsonResponse tokens = client.login(new HttpBrowser(server.baseUrl()), user.username(), user.password());
        if (tokens.status() != 200) {
            throw new IllegalStateException("Sign-in of " + user.username() + " failed: " + tokens);
        }
        return new Login(tokens);
    }

    /** A sign-in of an app with an offline token: a regular and an offline session. */
    private void loginOffline(TestUsers.TestUser user) {
        JsonResponse tokens = client.login(new HttpBrowser(server.baseUrl()), user.username(), user.password(), null,
                "openid offline_access");
        if (tokens.status() != 200) {
            throw new IllegalStateException("Offline sign-in of " + user.username() + " failed: " + tokens);
        }
    }

    private void refresh(Login login) {
        JsonResponse tokens = client.refresh(login.refresh);
        if (tokens.status() != 200) {
            throw new IllegalStateException("Refresh failed: " + tokens);
        }
        login.access = tokens.text("access_token");
        login.refresh = tokens.text("refresh_token");
    }

    /** Ends a probe's session so the user keeps exactly the sessions counted. */
    private void logout(Login login) {
        JsonResponse response = client.postForm(client.endpoint("logout"), Map.of("refresh_token", login.refresh),
                client.clientId().equals("simptel-web") ? OidcClient.Auth.BASIC : OidcClient.Auth.NONE);
        if (response.status() != 204) {
            throw new IllegalStateException("Logging the probe's session out failed: " + response);
        }
    }

    private String refreshForm(String refreshToken) {
        String form = "grant_type=refresh_token&client_id=" + client.clientId() + "&refresh_token=" + refreshToken;
        return client.clientId().equals("simptel-web") ? form + "&client_secret=simptel-web-secret" : form;
    }

    private int countOffline(Login login) throws Exception {
        HttpResponse<String> response = send(authorized(server.realmUrl() + "/sessions", login));
        int offline = 0;
        for (com.fasterxml.jackson.databind.JsonNode s : JSON.readTree(response.body())) {
            offline += s.path("offline").asBoolean() ? 1 : 0;
        }
        return offline;
    }

    /** The number of entries of a session list; the run stops when it is not a JSON array. */
    private int count(String url, Login login) throws Exception {
        HttpResponse<String> response = send(authorized(url, login));
        com.fasterxml.jackson.databind.JsonNode list = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        if (list == null || !list.isArray()) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + " " + response.body());
        }
        return list.size();
    }

    /** How many sessions GET /sessions and the Account API's GET account/sessions list for one user. */
    private record Lists(int ours, int stock) {
        @Override
        public String toString() {
            return ours + " and " + stock;
        }
    }

    private String readEtag(String url, Login login) throws Exception {
        HttpResponse<String> response = send(authorized(url, login));
        return response.headers().firstValue("ETag").orElseThrow(() -> new IllegalStateException(
                "No ETag on " + url + ": " + response.statusCode() + " " + response.body()));
    }

    private int status(String url, Login login) throws Exception {
        return send(authorized(url, login)).statusCode();
    }

    private static HttpRequest authorized(String url, Login login) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + login.access)
                .header("Accept", "application/json").GET().build();
    }

    private static InterleavedRounds.Side get(String name, String url, Login login, ExpectedAnswer expected) {
        return new InterleavedRounds.Side(name, i -> authorized(url, login), expected);
    }

    /** GET /sessions: every answer lists the user's sessions (our representation, {@code _id}). */
    private static InterleavedRounds.Side ours(String name, String url, Login login, Lists lists) {
        return get(name, url, login, ExpectedAnswer.array(200, lists.ours(), "_id", "expires"));
    }

    /** The Account API's list: JSON (its HTML console page is a 200 too), Keycloak's representation ({@code id}). */
    private static InterleavedRounds.Side stock(String name, String url, Login login, Lists lists) {
        return get(name, url, login, ExpectedAnswer.array(200, lists.stock(), "id", "expires"));
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
