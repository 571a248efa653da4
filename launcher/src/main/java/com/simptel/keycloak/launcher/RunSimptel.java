package com.simptel.keycloak.launcher;

import com.simptel.keycloak.harness.DemoUsers;
import com.simptel.keycloak.harness.FreePorts;
import com.simptel.keycloak.harness.KeycloakDistribution;
import com.simptel.keycloak.harness.KeycloakProcess;
import com.simptel.keycloak.harness.KeycloakSettings;
import com.simptel.keycloak.harness.MailCatcher;
import com.simptel.keycloak.harness.RealmEnvironment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The run command: Keycloak with our JAR and realms on its embedded database (kept in .run/
 * between runs), a mail catcher with a readable inbox, and a banner of where everything is.
 * Ctrl-C stops all of it.
 */
public final class RunSimptel {

    private static final String HOST = "127.0.0.1";

    private RunSimptel() {
    }

    public static void main(String[] args) throws Exception {
        Path runDir = Path.of(required("simptel.run.dir")).toAbsolutePath().normalize();
        Path realmConfig = Path.of(required("simptel.realm.config")).toAbsolutePath().normalize();
        Path providersJar = Path.of(required("simptel.providers.jar")).toAbsolutePath().normalize();
        Path zip = Path.of(required("simptel.keycloak.zip"));
        boolean fresh = List.of(args).contains("--fresh") || "true".equals(System.getProperty("simptel.fresh"));

        int httpPort = port("SIMPTEL_HTTP_PORT", 8080);
        int managementPort = port("SIMPTEL_MANAGEMENT_PORT", 9000);
        int smtpPort = port("SIMPTEL_SMTP_PORT", 3025);
        int inboxPort = port("SIMPTEL_INBOX_PORT", 8025);
        List<String> busy = new ArrayList<>();
        for (int p : new int[] {httpPort, managementPort, smtpPort, inboxPort}) {
            if (!FreePorts.isFree(HOST, p)) {
                busy.add(Integer.toString(p));
            }
        }
        if (!busy.isEmpty()) {
            System.err.println("Port(s) " + String.join(", ", busy) + " on " + HOST + " are in use. Stop what uses them,"
                    + " or choose others with SIMPTEL_HTTP_PORT, SIMPTEL_MANAGEMENT_PORT, SIMPTEL_SMTP_PORT,"
                    + " SIMPTEL_INBOX_PORT.");
            System.exit(2);
        }

        log("Preparing Keycloak in " + runDir + " ...");
        KeycloakDistribution dist = KeycloakDistribution.unpack(zip, runDir);
        dist.installProvider(providersJar);
        dist.installRealms(realmConfig);
        if (fresh) {
            log("--fresh: deleting the embedded database; realms are imported anew.");
            dist.wipeDatabase();
        }
        boolean importing = !dist.hasDatabase();

        MailCatcher mail = MailCatcher.start(HOST, smtpPort);
        MailInbox inbox = MailInbox.start(mail, HOST, inboxPort);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            inbox.close();
            mail.close();
        }, "stop-mail"));

        String publicUrl = "http://localhost:" + httpPort;
        Map<String, String> env = RealmEnvironment.of(publicUrl, "localhost", smtpPort);
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("SIMPTEL_") || k.startsWith("KC_")) {
                env.put(k, v); // an operator's own settings win over the demo defaults
            }
        });
        Path log = runDir.resolve("keycloak.log");
        log("Starting Keycloak " + System.getProperty("simptel.keycloak.version", "") + " (about 30 s; log: " + log + ") ...");
        long started = System.nanoTime();
        KeycloakSettings settings = new KeycloakSettings(HOST, httpPort, managementPort, env, log, Duration.ofMinutes(5));
        KeycloakProcess keycloak = dist.start(settings);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        banner(publicUrl, settings.metricsUrl(), env, smtpPort, inboxPort, realmConfig, log, seconds);
        Path stampFile = runDir.resolve("realm-import.stamp");
        RealmImportStamp stamp = RealmImportStamp.of(realmConfig, env);
        if (importing) {
            stamp.write(stampFile);
        } else {
            List<String> changed = stamp.changesSince(stampFile);
            if (!changed.isEmpty()) {
                log("NOTE: the realms kept in .run/ were imported before " + String.join(", ", changed)
                        + " changed. Keycloak keeps existing realms as they are: run ./run.sh --fresh to import"
                        + " them anew (this deletes users registered since).");
            }
        }
        int exit = keycloak.awaitExit();
        if (stopping.get()) {
            log("Stopped.");
            return;
        }
        log("Keycloak exited by itself (code " + exit + "). Last lines of " + log + ":\n" + keycloak.logTail(30));
        System.exit(1);
    }

    private static void banner(String url, String metricsUrl, Map<String, String> env, int smtpPort, int inboxPort, Path realmConfig,
                               Path log, long seconds) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("\n==============================================================================\n");
        b.append(" Simptel on Keycloak is running (ready after ").append(seconds).append(" s)\n");
        b.append("------------------------------------------------------------------------------\n");
        b.append(" Discovery      ").append(url).append("/realms/simptel/.well-known/openid-configuration\n");
        b.append(" Sign in/up     ").append(url).append("/realms/simptel/account  (Register link on the login page)\n");
        b.append(" App sign-in    POST ").append(url).append("/realms/simptel/authorization-challenge"
                + "  (JSON, first-party client simptel-app, docs/first-party-apps.md)\n");
        b.append(" Admin console  ").append(url).append("/admin/  login ")
                .append(env.get("KC_BOOTSTRAP_ADMIN_USERNAME")).append(" / ").append(env.get("KC_BOOTSTRAP_ADMIN_PASSWORD"))
                .append("\n");
        // .run/ keeps users as they are now, the files say how they were imported.
        b.append(" Demo users     passwords as first imported (a recovery or reset may have changed one;\n");
        b.append("                ./run.sh --fresh restores them); sign in with username or email\n");
        for (DemoUsers.DemoUser u : DemoUsers.read(realmConfig)) {
            b.append(String.format("   %-24s %-8s %-23s / %s%n", "realm " + u.realm(), u.username(),
                    u.email() == null ? "" : u.email(), u.password()));
        }
        for (DemoUsers.DemoTotp t : DemoUsers.readTotp(realmConfig)) {
            // For "Forgot password?": the secret to type into an authenticator app, or the URI to import.
            b.append(String.format("   %-24s %-8s TOTP %s%n", "realm " + t.realm(), t.username(), t.base32Secret()));
            b.append(" ".repeat(37)).append(t.otpauthUri()).append("\n");
        }
        b.append(" Mail inbox     http://localhost:").append(inboxPort).append("/   (JSON: curl http://localhost:")
                .append(inboxPort).append("/messages)\n");
        b.append(" SMTP           localhost:").append(smtpPort).append("  (any address, nothing leaves this machine)\n");
        b.append(" Metrics        ").append(metricsUrl).append("  (Prometheus; ours are simptel_*)\n");
        b.append(" Keycloak log   ").append(log).append("\n");
        b.append("------------------------------------------------------------------------------\n");
        b.append(" Ctrl-C stops everything. Data is kept in .run/ (./run.sh --fresh starts anew).\n");
        b.append("==============================================================================\n");
        System.out.print(b);
        System.out.flush();
    }

    private static int port(String env, int fallback) {
        String value = System.getenv(env);
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(env + " must be a port number, not '" + value + "'");
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: start with ./run.sh");
        }
        return value;
    }

    private static void log(String line) {
        System.out.println("[simptel] " + line);
    }
}
