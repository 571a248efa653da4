package com.simptel.keycloak.bench;

import com.simptel.keycloak.harness.PostgresServer;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The database statements one request makes, read from PostgreSQL's {@code pg_stat_statements}
 * (the cluster backend preloads it for the benchmarks): the counters are reset, {@value #REQUESTS}
 * requests of one kind go through the load balancer one after another (so both nodes serve them),
 * and every statement counted on the Keycloak database is divided by the number of requests.
 * JGroups' discovery table is left out: the cluster pings it on its own schedule, whatever the
 * requests are. Writes Keycloak defers to a background batch are counted when they land within
 * the run. Every answer must be the one the side is about ({@link ExpectedAnswer}), else
 * {@link InterleavedRounds.UnexpectedAnswers}.
 */
final class RoundTrips {

    static final int REQUESTS = 100;

    private final PostgresServer postgres;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    RoundTrips(PostgresServer postgres) throws Exception {
        this.postgres = postgres;
        postgres.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }

    /** One statement text and how often one request ran it. */
    record Statement(double perRequest, String sql) {
    }

    /** {@code millis}: the mean time of one request, sent alone (no other load from this benchmark). */
    record Count(String name, double perRequest, double millis, List<Statement> statements) {
    }

    Count count(InterleavedRounds.Side side) throws Exception {
        postgres.sql("SELECT pg_stat_statements_reset()");
        InterleavedRounds.Result answers = new InterleavedRounds.Result(side.name() + " (statement count)");
        long started = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> response = http.send(side.request().build(0), HttpResponse.BodyHandlers.ofString());
            if (answers.record(side.expected(), response.statusCode(), response.body(), 0) && side.onSuccess() != null) {
                side.onSuccess().accept(0, response);
            }
        }
        double millis = (System.nanoTime() - started) / 1e6 / REQUESTS;
        answers.requireOnlyExpected();
        String rows = postgres.sql("SELECT s.calls, regexp_replace(s.query, '\\s+', ' ', 'g') FROM pg_stat_statements s"
                + " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()"
                + " AND s.query NOT ILIKE '%jgroups%' AND s.query NOT ILIKE '%pg_stat_statements%'"
                + " ORDER BY s.calls DESC, s.query");
        List<Statement> statements = new ArrayList<>();
        long total = 0;
        for (String row : rows.split("\n")) {
            int bar = row.indexOf('|');
            if (bar <= 0) {
                continue;
            }
            long calls = Long.parseLong(row.substring(0, bar));
            total += calls;
            statements.add(new Statement((double) calls / REQUESTS, row.substring(bar + 1)));
        }
        return new Count(side.name(), (double) total / REQUESTS, millis, statements);
    }

    static void print(List<Count> counts) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Database statements per request (pg_stat_statements, %d requests each, one at a time,"
                + " through the load balancer) and the mean time of one request%n", REQUESTS);
        for (Count count : counts) {
            System.out.printf(Locale.ROOT, "  %-44s %5.2f statements  %6.2f ms%n", count.name(), count.perRequest(), count.millis());
            for (Statement statement : count.statements()) {
                String sql = statement.sql();
                System.out.printf(Locale.ROOT, "      %5.2f  %s%n", statement.perRequest(),
                        sql.length() > 150 ? sql.substring(0, 147) + "..." : sql);
            }
        }
        System.out.println();
    }
}
