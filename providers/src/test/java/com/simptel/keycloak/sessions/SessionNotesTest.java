package com.simptel.keycloak.sessions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionNotesTest {

    @Test
    void versionAndBucketTravelInOneNote() {
        SessionNotes.Bucket bucket = new SessionNotes.Bucket("abc123", "{\"url\":\"https://x:1/\"}");
        assertThat(bucket.note()).isEqualTo("abc123:{\"url\":\"https://x:1/\"}");
        assertThat(SessionNotes.Bucket.of(bucket.note())).isEqualTo(bucket);
    }

    @Test
    void noNoteIsTheInitialEmptyBucket() {
        assertThat(SessionNotes.Bucket.of(null)).isEqualTo(new SessionNotes.Bucket("0", "{}"));
        assertThat(SessionNotes.Bucket.of("garbage")).isEqualTo(SessionNotes.Bucket.EMPTY);
    }
}
