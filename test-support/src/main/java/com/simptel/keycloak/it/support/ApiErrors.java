package com.simptel.keycloak.it.support;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON error body of every API of ours: {@code {"error": code, "error_description": text}}. */
public final class ApiErrors {

    private ApiErrors() {
    }

    /** The status, the error code and a description that says something. */
    public static void assertError(JsonResponse response, int status, String error) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).as(response.toString()).isEqualTo(error);
        assertThat(response.json().path("error_description").asText()).as(response.toString()).isNotBlank();
    }

    /** As {@link #assertError(JsonResponse, int, String)}, and the description names {@code described}. */
    public static void assertError(JsonResponse response, int status, String error, String described) {
        assertError(response, status, error);
        assertThat(response.json().path("error_description").asText()).as(response.toString()).contains(described);
    }
}
