package com.simptel.keycloak.sessions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsMetricsTest {

    @Test
    void namesOperationsByPathTemplateNeverBySessionId() {
        assertThat(SessionsMetrics.operation("GET", "")).isEqualTo("sessions_get");
        assertThat(SessionsMetrics.operation("DELETE", "/")).isEqualTo("sessions_delete");
        assertThat(SessionsMetrics.operation("GET", "session")).isEqualTo("session_get");
        assertThat(SessionsMetrics.operation("POST", "session/extend")).isEqualTo("session_extend_post");
        assertThat(SessionsMetrics.operation("GET", "session/refresh/")).isEqualTo("session_refresh_get");
        assertThat(SessionsMetrics.operation("DELETE", "session/4f0c2a7e-1b7d")).isEqualTo("session_by_id_delete");
        assertThat(SessionsMetrics.operation("PATCH", "bucket")).isEqualTo("bucket_patch");
        assertThat(SessionsMetrics.operation("GET", "session/a/b")).isEqualTo("other");
    }
}
