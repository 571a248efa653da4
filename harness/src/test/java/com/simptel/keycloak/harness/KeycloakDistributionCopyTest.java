package com.simptel.keycloak.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster's second node is a copy of the first node's built distribution: one {@code kc.sh build}
 * (here a stand-in script that counts its runs) for both.
 */
class KeycloakDistributionCopyTest {

    @Test
    void theSecondNodeIsACopyOfTheBuiltFirst(@TempDir Path work) throws IOException {
        Path zip = fakeDistribution(work);
        Path jar = Files.writeString(work.resolve("simptel-keycloak-1.jar"), "one");
        KeycloakDistribution first = KeycloakDistribution.unpack(zip, work.resolve("node1"));
        first.installProvider(jar);
        Files.createDirectories(first.home().resolve("data").resolve("import"));
        Files.writeString(first.home().resolve("data").resolve("import").resolve("simptel-realm.json"), "{}");
        Files.createDirectories(first.home().resolve("data").resolve("tmp"));
        Files.writeString(first.home().resolve("data").resolve("tmp").resolve("run.tmp"), "a run's file");
        assertThat(first.build(List.of("--db=postgres"), true)).isTrue();

        KeycloakDistribution second = first.copyTo(work.resolve("node2"));

        Path home = second.home();
        assertThat(home).isEqualTo(work.resolve("node2").resolve("keycloak-0.0.0"));
        assertThat(Files.readString(home.resolve("lib").resolve("builds.txt"))).isEqualTo("built\n");
        assertThat(Files.isExecutable(home.resolve("bin").resolve("kc.sh"))).isTrue();
        assertThat(second.installedProvider().getFileName().toString()).isEqualTo("simptel-keycloak-1.jar");
        assertThat(home.resolve("data").resolve("import").resolve("simptel-realm.json")).exists();
        assertThat(home.resolve("data").resolve("tmp")).doesNotExist();
        // the copy counts as built with the same options: no second build
        assertThat(second.build(List.of("--db=postgres"), false)).isFalse();

        // the next run: same build and providers, the copy is kept as it is
        Files.writeString(home.resolve("kept.txt"), "kept");
        assertThat(first.copyTo(work.resolve("node2")).home().resolve("kept.txt")).exists();

        // another JAR on the first node: the copy is made again
        first.installProvider(Files.writeString(work.resolve("simptel-keycloak-2.jar"), "two"));
        first.build(List.of("--db=postgres"), true);
        KeycloakDistribution again = first.copyTo(work.resolve("node2"));
        assertThat(again.home().resolve("kept.txt")).doesNotExist();
        assertThat(again.installedProvider().getFileName().toString()).isEqualTo("simptel-keycloak-2.jar");
        assertThat(Files.readString(again.home().resolve("lib").resolve("builds.txt"))).isEqualTo("built\nbuilt\n");
    }

    /** A zip shaped like keycloak-quarkus-dist whose kc.sh build appends a line to lib/builds.txt. */
    private static Path fakeDistribution(Path work) throws IOException {
        Path zip = work.resolve("keycloak-0.0.0.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("keycloak-0.0.0/bin/kc.sh"));
            z.write("#!/bin/sh\ncd \"$(dirname \"$0\")/..\" && mkdir -p lib && echo built >> lib/builds.txt\n"
                    .getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("keycloak-0.0.0/lib/lib/main/some.jar"));
            z.write("jar".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return zip;
    }
}
