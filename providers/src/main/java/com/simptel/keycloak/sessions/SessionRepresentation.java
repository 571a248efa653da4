package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;

import java.util.List;
import java.util.Map;

/**
 * A session as the sessions API shows it, serialised by Jackson in this field order. {@code offline}
 * marks an offline session (offline tokens of an app), which may share its id with a regular one.
 */
@JsonPropertyOrder({"_id", "expires", "current", "offline", "data"})
record SessionRepresentation(@JsonProperty("_id") String id, String expires, boolean current, boolean offline,
                             Data data) {

    /**
     * @param useragent the useragent object recorded at sign-in, JSON kept in a session note
     * @param bucket    the bucket, compact JSON of an object stored by us, embedded as it is
     */
    @JsonPropertyOrder({"cookie", "user", "email", "phonenumber", "useragent", "ip", "permission", "MFAInputsBucket",
            "sessionID", "auth_mode", "rememberMe", "started", "lastAccess", "authorize"})
    record Data(Cookie cookie, User user, String email, String phonenumber,
                @JsonRawValue String useragent,
                String ip, Map<String, List<String>> permission,
                @JsonProperty("MFAInputsBucket") @JsonRawValue String bucket,
                @JsonProperty("sessionID") String sessionId,
                @JsonProperty("auth_mode") String authMode, boolean rememberMe, String started, String lastAccess,
                Map<String, Authorization> authorize) {
    }

    @JsonPropertyOrder({"originalMaxAge", "expires", "secure", "httpOnly", "path"})
    record Cookie(long originalMaxAge, String expires, boolean secure, boolean httpOnly, String path) {
    }

    @JsonPropertyOrder({"_id", "username", "email", "firstname", "lastname", "phonenumber", "emailVerified",
            "phoneVerified", "active", "createdAt", "mfaMethods", "mfaSteps", "authentication"})
    record User(@JsonProperty("_id") String id, String username, String email, String firstname, String lastname,
                String phonenumber, boolean emailVerified, boolean phoneVerified, boolean active, String createdAt,
                List<MfaMethod> mfaMethods, int mfaSteps, Authentication authentication) {
    }

    record MfaMethod(String name, String value) {
    }

    record Authentication(List<String> issuer) {
    }

    @JsonPropertyOrder({"protocol", "client", "redirectURI", "req"})
    record Authorization(String protocol, String client, @JsonProperty("redirectURI") String redirectUri,
                         Request req) {
    }

    @JsonPropertyOrder({"type", "clientID", "redirectURI", "scope"})
    record Request(String type, @JsonProperty("clientID") String clientId,
                   @JsonProperty("redirectURI") String redirectUri, List<String> scope) {
    }
}
