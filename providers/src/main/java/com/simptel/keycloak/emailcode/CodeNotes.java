package com.simptel.keycloak.emailcode;

import com.simptel.keycloak.common.FlowFailures;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Where a flow's code state lives: one note of the authentication session (one browser tab, one
 * flow). Nothing else can present it, so a code is bound to the flow it was sent for; the note
 * replicates with the session in a cluster and dies with it.
 */
public final class CodeNotes {

    public static final String STATE_NOTE = "simptel.email-code.state";
    /** Wrong codes in the whole flow, across resends. */
    public static final String FAILURES_NOTE = "simptel.email-code.failures";
    /**
     * Set by a registration form whose address already has an account: that account's id. The step
     * then has no recipient, and mails the owner a notice instead of a code.
     */
    public static final String EXISTING_ACCOUNT_NOTE = "simptel.registration.existing-account";

    private CodeNotes() {
    }

    public static CodeState load(AuthenticationSessionModel authSession) {
        return CodeState.decode(authSession.getAuthNote(STATE_NOTE));
    }

    public static void save(AuthenticationSessionModel authSession, CodeState state) {
        authSession.setAuthNote(STATE_NOTE, state.encode());
    }

    public static FlowFailures failures(AuthenticationSessionModel authSession) {
        return new FlowFailures(authSession, FAILURES_NOTE);
    }

    /** Forgets the code and the flow's wrong tries: the mailbox is proven. */
    public static void clear(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(STATE_NOTE);
        failures(authSession).clear();
    }
}
