package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.KeycloakCluster;
import com.simptel.keycloak.harness.ProviderJarCopy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The next release of the JAR under test, for rolling updates: the same sources, the patch version
 * one up (0.1.0-SNAPSHOT gives 0.1.1-SNAPSHOT), so a node that runs it is told from one that does not.
 */
public final class NextRelease {

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(.*)");

    private NextRelease() {
    }

    /** The JAR under test (system property {@code simptel.providers.jar}). */
    public static Path current() {
        return Path.of(System.getProperty("simptel.providers.jar"));
    }

    /** A copy of the JAR under test with the next patch version, beside the test's work folder. */
    public static Path jar() throws IOException {
        Path jar = current();
        Path dir = Path.of(System.getProperty("simptel.test.dir")).resolveSibling("next-release");
        return ProviderJarCopy.withVersion(jar, next(ProviderJarCopy.versionOf(jar)), dir);
    }

    static String next(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a version: " + version);
        }
        return m.group(1) + "." + m.group(2) + "." + (Integer.parseInt(m.group(3)) + 1) + m.group(4);
    }

    /**
     * One node's update: drained at the balancer, SIGTERM, the new JAR installed and built, started,
     * back in the cluster view and in the balancer's rotation.
     */
    public static void update(KeycloakCluster cluster, KeycloakCluster.Node node, Path jar) throws IOException {
        cluster.stop(node);
        cluster.installProvider(node, jar);
        cluster.restart(node);
    }
}
