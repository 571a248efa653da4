package com.simptel.keycloak.authmode;

/**
 * How the user got into the current session, as the API's {@code mode} field says it. Stored as
 * a user session note by the step that decides it; a session without the note was an ordinary
 * login.
 */
public enum AuthMode {

    REGISTRATION("registration"),
    AUTHENTICATION("authentication"),
    ACCOUNT_RECOVERY("accountRecovery");

    /** User session note holding {@link #value()}; authenticators set it with setUserSessionNote. */
    public static final String USER_SESSION_NOTE = "simptel.auth_mode";

    /**
     * User session note set ("true") when the user proved their mailbox with an emailed code while
     * signing in to this session, whatever the flow: that mail already told them of the sign-in.
     */
    public static final String MAILBOX_PROVEN_NOTE = "simptel.mailbox_proven";

    /** Name of the token claim (and session view field) carrying the mode. */
    public static final String CLAIM = "auth_mode";

    private final String value;

    AuthMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The mode recorded in a note value; {@link #AUTHENTICATION} when absent or unknown. */
    public static AuthMode fromNote(String note) {
        for (AuthMode mode : values()) {
            if (mode.value.equals(note)) {
                return mode;
            }
        }
        return AUTHENTICATION;
    }
}
