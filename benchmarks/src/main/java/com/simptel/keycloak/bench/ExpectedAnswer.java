package com.simptel.keycloak.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The answer one side of a benchmark pair is about: a status and a JSON body of a given shape. Only
 * such answers are counted; anything else (a 4xx, a 5xx, an HTML page answered 200, as the Account
 * API answers without {@code Accept: application/json}) is another answer, and fails the run.
 */
record ExpectedAnswer(int status, String shape, Predicate<JsonNode> test) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUOTED = 100;

    /** A JSON object with every one of {@code fields}. */
    static ExpectedAnswer object(int status, String... fields) {
        return new ExpectedAnswer(status, "a JSON object with " + String.join(", ", fields), node -> hasAll(node, fields));
    }

    /** A JSON array of {@code size} objects, each with every one of {@code fields}. */
    static ExpectedAnswer array(int status, int size, String... fields) {
        return new ExpectedAnswer(status, "a JSON array of " + size + " objects with " + String.join(", ", fields),
                node -> node.isArray() && node.size() == size && all(node, element -> hasAll(element, fields)));
    }

    /** Null when the answer is this one; otherwise what was answered: the status and the start of the body. */
    String mismatch(int answeredStatus, String body) {
        if (answeredStatus == status && matches(body)) {
            return null;
        }
        String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return answeredStatus + " " + (text.length() > QUOTED ? text.substring(0, QUOTED) + "..." : text)
                + " (expected " + status + " with " + shape + ")";
    }

    private boolean matches(String body) {
        if (body == null) {
            return false;
        }
        try {
            return test.test(JSON.readTree(body));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasAll(JsonNode node, String[] fields) {
        return node != null && node.isObject() && Arrays.stream(fields).allMatch(node::hasNonNull);
    }

    private static boolean all(JsonNode array, Predicate<JsonNode> test) {
        for (JsonNode element : array) {
            if (!test.test(element)) {
                return false;
            }
        }
        return true;
    }
}
