package com.simptel.keycloak.harness;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The next release of our JAR for a rolling update: the same classes, another version (the one
 * {@code project.properties} gives, which the admin console shows), in a file named for it.
 */
public final class ProviderJarCopy {

    private static final String PROPERTIES = "com/simptel/keycloak/common/project.properties";

    private ProviderJarCopy() {
    }

    /** Copies {@code jar} into {@code dir} as {@code simptel-keycloak-<version>.jar}, rewriting its version. */
    public static Path withVersion(Path jar, String version, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path copy = dir.resolve("simptel-keycloak-" + version + ".jar");
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + copy.toUri()), Map.of())) {
            Path properties = zip.getPath(PROPERTIES);
            if (!Files.exists(properties)) {
                throw new IOException(jar + " has no " + PROPERTIES);
            }
            String text = Files.readString(properties).replaceAll("(?m)^version=.*$", "version=" + version);
            Files.writeString(properties, text);
        }
        return copy;
    }

    /** The version a JAR of ours carries. */
    public static String versionOf(Path jar) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            return Files.readAllLines(zip.getPath(PROPERTIES)).stream().filter(l -> l.startsWith("version="))
                    .map(l -> l.substring("version=".length())).findFirst()
                    .orElseThrow(() -> new IOException(jar + " names no version"));
        }
    }
}
