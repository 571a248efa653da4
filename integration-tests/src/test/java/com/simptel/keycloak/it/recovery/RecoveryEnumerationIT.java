package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.recovery.RecoveryUsers.TestUser;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Until the mailbox is proven, nobody can tell from the recovery pages or their timing whether an
 * account exists, is disabled, has an email, has TOTP or prefers another language. Here the
 * realm-config flow has no emailed-code step, so a user without TOTP must fail at the TOTP step
 * exactly like a wrong code.
 */
@SimptelIT
class RecoveryEnumerationIT {

    private static RecoveryUsers users;
    private static Map<String, Probe> probes;

    /** One kind of account an onlooker might try to detect. */
    record Probe(String name, String typed, TestUser user) {
    }

    @BeforeAll
    static void setUp(SimptelServer server) {
        users = new RecoveryUsers(server);
        TestUser disabled = users.create("enum-disabled", true, true, null);
        UserRepresentation rep = server.realm().users().get(disabled.id()).toRepresentation();
        rep.setEnabled(false);
        server.realm().users().get(disabled.id()).update(rep);

        probes = new LinkedHashMap<>();
        add(new Probe("with TOTP", null, users.create("enum-real", true, true, null)));
        add(new Probe("unknown account", "enum-ghost-" + UUID.randomUUID().toString().substring(0, 8), null));
        add(new Probe("without TOTP", null, users.create("enum-nototp", true, false, null)));
        add(new Probe("without email", null, users.create("enum-nomail", false, true, null)));
        add(new Probe("German profile", null, users.create("enum-german", true, true, "de")));
        add(new Probe("disabled", null, disabled));
    }

    private static void add(Probe probe) {
        String typed = probe.typed() != null ? probe.typed() : probe.user().username();
        probes.put(probe.name(), new Probe(probe.name(), typed, probe.user()));
    }

    @AfterAll
    static void tearDown() {
        users.close();
    }

    @Test
    void everyKindOfAccountSeesTheSamePagesAndGetsNoMail(SimptelServer server) {
        Map<String, List<String>> fingerprints = new LinkedHashMap<>();
        for (Probe probe : probes.values()) {
            RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
            List<String> pages = new ArrayList<>();
            Page codePage = journey.chooseUser(probe.typed());
            assertThat(codePage.hasElement(RecoveryJourney.CODE_FORM)).as(probe.name()).isTrue();
            pages.add(PageFingerprint.of(codePage, probe.typed()));
            for (int attempt = 1; attempt <= 5; attempt++) {
                String code = probe.user() != null && probe.user().totp() != null
                        ? RecoveryUsers.wrongCode(probe.user().totp()) : "123456";
                pages.add(PageFingerprint.of(journey.enterCode(code), probe.typed()));
            }
            fingerprints.put(probe.name(), pages);
        }

        List<String> reference = fingerprints.get("with TOTP");
        assertThat(reference.get(0)).contains("kc-recovery-totp-form").contains("lang=\"en\"");
        assertThat(reference.get(1)).contains("This code was not accepted");
        assertThat(reference.get(5)).contains("Too many codes were not accepted");
        fingerprints.forEach((name, pages) -> {
            for (int i = 0; i < pages.size(); i++) {
                assertThat(pages.get(i)).as(name + ", page " + i + " differs from the account with TOTP")
                        .isEqualTo(reference.get(i));
            }
        });

        // A failing recovery sends nothing, to anyone; a user without TOTP is counted like a wrong code.
        for (Probe probe : probes.values()) {
            if (probe.user() != null && probe.user().email() != null) {
                assertThat(server.mail().messagesTo(probe.user().email())).as(probe.name()).isEmpty();
            }
        }
        BruteForceStatus.awaitFailures(server, probes.get("without TOTP").user().id(), 1);
    }

    /**
     * The two requests an onlooker can time before the mailbox is proven (submitting the name,
     * submitting a code) must take about as long for every kind of account. Each round walks every
     * kind once, in rotating order; the per-round difference to the account with TOTP cancels the
     * load other processes put on this shared machine, and its median over the rounds is the
     * systematic difference, which must be "close" (see {@link #allowed}).
     */
    @Test
    void responseTimesDoNotTellTheAccountsApart(SimptelServer server) throws IOException {
        int rounds = 20;
        int warmUpRounds = 2;
        int codesPerFlow = 4; // the fifth wrong code ends the flow on another page
        List<String> kinds = new ArrayList<>(probes.keySet());
        Map<String, List<Double>> nameTimes = new LinkedHashMap<>();
        Map<String, List<Double>> codeTimes = new LinkedHashMap<>();
        kinds.forEach(kind -> {
            nameTimes.put(kind, new ArrayList<>());
            codeTimes.put(kind, new ArrayList<>());
        });

        // Measure the code path itself, not lockouts: no quick-login lock, no lock by count.
        var realm = server.realm().toRepresentation();
        Long quickLoginCheck = realm.getQuickLoginCheckMilliSeconds();
        Integer failureFactor = realm.getFailureFactor();
        try (RecoveryFlowAdmin.Undo relaxed = RecoveryFlowAdmin.realm(server,
                r -> { r.setQuickLoginCheckMilliSeconds(0L); r.setFailureFactor(100_000); },
                r -> { r.setQuickLoginCheckMilliSeconds(quickLoginCheck); r.setFailureFactor(failureFactor); })) {
            for (int round = 0; round < warmUpRounds + rounds; round++) {
                for (int i = 0; i < kinds.size(); i++) {
                    Probe probe = probes.get(kinds.get((i + round) % kinds.size()));
                    RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()),
                            OidcClient.web(server));
                    journey.chooseUser(probe.typed());
                    double name = journey.lastNanos() / 1e6;
                    List<Double> codes = new ArrayList<>();
                    for (int c = 0; c < codesPerFlow; c++) {
                        Page page = journey.enterCode(probe.user() != null && probe.user().totp() != null
                                ? RecoveryUsers.wrongCode(probe.user().totp()) : "654321");
                        assertThat(page.text()).contains("This code was not accepted");
                        codes.add(journey.lastNanos() / 1e6);
                    }
                    if (round >= warmUpRounds) {
                        nameTimes.get(probe.name()).add(name);
                        codeTimes.get(probe.name()).add(median(codes));
                    }
                }
            }
        }

        String reference = "with TOTP";
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "Recovery response times before the mailbox is proven (%d rounds; per round 1 name and %d codes"
                        + " per kind; paired = median over rounds of (kind - 'with TOTP') in the same round, ± its"
                        + " standard error)%n%-16s %14s %14s %24s %24s%n", rounds, codesPerFlow, "account",
                "name median", "code median", "name diff (paired)", "code diff (paired)"));
        Map<String, double[]> diffs = new LinkedHashMap<>();
        for (String kind : kinds) {
            List<Double> names = pairedDifferences(nameTimes.get(kind), nameTimes.get(reference));
            List<Double> codes = pairedDifferences(codeTimes.get(kind), codeTimes.get(reference));
            double[] d = {median(names), median(codes)};
            diffs.put(kind, d);
            report.append(String.format(Locale.ROOT, "%-16s %11.1f ms %11.1f ms %12.1f ± %4.1f ms %12.1f ± %4.1f ms%n",
                    kind, median(nameTimes.get(kind)), median(codeTimes.get(kind)), d[0], standardError(names),
                    d[1], standardError(codes)));
        }
        double nameBound = allowed(median(nameTimes.get(reference)));
        double codeBound = allowed(median(codeTimes.get(reference)));
        report.append(String.format(Locale.ROOT, "allowed |paired difference|: name %.1f ms, code %.1f ms%n",
                nameBound, codeBound));
        Path file = server.artifactsDir().resolve("recovery-enumeration-timing.txt");
        Files.writeString(file, report.toString());
        System.out.print(report);

        diffs.forEach((kind, d) -> {
            assertThat(Math.abs(d[0])).as(kind + ": submit name\n" + report).isLessThanOrEqualTo(nameBound);
            assertThat(Math.abs(d[1])).as(kind + ": submit code\n" + report).isLessThanOrEqualTo(codeBound);
        });
    }

    /**
     * "Close": within 25 % of the reference median or 50 ms, whichever is larger. The leaks that
     * give accounts away in practice are work done for one kind only: a synchronous mail to a real
     * SMTP server or a password hash, each tens to hundreds of milliseconds per request (Keycloak's
     * own login hashes a dummy password for unknown users for this reason). Smaller differences
     * cannot be told from noise here: with other Keycloak servers running on these 2 cores (load
     * average above 10) the standard error of a paired median of 20 rounds was about 5 to 10 ms,
     * and single differences of 20 ms came and went between runs for accounts on the same path.
     */
    static double allowed(double referenceMillis) {
        return Math.max(0.25 * referenceMillis, 50.0);
    }

    /** Standard error of a median, from the median absolute deviation (robust against load spikes). */
    static double standardError(List<Double> values) {
        double median = median(values);
        List<Double> deviations = new ArrayList<>();
        values.forEach(v -> deviations.add(Math.abs(v - median)));
        double sigma = 1.4826 * median(deviations);
        return 1.2533 * sigma / Math.sqrt(values.size());
    }

    static List<Double> pairedDifferences(List<Double> times, List<Double> reference) {
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            differences.add(times.get(i) - reference.get(i));
        }
        return differences;
    }

    static double median(List<? extends Number> values) {
        List<Double> sorted = new ArrayList<>();
        values.forEach(v -> sorted.add(v.doubleValue()));
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
