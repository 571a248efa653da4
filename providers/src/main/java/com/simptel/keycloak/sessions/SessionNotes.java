package com.simptel.keycloak.sessions;

/** The user session notes this feature keeps (persisted with the session by Keycloak). */
final class SessionNotes {

    /** The useragent object (JSON) recorded when the session was created. */
    static final String USER_AGENT = "simptel.useragent";
    /**
     * The bucket and its version in ONE note, {@code <version>:<compact JSON object>}: a session
     * note is one atomic put, so a version can never be seen beside another write's content.
     */
    static final String BUCKET = "simptel.bucket";
    /** Version of a session whose bucket was never written. */
    static final String INITIAL_VERSION = "0";

    private SessionNotes() {
    }

    /** A bucket and the version that names it. */
    record Bucket(String version, String json) {

        static final Bucket EMPTY = new Bucket(INITIAL_VERSION, "{}");

        static Bucket of(String note) {
            int colon = note == null ? -1 : note.indexOf(':');
            if (colon <= 0) {
                return EMPTY;
            }
            return new Bucket(note.substring(0, colon), note.substring(colon + 1));
        }

        String note() {
            return version + ":" + json;
        }
    }
}
