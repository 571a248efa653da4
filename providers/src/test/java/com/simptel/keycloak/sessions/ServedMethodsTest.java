package com.simptel.keycloak.sessions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServedMethodsTest {

    @Test
    void eachPathOfTheApiHasItsMethods() {
        assertThat(ServedMethods.of("")).containsExactly("GET", "DELETE", "OPTIONS");
        assertThat(ServedMethods.of("/")).containsExactly("GET", "DELETE", "OPTIONS");
        assertThat(ServedMethods.of("bucket")).containsExactly("PUT", "PATCH", "OPTIONS");
        assertThat(ServedMethods.of("/bucket/")).containsExactly("PUT", "PATCH", "OPTIONS");
        assertThat(ServedMethods.of("session")).containsExactly("GET", "DELETE", "OPTIONS");
        assertThat(ServedMethods.of("session/extend")).containsExactly("GET", "POST", "OPTIONS");
        assertThat(ServedMethods.of("session/refresh")).containsExactly("GET", "POST", "OPTIONS");
        assertThat(ServedMethods.of("session/3f2c-id")).containsExactly("GET", "DELETE", "OPTIONS");
    }

    @Test
    void pathsTheApiDoesNotHaveHaveNoMethods() {
        assertThat(ServedMethods.of("buckets")).isNull();
        assertThat(ServedMethods.of("session/a/b")).isNull();
        assertThat(ServedMethods.of("bucket/x")).isNull();
        assertThat(ServedMethods.of("nothing/here")).isNull();
    }
}
