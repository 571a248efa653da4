package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.KeycloakCluster;
import com.simptel.keycloak.harness.KeycloakDistribution;
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
     * One node's update to {@code jar}: the release is built beside the running node (a copy of its
     * distribution, {@code kc.sh build}), then the node is drained at the balancer, stopped (SIGTERM),
     * started on the new build, and back in the cluster view and the balancer's rotation. Returns
     * the distribution the node ran before, for {@link #rollBack}.
     */
    public static KeycloakDistribution update(KeycloakCluster cluster, KeycloakCluster.Node node, Path jar)
            throws IOException {
        Path parent = Path.of(System.getProperty("simptel.test.dir")).resolveSibling("release-" + node.name());
        KeycloakDistribution release = cluster.prepareRelease(node, jar, parent);
        cluster.stop(node);
        KeycloakDistribution before = cluster.switchTo(node, release);
        try {
            cluster.restart(node);
        } catch (IOException | RuntimeException e) {
            rollBack(cluster, node, before); // the classes after this one expect the JAR under test
            throw e;
        }
        return before;
    }

    /** The node back on the build it ran before {@link #update}, the same way (drained, stopped, started). */
    public static void rollBack(KeycloakCluster cluster, KeycloakCluster.Node node, KeycloakDistribution before)
            throws IOException {
        cluster.stop(node);
        cluster.switchTo(node, before);
        cluster.restart(node);
    }
}
