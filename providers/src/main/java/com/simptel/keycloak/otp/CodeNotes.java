package com.simptel.keycloak.otp;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Where a flow's code state lives: one note of the authentication session (one browser tab, one
 * flow). Nothing else can present it, so a code is bound to the flow it was sent for; the note
 * replicates with the session in a cluster and dies with it.
 */
public final class CodeNotes {

    public static final String STATE_NOTE = "simptel.email-code.state";

    private CodeNotes() {
    }

    public static CodeState load(AuthenticationSessionModel authSession) {
        return CodeState.decode(authSession.getAuthNote(STATE_NOTE));
    }

    public static void save(AuthenticationSessionModel authSession, CodeState state) {
        authSession.setAuthNote(STATE_NOTE, state.encode());
    }

    public static void clear(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(STATE_NOTE);
    }
}
