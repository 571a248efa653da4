package com.simptel.keycloak.compatibility;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A format constant (a note or key name, a {@code VERSION}) that changes without its format's
 * version fails here, and so does a new note or key outside every format.
 */
class StoredFormatsTest {

    private static final String BASE = "com.simptel.keycloak.";

    @Test
    void everyFormatsConstantsMatchTheFingerprintRecordedBesideItsVersion() throws Exception {
        List<String> changed = new ArrayList<>();
        for (StoredFormats.Format format : StoredFormats.ALL) {
            String now = fingerprint(format);
            if (!now.equals(format.fingerprint())) {
                changed.add("format '" + format.key() + "' (version " + format.version() + ") has changed: "
                        + constants(format) + ". If nodes of the old JAR can no longer read what the new one writes"
                        + " (or the other way round), raise its version in StoredFormats; either way record fingerprint \""
                        + now + "\" beside it.");
            }
        }
        assertThat(changed).as("StoredFormats is out of date").isEmpty();
    }

    /** Guards the guard: a changed constant does change the fingerprint. */
    @Test
    void theFingerprintFollowsTheConstants() {
        assertThat(fingerprintOf(List.of("emailcode.CodeNotes.STATE_NOTE=simptel.email-code.state")))
                .isNotEqualTo(fingerprintOf(List.of("emailcode.CodeNotes.STATE_NOTE=simptel.email-code.state2")))
                .hasSize(16);
    }

    @Test
    void everyNoteAndKeyOfTheJarBelongsToAFormat() throws Exception {
        Set<String> holders = StoredFormats.ALL.stream().flatMap(f -> f.holders().stream()).collect(Collectors.toSet());
        Set<String> outside = new TreeSet<>();
        for (Class<?> type : allClasses()) {
            String name = type.getName().substring(BASE.length());
            for (Field field : type.getDeclaredFields()) {
                if (isStoreKey(field) && !holders.contains(name)) {
                    outside.add(name + "." + field.getName());
                }
            }
        }
        assertThat(outside).as("notes or keys kept in Keycloak's stores but in no format of StoredFormats").isEmpty();
    }

    @Test
    void metadataNamesEveryFormatWithItsVersion() {
        assertThat(new StoredFormatsMetadataProvider().metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "email-code", "2", "recovery", "1", "first-party", "2", "session-notes", "1", "single-use", "2"));
        assertThat(new StoredFormatsMetadataProvider().getId()).isEqualTo("simptel");
    }

    private static String fingerprint(StoredFormats.Format format) throws Exception {
        return fingerprintOf(constants(format));
    }

    /** "holder.FIELD=value" for the fields that define a format, sorted. */
    private static List<String> constants(StoredFormats.Format format) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String holder : format.holders()) {
            Class<?> type = Class.forName(BASE + holder);
            for (Field field : type.getDeclaredFields()) {
                if (definesFormat(field)) {
                    field.setAccessible(true);
                    lines.add(holder + "." + field.getName() + "=" + field.get(null));
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    private static String fingerprintOf(List<String> lines) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names in our namespace ("simptel.") and version constants. */
    private static boolean definesFormat(Field field) throws IllegalAccessException {
        if (!isConstant(field)) {
            return false;
        }
        field.setAccessible(true);
        Object value = field.get(null);
        return field.getName().contains("VERSION") || value instanceof String s && s.startsWith("simptel.");
    }

    /** A note or key name: what a store holds under it outlives the request. */
    private static boolean isStoreKey(Field field) throws IllegalAccessException {
        if (!isConstant(field) || field.getType() != String.class
                || !(field.getName().endsWith("NOTE") || field.getName().endsWith("PREFIX"))) {
            return false;
        }
        field.setAccessible(true);
        return ((String) field.get(null)).startsWith("simptel.");
    }

    private static boolean isConstant(Field field) {
        int m = field.getModifiers();
        return Modifier.isStatic(m) && Modifier.isFinal(m)
                && (field.getType() == String.class || field.getType().isPrimitive());
    }

    private static List<Class<?>> allClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(StoredFormats.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("com/simptel/keycloak"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, StoredFormatsTest.class.getClassLoader()));
            }
        }
        return classes;
    }
}
