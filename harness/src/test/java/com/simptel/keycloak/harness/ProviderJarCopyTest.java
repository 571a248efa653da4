package com.simptel.keycloak.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderJarCopyTest {

    @Test
    void theCopyCarriesTheNewVersionAndEverythingElseUnchanged(@TempDir Path dir) throws IOException {
        Path jar = jar(dir.resolve("simptel-keycloak-0.1.0-SNAPSHOT.jar"),
                "# Written by the build\nversion=0.1.0-SNAPSHOT\n");
        Path copy = ProviderJarCopy.withVersion(jar, "0.1.1-SNAPSHOT", dir.resolve("next"));

        assertThat(copy.getFileName().toString()).isEqualTo("simptel-keycloak-0.1.1-SNAPSHOT.jar");
        assertThat(ProviderJarCopy.versionOf(copy)).isEqualTo("0.1.1-SNAPSHOT");
        assertThat(ProviderJarCopy.versionOf(jar)).as("the original is left alone").isEqualTo("0.1.0-SNAPSHOT");
        try (ZipFile zip = new ZipFile(copy.toFile())) {
            assertThat(new String(zip.getInputStream(zip.getEntry("com/simptel/keycloak/Some.class")).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("class bytes");
            assertThat(new String(zip.getInputStream(zip.getEntry("com/simptel/keycloak/common/project.properties"))
                    .readAllBytes(), StandardCharsets.UTF_8)).startsWith("# Written by the build\n");
        }
    }

    @Test
    void aJarWithoutOurVersionFileIsRefused(@TempDir Path dir) throws IOException {
        Path other = dir.resolve("other.jar");
        try (OutputStream out = Files.newOutputStream(other); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("x.txt"));
            zip.write(1);
        }
        assertThatThrownBy(() -> ProviderJarCopy.withVersion(other, "1.0.0", dir.resolve("next")))
                .hasMessageContaining("project.properties");
    }

    private static Path jar(Path path, String properties) throws IOException {
        try (OutputStream out = Files.newOutputStream(path); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("com/simptel/keycloak/Some.class"));
            zip.write("class bytes".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("com/simptel/keycloak/common/project.properties"));
            zip.write(properties.getBytes(StandardCharsets.UTF_8));
        }
        return path;
    }
}
