package com.simptel.keycloak.it.metrics;

import com.simptel.keycloak.it.recovery.RecoveryJourney;
import com.simptel.keycloak.it.registration.EmailCodeJourney;
import com.simptel.keycloak.it.sessions.SessionLogin;
import com.simptel.keycloak.it.sessions.SessionsApi;
import com.simptel.keycloak.it.support.AdminApi;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.MetricsScrape;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.harness.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.RealmRepresentation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our meters on Keycloak's {@code /metrics} (management port): scraped before and after one
 * journey, each series named below moves by exactly what the journey did. The suite's tests run
 * one after another, so nothing else moves these series in between; mails are counted by the mail
 * thread, so the test first waits for the event that thread records after counting.
 *
 * <p>The dashboard test runs last: a counter appears in the scrape once it has counted something.
 */
@SimptelIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final String REALM = SimptelServer.REALM;
    /** A metric name as a PromQL query names it (ours, Keycloak's event and HTTP metrics). */
    private static final Pattern QUERIED_METRIC = Pattern.compile("\\b((?:simptel|keycloak|http_server)_[a-z0-9_]+)\\b");

    @Test
    @Order(1)
    void aRegistrationWithOneWrongCodeCountsOneCodeMailedOneWrongAndOneAccepted(SimptelServer server) {
        Series mailed = series("simptel_mails_sent_total", "flow", "registration", "mail", "code");
        Series wrong = series("simptel_email_codes_checked_total", "flow", "registration", "outcome", "wrong");
        Series accepted = series("simptel_email_codes_checked_total", "flow", "registration", "outcome", "accepted");
        Series expired = series("simptel_email_codes_checked_total", "flow", "registration", "outcome", "expired");
        MetricsScrape before = MetricsScrape.of(server);

        EmailCodeJourney person = EmailCodeJourney.newPerson(server);
        person.registerFromScratch();
        String code = person.code(1);
        person.enterCode(EmailCodeJourney.otherThan(code));
        person.enterCode(code);
        assertThat(person.tokens().status()).isEqualTo(200);
        // the mail thread counts the mail before its SEND_VERIFY_EMAIL event is stored
        // (no account existed when the code went out: the event names the address, not a user)
        RealmEvents.await(server, "SEND_VERIFY_EMAIL", null, 1, "the code mail sent", RealmEvents.detail("email", person.email()));

        MetricsScrape after = MetricsScrape.of(server);
        assertThat(mailed.delta(before, after)).isEqualTo(1);
        assertThat(wrong.delta(before, after)).isEqualTo(1);
        assertThat(accepted.delta(before, after)).isEqualTo(1);
        assertThat(expired.delta(before, after)).isZero();
    }

    @Test
    @Order(2)
    void aRecoveryWithOneWrongTotpCountsStartedTotpFailedAndCompleted(SimptelServer server) {
        TestUser user = users.user("metrics-rec").withTotp().create();
        Series started = series("simptel_recoveries_total", "outcome", "started");
        Series totpFailed = series("simptel_recoveries_total", "outcome", "totp_failed");
        Series completed = series("simptel_recoveries_total", "outcome", "completed");
        Series refused = series("simptel_recoveries_total", "outcome", "refused");
        Series codeAccepted = series("simptel_email_codes_checked_total", "flow", "reset-credentials", "outcome", "accepted");
        Series notice = series("simptel_mails_sent_total", "flow", "none", "mail", "recovery_notice");
        MetricsScrape before = MetricsScrape.of(server);

        RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
        journey.chooseUser(user, server.mail());
        journey.proveMailbox();
        journey.enterCode(user.totp().wrongCode());
        journey.enterCode(user.totp().now());
        journey.setNewPassword("Metrics-new-9");
        assertThat(journey.tokens(OidcClient.Auth.BASIC).status()).isEqualTo(200);
        RealmEvents.await(server, "SEND_RESET_PASSWORD", user.id(), 1, "the recovery notice sent",
                RealmEvents.detail("simptel_mail", "recovery_notice"));

        MetricsScrape after = MetricsScrape.of(server);
        assertThat(started.delta(before, after)).isEqualTo(1);
        assertThat(totpFailed.delta(before, after)).isEqualTo(1);
        assertThat(completed.delta(before, after)).isEqualTo(1);
        assertThat(refused.delta(before, after)).isZero();
        assertThat(codeAccepted.delta(before, after)).isEqualTo(1);
        assertThat(notice.delta(before, after)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aBucketWriteWithAStaleETagCountsA412ApartFromTheWriteThatWon(SimptelServer server) {
        SessionsApi api = SessionLogin.web(server, users.create("metrics-bucket")).api(server);
        Series read = series("simptel_sessions_requests_total", "operation", "session_get", "status", "2xx");
        Series written = series("simptel_sessions_requests_total", "operation", "bucket_put", "status", "2xx");
        Series refusedPut = series("simptel_sessions_requests_total", "operation", "bucket_put", "status", "4xx");
        Series stale = series("simptel_sessions_bucket_writes_refused_total", "status", "412");
        Series busy = series("simptel_sessions_bucket_writes_refused_total", "status", "409");
        Series sizes = series("simptel_sessions_bucket_size_bytes_count");
        Series bytes = series("simptel_sessions_bucket_size_bytes_sum");
        MetricsScrape before = MetricsScrape.of(server);

        String initial = api.current().header("ETag");
        assertThat(api.put("{\"v\":1}", "application/json", initial).status()).isEqualTo(200);
        JsonResponse conflicting = api.put("{\"v\":2}", "application/json", initial);
        assertThat(conflicting.status()).isEqualTo(412);

        MetricsScrape after = MetricsScrape.of(server);
        assertThat(read.delta(before, after)).isEqualTo(1);
        assertThat(written.delta(before, after)).isEqualTo(1);
        assertThat(refusedPut.delta(before, after)).isEqualTo(1);
        assertThat(stale.delta(before, after)).isEqualTo(1);
        assertThat(busy.delta(before, after)).isZero();
        assertThat(sizes.delta(before, after)).isEqualTo(1);
        assertThat(bytes.delta(before, after)).as("{\"v\":1} is 7 bytes").isEqualTo(7);
    }

    @Test
    @Order(3)
    void eachSessionsAnswerCountsAsTheOperationOfTheResourceMethodThatMadeIt(SimptelServer server) {
        TestUser user = users.create("metrics-routes");
        SessionLogin login = SessionLogin.web(server, user);
        Series listed = series("simptel_sessions_requests_total", "operation", "sessions_get", "status", "2xx");
        Series missing = series("simptel_sessions_requests_total", "operation", "session_by_id_get", "status", "4xx");
        Series notServed = series("simptel_sessions_requests_total", "operation", "other", "status", "4xx");
        Series admin = series("simptel_sessions_requests_total", "operation", "admin_user_sessions_get", "status", "2xx");
        MetricsScrape before = MetricsScrape.of(server);

        assertThat(login.api(server).list().status()).isEqualTo(200);
        assertThat(sessionsCall(server, login, "GET", "/session/no-such-session").status()).isEqualTo(404);
        assertThat(sessionsCall(server, login, "POST", "/bucket").status()).isEqualTo(405);
        assertThat(sessionsCall(server, login, "GET", "/nothing/here").status()).isEqualTo(404);
        assertThat(new AdminApi(server).get("/simptel-sessions/users/" + user.id()).status()).isEqualTo(200);

        MetricsScrape after = MetricsScrape.of(server);
        assertThat(listed.delta(before, after)).as("the admin's list is not the user's").isEqualTo(1);
        assertThat(missing.delta(before, after)).isEqualTo(1);
        assertThat(notServed.delta(before, after)).as("a 405 and a 404 of paths the API has not").isEqualTo(2);
        assertThat(admin.delta(before, after)).isEqualTo(1);
    }

    private static JsonResponse sessionsCall(SimptelServer server, SessionLogin login, String method, String path) {
        return OidcClient.send(HttpRequest.newBuilder(URI.create(server.realmUrl() + "/sessions" + path))
                .header("Authorization", "Bearer " + login.accessToken())
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    @Order(4)
    void aCodeMailTheSmtpServerRefusesCountsAsFailedNotSent(SimptelServer server) {
        Series failed = series("simptel_mails_failed_total", "flow", "registration", "mail", "code");
        Series mailed = series("simptel_mails_sent_total", "flow", "registration", "mail", "code");
        Map<String, String> smtp = server.realm().toRepresentation().getSmtpServer();
        Map<String, String> closedPort = new HashMap<>(smtp);
        closedPort.put("port", Integer.toString(FreePorts.pick()));
        MetricsScrape before = MetricsScrape.of(server);

        try {
            updateSmtp(server, closedPort);
            EmailCodeJourney person = EmailCodeJourney.newPerson(server);
            person.registerFromScratch();
            RealmEvents.await(server, "SEND_VERIFY_EMAIL_ERROR", null, 1, "the code mail refused by SMTP",
                    e -> "email_send_failed".equals(e.getError()) && person.email().equals(e.getDetails().get("email")));
        } finally {
            updateSmtp(server, smtp);
        }

        MetricsScrape after = MetricsScrape.of(server);
        assertThat(failed.delta(before, after)).isEqualTo(1);
        assertThat(mailed.delta(before, after)).isZero();
    }

    @Test
    @Order(5)
    void everyMetricTheDashboardQueriesIsInTheScrape(SimptelServer server) throws IOException {
        Path dashboard = server.realmConfig().getParent().resolve("docs/grafana/simptel-dashboard.json");
        JsonNode json = new ObjectMapper().readTree(dashboard.toFile());
        Set<String> queried = new TreeSet<>();
        // panel queries, and the realm variable's label_values(...) query
        for (JsonNode query : concat(json.findValues("expr"), json.path("templating").findValues("definition"))) {
            Matcher m = QUERIED_METRIC.matcher(query.asText());
            while (m.find()) {
                queried.add(m.group(1));
            }
        }
        MetricsScrape scrape = MetricsScrape.of(server);

        assertThat(queried).as("metrics the dashboard queries").contains("simptel_mails_sent_total",
                "simptel_mails_failed_total", "simptel_email_codes_checked_total", "simptel_recoveries_total",
                "simptel_sessions_requests_total", "simptel_sessions_bucket_writes_refused_total",
                "simptel_sessions_bucket_size_bytes_sum", "keycloak_user_events_total",
                "http_server_requests_seconds_count");
        assertThat(queried).allSatisfy(name -> assertThat(scrape.has(name)).as(name + " in the scrape").isTrue());
    }

    private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
        List<JsonNode> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void updateSmtp(SimptelServer server, Map<String, String> smtp) {
        RealmRepresentation change = new RealmRepresentation();
        change.setSmtpServer(smtp);
        server.realm().update(change);
    }

    /** Our series as the last scrape had them, for a reader of the test artifacts. */
    @AfterAll
    static void keepOurSeries(SimptelServer server) throws IOException {
        MetricsScrape scrape = MetricsScrape.of(server);
        Files.writeString(server.artifactsDir().resolve("metrics-simptel.txt"), scrape.lines("simptel_"));
        Files.writeString(server.artifactsDir().resolve("metrics-keycloak.txt"),
                scrape.lines("keycloak_user_events") + scrape.lines("http_server_requests_seconds_count"));
    }

    /** One series of the simptel realm: a metric name and its other labels. */
    private record Series(String name, Map<String, String> labels) {
        double delta(MetricsScrape before, MetricsScrape after) {
            return after.value(name, labels) - before.value(name, labels);
        }
    }

    private static Series series(String name, String... labelPairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("realm", REALM);
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return new Series(name, labels);
    }
}
