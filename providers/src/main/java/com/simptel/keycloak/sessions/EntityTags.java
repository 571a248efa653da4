package com.simptel.keycloak.sessions;

/**
 * If-Match against the bucket's entity tag (RFC 9110 section 13.1.1): strong comparison, a list
 * of tags or {@code *}. Weak tags never match.
 */
final class EntityTags {

    private EntityTags() {
    }

    /** The quoted form sent in ETag. */
    static String quote(String version) {
        return "\"" + version + "\"";
    }

    /** Whether the header names {@code *}: any current bucket, so no version check. */
    static boolean isAny(String ifMatch) {
        return ifMatch != null && ifMatch.trim().equals("*");
    }

    /**
     * @throws SessionsApiException 400 when the header is not a list of quoted entity tags
     */
    static boolean matches(String ifMatch, String currentVersion) {
        if (isAny(ifMatch)) {
            return true;
        }
        String current = quote(currentVersion);
        boolean any = false;
        int i = 0;
        String h = ifMatch == null ? "" : ifMatch;
        while (i < h.length()) {
            char c = h.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            boolean weak = h.startsWith("W/", i);
            int open = weak ? i + 2 : i;
            if (open >= h.length() || h.charAt(open) != '"') {
                throw SessionsApiException.badRequest("If-Match must be a list of quoted entity tags or *");
            }
            int close = h.indexOf('"', open + 1);
            if (close < 0) {
                throw SessionsApiException.badRequest("If-Match has an unterminated entity tag");
            }
            any = true;
            if (!weak && h.substring(open, close + 1).equals(current)) {
                return true;
            }
            i = close + 1;
        }
        if (!any) {
            throw SessionsApiException.badRequest("If-Match is empty");
        }
        return false;
    }
}
