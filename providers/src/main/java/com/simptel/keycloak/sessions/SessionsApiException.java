package com.simptel.keycloak.sessions;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer other than success: the HTTP status, the {@code error} code and the
 * {@code error_description} of the JSON body, and any headers the status needs
 * ({@code WWW-Authenticate} on 401, {@code Allow} on 405, {@code Retry-After} on 409,
 * {@code Accept-Patch} on 415 of a PATCH). Thrown anywhere in a request, it is answered as it
 * says: JAX-RS sends the response of a WebApplicationException that has one. Counted for the
 * metrics by the resource method it leaves ({@link SessionsResource}), not here.
 */
final class SessionsApiException extends WebApplicationException {

    private final int status;
    private final String error;
    private final Map<String, String> headers = new LinkedHashMap<>();

    SessionsApiException(int status, String error, String description) {
        super(description, null, status);
        this.status = status;
        this.error = error;
    }

    /** An expected answer, not a fault: no stack trace. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    @Override
    public Response getResponse() {
        return JsonResponses.error(this).build();
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

    /** 404 for a path the API does not have at all. */
    static SessionsApiException noSuchPath(String path) {
        return new SessionsApiException(404, "not_found", "The sessions API has no path /sessions/" + path);
    }

    /** 405 with the Allow header of the path (RFC 9110 15.5.6). */
    static SessionsApiException methodNotAllowed(String method, List<String> allowed) {
        String allow = String.join(", ", allowed);
        return new SessionsApiException(405, "method_not_allowed",
                method + " is not served on this path; it serves " + allow).header("Allow", allow);
    }

    /** 409 with a retry hint: the write lost a race that a retry can win. */
    static SessionsApiException conflict(String description) {
        return new SessionsApiException(409, "conflict", description).header("Retry-After", "1");
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
