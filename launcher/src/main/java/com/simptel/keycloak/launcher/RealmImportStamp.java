package com.simptel.keycloak.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the realms kept in {@code .run/} were imported from: a hash of each file of realm-config
 * (realm files and demo users files) and of each {@code ${VAR}} value those files read. Keycloak skips realms that already exist, so a changed
 * realm file or port only takes effect after {@code --fresh}; this lets the run command say so.
 * Only hashes are written, never the values (some are secrets).
 */
final class RealmImportStamp {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::[^}]*)?}");

    private final Map<String, String> hashes;

    private RealmImportStamp(Map<String, String> hashes) {
        this.hashes = hashes;
    }

    static RealmImportStamp of(Path realmConfigDir, Map<String, String> environment) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(realmConfigDir, "*.json")) {
            for (Path file : files) {
                String json = Files.readString(file, StandardCharsets.UTF_8);
                hashes.put(file.getFileName().toString(), sha256(json));
                Matcher m = PLACEHOLDER.matcher(json);
                while (m.find()) {
                    String value = environment.get(m.group(1));
                    hashes.put(m.group(1), sha256(value == null ? "(default)" : "=" + value));
                }
            }
        }
        return new RealmImportStamp(hashes);
    }

    void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.putAll(hashes);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "What the realms in this folder were imported from (SHA-256, values not stored)");
        }
    }

    /** Names of the realm files and variables that differ from {@code file}; empty if none or no file. */
    List<String> changesSince(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Properties before = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            before.load(in);
        }
        List<String> changed = new ArrayList<>();
        hashes.forEach((name, hash) -> {
            if (!hash.equals(before.getProperty(name))) {
                changed.add(name);
            }
        });
        for (String name : before.stringPropertyNames()) {
            if (!hashes.containsKey(name)) {
                changed.add(name);
            }
        }
        return changed;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
