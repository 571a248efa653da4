package com.simptel.keycloak.recovery;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Wrong codes of one recovery, kept in the authentication session so the cap holds on every
 * cluster node and ends with the flow.
 */
final class RecoveryAttempts {

    static final String FAILURES_NOTE = "simptel.recovery.failures";

    private final AuthenticationSessionModel authSession;

    RecoveryAttempts(AuthenticationSessionModel authSession) {
        this.authSession = authSession;
    }

    int failures() {
        String raw = authSession.getAuthNote(FAILURES_NOTE);
        if (raw == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(raw));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // a tampered or broken note must not reopen the flow
        }
    }

    boolean exhausted(int maxAttempts) {
        return failures() >= maxAttempts;
    }

    /** Records one more wrong code and returns the new count. */
    int recordFailure() {
        int failures = failures();
        int next = failures == Integer.MAX_VALUE ? failures : failures + 1;
        authSession.setAuthNote(FAILURES_NOTE, Integer.toString(next));
        return next;
    }
}
