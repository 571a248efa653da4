package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every answer of the API: JSON, never cached; errors as {@code {"error","error_description"}}. */
final class JsonResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonResponses() {
    }

    static Response ok(Object body) {
        return json(Response.ok(), body).build();
    }

    static Response ok(Object body, String etag) {
        return json(Response.ok(), body).header(HttpHeaders.ETAG, etag).build();
    }

    static Response okWithHeader(Object body, String name, String value) {
        return json(Response.ok(), body).header(name, value).build();
    }

    static Response noContent() {
        return noStore(Response.noContent()).build();
    }

    static Response.ResponseBuilder error(SessionsApiException e) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.description());
        Response.ResponseBuilder response = json(Response.status(e.status()), body);
        e.headers().forEach(response::header);
        return response;
    }

    private static Response.ResponseBuilder json(Response.ResponseBuilder builder, Object body) {
        try {
            return noStore(builder.entity(JSON.writeValueAsBytes(body)).type(MediaType.APPLICATION_JSON_TYPE));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An answer of the sessions API could not be written", e);
        }
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder builder) {
        return builder.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }
}
