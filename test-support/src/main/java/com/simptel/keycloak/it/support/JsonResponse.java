package com.simptel.keycloak.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.net.http.HttpHeaders;

/** A status, headers and (if the body is JSON) the parsed body of an API call. */
public record JsonResponse(int status, HttpHeaders headers, String body, JsonNode json) {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonResponse of(int status, HttpHeaders headers, String body) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? MissingNode.getInstance() : MAPPER.readTree(body);
        } catch (Exception e) {
            json = MissingNode.getInstance();
        }
        return new JsonResponse(status, headers, body, json);
    }

    public String text(String field) {
        return json.path(field).asText(null);
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
