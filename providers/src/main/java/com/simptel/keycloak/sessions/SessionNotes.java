package com.simptel.keycloak.sessions;

/** The user session notes this feature keeps (persisted with the session by Keycloak). */
final class SessionNotes {

    /** The useragent object (JSON) recorded when the session was created. */
    static final String USER_AGENT = "simptel.useragent";
    /** The bucket: a JSON object, compact. */
    static final String BUCKET = "simptel.bucket";
    /** Opaque version of the bucket, the ETag's value; random per write so a tag names one content. */
    static final String BUCKET_VERSION = "simptel.bucket.version";
    /** Version of a session whose bucket was never written. */
    static final String INITIAL_VERSION = "0";

    private SessionNotes() {
    }
}
