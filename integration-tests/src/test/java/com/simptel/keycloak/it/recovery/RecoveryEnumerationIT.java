package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.BruteForceStatus;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.RealmFixtures;
import com.simptel.keycloak.it.support.RecoveryPages;
import com.simptel.keycloak.it.support.EmailCodePage;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.Timings;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.UserRepresentation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static com.simptel.keycloak.it.support.Timings.median;
import static com.simptel.keycloak.it.support.Timings.pairedDifferences;
import static com.simptel.keycloak.it.support.Timings.standardError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Until the mailbox is proven, nobody can tell from the recovery pages or their timing whether an
 * account exists, is disabled, has an email, has TOTP or prefers another language: with the
 * realm-config flow (the emailed-code page comes first, and only real mailboxes get a code), and
 * with the email step switched off (then a user without TOTP must fail at the TOTP step exactly
 * like a wrong code).
 */
@SimptelIT
public class RecoveryEnumerationIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();
    private static Map<String, Probe> probes;

    /** One kind of account an onlooker might try to detect. */
    record Probe(String name, String typed, TestUser user) {

        /** A code of the right shape that is wrong for this account at this step. */
        String wrongCode(Stage stage) {
            return stage == Stage.TOTP && user != null && user.totp() != null
                    ? user.totp().wrongCode() : "123456";
        }
    }

    /** The step right after "choose user": the emailed code (realm-config), or the TOTP (email step off). */
    enum Stage {
        EMAIL_CODE(EmailCodePage.FORM, "That code is not correct."),
        TOTP(RecoveryPages.TOTP_FORM, "This code was not accepted");

        final String form;
        final String wrongMessage;

        Stage(String form, String wrongMessage) {
            this.form = form;
            this.wrongMessage = wrongMessage;
        }
    }

    @BeforeAll
    static void setUp(SimptelServer server) {
        // this class measures enumeration, sending dozens of codes to one account; the mail bound has its own test
        RealmFixtures.setMailBound(server, "1000");
        TestUser disabled = users.user("enum-disabled").withTotp().create();
        UserRepresentation rep = server.realm().users().get(disabled.id()).toRepresentation();
        rep.setEnabled(false);
        server.realm().users().get(disabled.id()).update(rep);

        probes = new LinkedHashMap<>();
        add(new Probe("with TOTP", null, users.user("enum-real").withTotp().create()));
        add(new Probe("unknown account", "enum-ghost-" + UUID.randomUUID().toString().substring(0, 8), null));
        add(new Probe("without TOTP", null, users.user("enum-nototp").create()));
        add(new Probe("without email", null, users.user("enum-nomail").withoutEmail().withTotp().create()));
        add(new Probe("German profile", null, users.user("enum-german").withTotp().locale("de").create()));
        add(new Probe("disabled", null, disabled));
    }

    @AfterAll
    static void tearDown(SimptelServer server) {
        RealmFixtures.setMailBound(server, null);
    }

        private static void add(Probe probe) {
        String typed = probe.typed() != null ? probe.typed() : probe.user().username();
        probes.put(probe.name(), new Probe(probe.name(), typed, probe.user()));
    }

    @Test
    void emailStepOnEveryKindOfAccountSeesTheSameCodePageAndOnlyRealMailboxesGetACode(SimptelServer server) {
        Map<String, Integer> mailsBefore = new LinkedHashMap<>();
        probes.values().stream().filter(p -> p.user() != null && p.user().email() != null)
                .forEach(p -> mailsBefore.put(p.name(), server.mail().messagesTo(p.user().email()).size()));

        long started = System.currentTimeMillis() - 1000;
        List<String> reference = assertSamePages(server, Stage.EMAIL_CODE, 4);
        assertThat(reference.get(0)).contains("kc-email-code-form").contains("lang=\"en\"");

        // Only the accounts that can receive mail got a code (no mail where there is no account).
        for (String kind : List.of("with TOTP", "without TOTP", "German profile")) {
            TestUser user = probes.get(kind).user();
            server.mail().awaitMessagesTo(user.email(), mailsBefore.get(kind) + 1, Duration.ofSeconds(30));
        }
        // What the step chose for the others is on record in the request: choose-user's error for the
        // unknown and the disabled account, then the step's "no recipient" for each of the three.
        awaitChooseUserError(server, "unknown account", "user_not_found", started);
        awaitChooseUserError(server, "disabled", "user_disabled", started);
        RealmEvents.await(server, "SEND_VERIFY_EMAIL_ERROR", null, 3, "the step sent nothing to three accounts",
                RealmEvents.since(started).and(RealmEvents.detail("reason", "no_recipient")));
        assertThat(server.mail().messagesTo(probes.get("disabled").user().email()))
                .as("a disabled account gets no code").hasSize(mailsBefore.get("disabled"));
        String ghost = probes.get("unknown account").typed();
        assertThat(server.mail().messages()).noneMatch(m -> recipients(m).contains(ghost));
    }

    private static void awaitChooseUserError(SimptelServer server, String kind, String error, long since) {
        RealmEvents.await(server, "RESET_PASSWORD_ERROR", null, 1, kind + " chosen",
                RealmEvents.since(since).and(RealmEvents.detail("username", probes.get(kind).typed()))
                        .and(e -> error.equals(e.getError())));
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (MessagingException e) {
            throw new AssertionError("Unreadable recipients of a caught mail", e);
        }
    }

    @Test
    void emailStepOffEveryKindOfAccountSeesTheSameTotpPagesAndGetsNoMail(SimptelServer server) {
        try (RecoveryFlowAdmin.Undo off = RecoveryFlowAdmin.emailStepOff(server)) {
            Map<String, Integer> mailsBefore = new LinkedHashMap<>();
            probes.values().stream().filter(p -> p.user() != null && p.user().email() != null)
                    .forEach(p -> mailsBefore.put(p.name(), server.mail().messagesTo(p.user().email()).size()));

            long started = System.currentTimeMillis() - 1000;
            List<String> reference = assertSamePages(server, Stage.TOTP, 5);
            assertThat(reference.get(0)).contains("kc-recovery-totp-form").contains("lang=\"en\"");
            assertThat(reference.get(5)).contains("Too many codes were not accepted");

            // A failing recovery sends nothing; a user without TOTP is counted like a wrong code. Every
            // probe's last wrong code is on record (the 5th: the cap) before the mailboxes are checked.
            for (Probe probe : probes.values()) {
                RealmEvents.await(server, "RESET_PASSWORD_ERROR", null, 1, probe.name() + ": 5th code refused",
                        RealmEvents.since(started).and(RealmEvents.detail("username", probe.typed()))
                                .and(RealmEvents.detail("recovery_step", "totp_failed"))
                                .and(RealmEvents.detail("failures", "5")));
            }
            mailsBefore.forEach((kind, before) -> assertThat(server.mail().messagesTo(probes.get(kind).user().email()))
                    .as(kind).hasSize(before));
            BruteForceStatus.awaitFailures(server, probes.get("without TOTP").user().id(), 1);
        }
    }

    /**
     * Walks every kind to the step, then sends {@code wrongCodes} wrong codes, and asserts each
     * page is the same as for the account with TOTP. Returns that account's pages.
     */
    private static List<String> assertSamePages(SimptelServer server, Stage stage, int wrongCodes) {
        Map<String, List<String>> fingerprints = new LinkedHashMap<>();
        for (Probe probe : probes.values()) {
            RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), OidcClient.web(server));
            List<String> pages = new ArrayList<>();
            Page first = journey.chooseUser(probe.typed());
            assertThat(first.hasElement(stage.form)).as(probe.name() + ":\n" + first.text()).isTrue();
            pages.add(PageFingerprint.of(first, probe.typed()));
            for (int attempt = 1; attempt <= wrongCodes; attempt++) {
                Page page = stage == Stage.TOTP ? journey.enterCode(probe.wrongCode(stage))
                        : journey.enterEmailCode(probe.wrongCode(stage));
                pages.add(PageFingerprint.of(page, probe.typed()));
            }
            fingerprints.put(probe.name(), pages);
        }
        List<String> reference = fingerprints.get("with TOTP");
        assertThat(reference.get(1)).contains(stage.wrongMessage);
        fingerprints.forEach((name, pages) -> {
            for (int i = 0; i < pages.size(); i++) {
                assertThat(pages.get(i)).as(name + ", page " + i + " differs from the account with TOTP")
                        .isEqualTo(reference.get(i));
            }
        });
        return reference;
    }

    @Test
    void emailStepOnResponseTimesDoNotTellTheAccountsApart(SimptelServer server) throws IOException {
        measure(server, Stage.EMAIL_CODE, "recovery-enumeration-timing-email-step.txt");
    }

    @Test
    void emailStepOffResponseTimesDoNotTellTheAccountsApart(SimptelServer server) throws IOException {
        try (RecoveryFlowAdmin.Undo off = RecoveryFlowAdmin.emailStepOff(server)) {
            measure(server, Stage.TOTP, "recovery-enumeration-timing-totp-step.txt");
        }
    }

    /**
     * The two requests an onlooker can time before the mailbox is proven (submitting the name,
     * submitting a code) must take about as long for every kind of account. Each round walks every
     * kind once, in rotating order; the per-round difference to the account with TOTP cancels the
     * load other processes put on this shared machine, and its median over the rounds is the
     * systematic difference, which must be "close" (see {@link Timings#allowedDifference}).
     */
    private static void measure(SimptelServer server, Stage stage, String reportFile) throws IOException {
        int rounds = 20;
        int warmUpRounds = 2;
        int codesPerFlow = 4; // one more ends the flow (TOTP) or the code (email) on another page
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
                        Page page = stage == Stage.TOTP ? journey.enterCode(probe.wrongCode(stage))
                                : journey.enterEmailCode(probe.wrongCode(stage));
                        assertThat(page.text()).contains(stage.wrongMessage);
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
                "Recovery response times before the mailbox is proven, step after 'choose user': %s (%d rounds;"
                        + " per round 1 name and %d codes per kind; paired = median over rounds of (kind - 'with"
                        + " TOTP') in the same round, ± its standard error)%n%-16s %14s %14s %24s %24s%n",
                stage == Stage.TOTP ? "TOTP (email step off)" : "emailed code (realm-config)", rounds,
                codesPerFlow, "account", "name median", "code median", "name diff (paired)", "code diff (paired)"));
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
        double nameBound = Timings.allowedDifference(median(nameTimes.get(reference)));
        double codeBound = Timings.allowedDifference(median(codeTimes.get(reference)));
        report.append(String.format(Locale.ROOT, "allowed |paired difference|: name %.1f ms, code %.1f ms%n",
                nameBound, codeBound));
        Path file = server.artifactsDir().resolve(reportFile);
        Files.writeString(file, report.toString());
        System.out.print(report);

        diffs.forEach((kind, d) -> {
            assertThat(Math.abs(d[0])).as(kind + ": submit name\n" + report).isLessThanOrEqualTo(nameBound);
            assertThat(Math.abs(d[1])).as(kind + ": submit code\n" + report).isLessThanOrEqualTo(codeBound);
        });
    }
}
