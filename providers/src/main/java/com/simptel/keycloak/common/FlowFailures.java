package com.simptel.keycloak.common;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Wrong answers in one flow, counted in a note of its authentication session: the cap holds on
 * every cluster node and ends with the flow.
 */
public final class FlowFailures {

    private final AuthenticationSessionModel authSession;
    private final String note;

    public FlowFailures(AuthenticationSessionModel authSession, String note) {
        this.authSession = authSession;
        this.note = note;
    }

    public int count() {
        String raw = authSession.getAuthNote(note);
        if (raw == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(raw));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // a broken note must not reopen the flow
        }
    }

    /** Records one more wrong answer and returns the new count. */
    public int record() {
        int failures = count();
        int next = failures == Integer.MAX_VALUE ? failures : failures + 1;
        authSession.setAuthNote(note, Integer.toString(next));
        return next;
    }

    public void clear() {
        authSession.removeAuthNote(note);
    }
}
