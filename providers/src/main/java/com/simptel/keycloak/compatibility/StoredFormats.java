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
            // 2: the registration waits in notes until the code is accepted (PendingAccount), tries counted per code
            new Format("email-code", 2, "eae93642649f4a54",
                    List.of("emailcode.CodeNotes", "emailcode.CodeState", "emailcode.StepMails", "emailcode.PendingAccount")),
            // authentication-session notes of the TOTP recovery step
            new Format("recovery", 1, "47517976172373dc",
                    List.of("recovery.RecoveryTotpStep", "recovery.RecoveryEvents")),
            // the first-party handle (secret hash, flow, start) and the journey's notes;
            // 2: the journey is Keycloak's own flow state (phase, redirect URI) instead of our step notes
            new Format("first-party", 2, "a359f0e944f54404",
                    List.of("firstparty.ChallengeSessions", "firstparty.FlowDriver", "firstparty.WebRedirect")),
            // user-session notes: the bucket with its version (the ETag), the user agent, the auth mode
            // (the mailbox-proven note was added; a node without it reads the rest as before)
            new Format("session-notes", 1, "6c3b10d2b6eb21eb",
                    List.of("sessions.SessionNotes", "authmode.AuthMode")),
            // single-use store entries: the bucket write lock; 2: the mail bound's slots, a code's numbered
            // tries and the newest code per address, instead of the per-user budget of wrong codes
            new Format("single-use", 2, "36f981cf69014359",
                    List.of("sessions.BucketWrites", "emailcode.MailBound", "emailcode.CodeTries", "emailcode.NewestCode")));

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
