package com.simptel.keycloak.firstparty;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one request, the same names whether posted as a form (the draft) or as a JSON
 * object (the seed's clients). A repeated, non-text or over-long parameter is {@code invalid_request}.
 */
final class ChallengeParams {

    static final String CLIENT_ID = "client_id";
    static final String RESPONSE_TYPE = "response_type";
    static final String SCOPE = "scope";
    static final String CODE_CHALLENGE = "code_challenge";
    static final String CODE_CHALLENGE_METHOD = "code_challenge_method";
    static final String AUTH_SESSION = "auth_session";
    static final String UI_LOCALES = "ui_locales";
    static final String FLOW = "flow";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String EMAIL = "email";
    static final String GIVEN_NAME = "given_name";
    static final String FAMILY_NAME = "family_name";
    static final String OTP = "otp";
    static final String EMAIL_CODE = "email_code";
    static final String NEW_PASSWORD = "new_password";
    static final String RESEND_EMAIL_CODE = "resend_email_code";
    static final String OTP_CREDENTIAL = "otp_credential";
    static final String ACCEPT_TERMS = "accept_terms";
    static final String REDIRECT_URI = "redirect_uri";
    static final String STATE = "state";
    static final String NONCE = "nonce";

    private static final int MAX_LENGTH = 4096;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, String> values;

    private ChallengeParams(Map<String, String> values) {
        this.values = values;
    }

    static ChallengeParams fromForm(MultivaluedMap<String, String> form) {
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, List<String>> entry : form.entrySet()) {
            if (entry.getValue().size() > 1) {
                throw ChallengeError.invalidRequest("Repeated parameter: " + entry.getKey());
            }
            if (!entry.getValue().isEmpty()) {
                values.put(entry.getKey(), checked(entry.getKey(), entry.getValue().get(0)));
            }
        }
        return new ChallengeParams(values);
    }

    /** A JSON object of strings (booleans and numbers are taken as their text); Jackson refuses duplicate keys here. */
    static ChallengeParams fromJson(String body) {
        JsonNode root;
        try {
            root = MAPPER.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw ChallengeError.invalidRequest("The body is not valid JSON or repeats a parameter");
        }
        if (root == null || !root.isObject()) {
            throw ChallengeError.invalidRequest("The body must be a JSON object");
        }
        Map<String, String> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isValueNode()) {
                throw ChallengeError.invalidRequest("Parameter " + field.getKey() + " must be a string");
            }
            values.put(field.getKey(), checked(field.getKey(), value.asText()));
        }
        return new ChallengeParams(values);
    }

    private static String checked(String name, String value) {
        if (value.length() > MAX_LENGTH) {
            throw ChallengeError.invalidRequest("Parameter " + name + " is too long");
        }
        return value;
    }

    /** The value, or null when absent or blank. */
    String get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** The value as typed (passwords are not trimmed), or null when absent or empty. */
    String raw(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    java.util.Set<String> names() {
        return values.keySet();
    }

    boolean isTrue(String name) {
        return "true".equalsIgnoreCase(get(name));
    }

}
