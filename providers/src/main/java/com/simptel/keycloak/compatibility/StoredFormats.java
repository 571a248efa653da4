package com.simptel.keycloak.compatibility;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every format this JAR keeps in Keycloak's stores, each with its version. A node with another
 * JAR reads what this one wrote (authentication sessions and the single-use store are replicated
 * between nodes, user-session notes are in the database), so two JARs can share a cluster only
 * while every version is the same. A format is defined by the constants of its holder classes
 * (their note and key names, their {@code VERSION}s); {@code fingerprint} is what
 * {@code StoredFormatsTest} computes over them, recorded beside the version so that a changed
 * constant without a new version fails the build.
 */
final class StoredFormats {

    /** One format: metadata key, version, fingerprint of its constants, classes (under com.simptel.keycloak) defining it. */
    record Format(String key, int version, String fingerprint, List<String> holders) {
    }

    static final List<Format> ALL = List.of(
            // authentication-session notes of the emailed-code step: code state (hash, salt, expiry, tries), flow failures
            new Format("email-code", 1, "aabe9d2c21d161c8",
                    List.of("emailcode.CodeNotes", "emailcode.CodeState", "emailcode.StepMails")),
            // authentication-session notes of the TOTP recovery step
            new Format("recovery", 1, "47517976172373dc",
                    List.of("recovery.RecoveryTotpStep", "recovery.RecoveryEvents")),
            // the first-party handle (secret hash, flow, start) and the journey's notes
            new Format("first-party", 1, "2bba0c4850425a26",
                    List.of("firstparty.ChallengeSessions", "firstparty.Exchange", "firstparty.RecoveryJourney")),
            // user-session notes: the bucket with its version (the ETag), the user agent, the auth mode
            new Format("session-notes", 1, "0ca20a570a779b3e",
                    List.of("sessions.SessionNotes", "authmode.AuthMode")),
            // single-use store entries: the bucket write lock, the per-user budget of wrong codes
            new Format("single-use", 1, "02d788e0403abe2d",
                    List.of("sessions.BucketWrites", "emailcode.UserGuessBudget")));

    private StoredFormats() {
    }

    /** What {@code kc.sh update-compatibility metadata} records for us: format key to version. */
    static Map<String, String> metadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Format format : ALL) {
            metadata.put(format.key(), Integer.toString(format.version()));
        }
        return metadata;
    }
}
