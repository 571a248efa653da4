package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Reads bucket request bodies and stored buckets. Keys and values are data: they are parsed and
 * written back as JSON, never interpreted. Duplicate keys and nesting beyond the limit are
 * refused while parsing, so a hostile body costs no more than its (capped) size.
 */
final class BucketJson {

    static final String JSON = "application/json";
    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final ObjectMapper mapper;
    private final int maxDepth;

    BucketJson(int maxDepth) {
        this.maxDepth = maxDepth;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .build();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The JSON object of a PUT ({@code application/json}) or PATCH
     * ({@code application/merge-patch+json}) body.
     *
     * @throws SessionsApiException 415 for another media type or charset, 400 for an empty
     *                              body, malformed JSON, a duplicate key, too deep nesting, a
     *                              value that is not a JSON object, or an unpaired surrogate in a
     *                              key or string (not valid Unicode, so not I-JSON)
     */
    ObjectNode parseBody(String contentType, byte[] body, String expectedMediaType) {
        checkMediaType(contentType, expectedMediaType);
        if (body == null || body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw SessionsApiException.badRequest("The request body is empty: send a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw SessionsApiException.badRequest("The bucket is nested deeper than " + maxDepth + " levels");
        } catch (JsonProcessingException e) {
            throw SessionsApiException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw SessionsApiException.badRequest("The request body could not be read");
        }
        if (node == null || !node.isObject()) {
            throw SessionsApiException.badRequest("The bucket must be a JSON object, not "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        String broken = firstUnpairedSurrogate(node);
        if (broken != null) {
            throw SessionsApiException.badRequest("The bucket holds an unpaired surrogate (" + broken
                    + "): JSON text must be valid Unicode (I-JSON, RFC 7493)");
        }
        return (ObjectNode) node;
    }

    /** The first unpaired surrogate in a key or string value, written as its JSON escape, or null. */
    static String firstUnpairedSurrogate(JsonNode node) {
        if (node.isTextual()) {
            return unpairedSurrogate(node.textValue());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String broken = unpairedSurrogate(field.getKey());
                if (broken == null) {
                    broken = firstUnpairedSurrogate(field.getValue());
                }
                if (broken != null) {
                    return broken;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String broken = firstUnpairedSurrogate(element);
                if (broken != null) {
                    return broken;
                }
            }
        }
        return null;
    }

    private static String unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("\\u%04x", (int) c);
            }
        }
        return null;
    }

    /** The stored bucket note; an absent or unreadable note is the empty bucket. */
    ObjectNode parseStored(String note) {
        if (note == null || note.isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = mapper.readTree(note);
            return node != null && node.isObject() ? (ObjectNode) node : JsonNodeFactory.instance.objectNode();
        } catch (IOException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /** Compact JSON, the form stored in the session note and counted against the size limit. */
    String serialize(JsonNode bucket) {
        try {
            return mapper.writeValueAsString(bucket);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed bucket could not be written back", e);
        }
    }

    static int utf8Length(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Media type check by hand: no JAX-RS runtime needed, so it stays unit-testable. */
    static void checkMediaType(String contentType, String expected) {
        if (contentType == null || contentType.isBlank()) {
            throw SessionsApiException.unsupportedMediaType("Content-Type is missing: send " + expected);
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals(expected)) {
            throw SessionsApiException.unsupportedMediaType("Content-Type " + type + " is not accepted here: send "
                    + expected);
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].trim().equalsIgnoreCase("charset") && param.length == 2) {
                String charset = param[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    throw SessionsApiException.unsupportedMediaType("JSON must be UTF-8, not " + charset);
                }
            }
        }
    }
}
