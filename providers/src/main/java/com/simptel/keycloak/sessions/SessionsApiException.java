package com.simptel.keycloak.sessions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success: the HTTP status, the {@code error} code and the
 * {@code error_description} of the JSON body, and any headers the status needs
 * ({@code WWW-Authenticate} on 401, {@code Accept-Patch} on 415 of a PATCH).
 */
final class SessionsApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Map<String, String> headers = new LinkedHashMap<>();

    SessionsApiException(int status, String error, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
    }

    SessionsApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String description() {
        return getMessage();
    }

    Map<String, String> headers() {
        return headers;
    }

    static SessionsApiException badRequest(String description) {
        return new SessionsApiException(400, "invalid_request", description);
    }

    static SessionsApiException forbidden(String description) {
        return new SessionsApiException(403, "forbidden", description);
    }

    static SessionsApiException notFound() {
        return new SessionsApiException(404, "not_found", "No such session");
    }

    static SessionsApiException conflict(String description) {
        return new SessionsApiException(409, "conflict", description);
    }

    static SessionsApiException preconditionFailed(String description) {
        return new SessionsApiException(412, "precondition_failed", description);
    }

    static SessionsApiException tooLarge(String description) {
        return new SessionsApiException(413, "payload_too_large", description);
    }

    static SessionsApiException unsupportedMediaType(String description) {
        return new SessionsApiException(415, "unsupported_media_type", description);
    }
}
