package com.simptel.keycloak.sessions;

import java.util.List;

/**
 * The methods each path of the API serves, for the {@code Allow} header of a 405 (RFC 9110
 * 15.5.6). Keep in step with the resource methods of {@link SessionsResource} and openapi.yaml.
 */
final class ServedMethods {

    private static final List<String> COLLECTION = List.of("GET", "DELETE", "OPTIONS");
    private static final List<String> ONE_SESSION = List.of("GET", "DELETE", "OPTIONS");
    private static final List<String> SESSION_ACTION = List.of("GET", "POST", "OPTIONS");
    private static final List<String> BUCKET = List.of("PUT", "PATCH", "OPTIONS");

    private ServedMethods() {
    }

    /**
     * @param path the path below {@code /sessions}, with or without slashes around it
     * @return the methods that path serves, or null when the API has no such path
     */
    static List<String> of(String path) {
        String p = trim(path == null ? "" : path);
        if (p.isEmpty()) {
            return COLLECTION;
        }
        if (p.equals("bucket")) {
            return BUCKET;
        }
        if (p.equals("session/extend") || p.equals("session/refresh")) {
            return SESSION_ACTION;
        }
        if (p.equals("session") || (p.startsWith("session/") && p.indexOf('/', "session/".length()) < 0)) {
            return ONE_SESSION;
        }
        return null;
    }

    /** The path without leading and trailing slashes. */
    static String trim(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
