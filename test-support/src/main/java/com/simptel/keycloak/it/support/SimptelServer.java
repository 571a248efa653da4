package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.FreePorts;
import com.simptel.keycloak.harness.KeycloakCluster;
import com.simptel.keycloak.harness.MailCatcher;
import com.simptel.keycloak.harness.RealmEnvironment;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real Keycloak 26 with our JAR and realm-config, plus a real SMTP server, shared by every
 * test class of one run (see {@link SimptelIT}).
 */
public final class SimptelServer implements AutoCloseable {

    public static final String REALM = "simptel";
    public static final String EXTERNAL_REALM = "simptel-external";

    private final TestSettings settings;
    private final KeycloakBackend backend;
    private final MailCatcher mail;
    private Keycloak admin;

    private SimptelServer(TestSettings settings, KeycloakBackend backend, MailCatcher mail) {
        this.settings = settings;
        this.backend = backend;
        this.mail = mail;
    }

    static SimptelServer start() {
        TestSettings settings = TestSettings.fromSystemProperties();
        MailCatcher mail = MailCatcher.start("127.0.0.1", FreePorts.pick());
        KeycloakBackend backend = KeycloakBackend.of(settings.backend());
        SimptelServer server = new SimptelServer(settings, backend, mail);
        try {
            Files.createDirectories(settings.artifactsDir());
            backend.start(settings, mail.port());
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("Keycloak did not start: " + e.getMessage(), e);
        }
    }

    /**
     * The same server outside JUnit, for tools such as the benchmark ({@code ./bench.sh}); the
     * caller closes it.
     */
    public static SimptelServer startStandalone() {
        return start();
    }

    /** http://localhost:port */
    public String baseUrl() {
        return backend.baseUrl();
    }

    /** Keycloak's Prometheus scrape on the management port, ours (simptel_*) among them. */
    public String metricsUrl() {
        return backend.metricsUrl();
    }

    /** The {@code /metrics} of every running node: one, or each node of a cluster. */
    public List<String> metricsUrls() {
        if (backend instanceof ClusterBackend clustered) {
            return clustered.cluster().nodes().stream().filter(KeycloakCluster.Node::isRunning)
                    .map(KeycloakCluster.Node::metricsUrl).toList();
        }
        return List.of(metricsUrl());
    }

    /** The two nodes, PostgreSQL and the load balancer when the backend is {@code cluster}. */
    public KeycloakCluster cluster() {
        if (backend instanceof ClusterBackend clustered) {
            return clustered.cluster();
        }
        throw new IllegalStateException("not a cluster run: mvn -B verify -Pcluster");
    }

    /** http://localhost:port/realms/simptel */
    public String realmUrl() {
        return realmUrl(REALM);
    }

    public String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /** The OIDC endpoints of the simptel realm: {@code .../protocol/openid-connect/<name>}. */
    public String oidcEndpoint(String name) {
        return realmUrl() + "/protocol/openid-connect/" + name;
    }

    /** The real SMTP server Keycloak sends to (the realm's smtpServer points at it). */
    public MailCatcher mail() {
        return mail;
    }

    /** Admin REST client logged in to the master realm as the bootstrap admin. */
    public synchronized Keycloak admin() {
        if (admin == null) {
            admin = Keycloak.getInstance(baseUrl(), "master", RealmEnvironment.ADMIN_USER,
                    RealmEnvironment.ADMIN_PASSWORD, "admin-cli");
        }
        return admin;
    }

    public RealmResource realm() {
        return admin().realm(REALM);
    }

    /** The realm-config folder this server imported (realm files and demo users files). */
    public Path realmConfig() {
        return settings.realmConfig();
    }

    /** Folder kept after the run for screenshots and logs (integration-tests/target/test-artifacts). */
    public Path artifactsDir() {
        return settings.artifactsDir();
    }

    /**
     * Stops and starts Keycloak on the same database. Tokens stay valid (same keys), user sessions
     * persist; the admin client logs in anew.
     */
    public synchronized void restart() throws Exception {
        closeAdmin();
        backend.restart();
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    @Override
    public void close() {
        closeAdmin();
        backend.close();
        mail.close();
    }
}
