package com.simptel.keycloak.recovery;

/** What the user typed into the code field, read the way people type codes. */
final class CodeInput {

    /** Longer than any OTP policy allows (Keycloak offers 6 or 8 digits). */
    static final int MAX_DIGITS = 10;

    private CodeInput() {
    }

    /** True when nothing (or only spaces) was sent: the page is shown again, nothing is counted. */
    static boolean isMissing(String raw) {
        return raw == null || raw.isBlank();
    }

    /**
     * The code with the spaces and dashes apps show between digit groups removed, or null when it
     * cannot be a code at all (then it counts as a wrong code without reaching the validator).
     */
    static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder(MAX_DIGITS);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ' ' || c == '-' || c == '\t') {
                continue;
            }
            if (c < '0' || c > '9' || digits.length() == MAX_DIGITS) {
                return null;
            }
            digits.append(c);
        }
        return digits.length() == 0 ? null : digits.toString();
    }
}
