package com.simptel.keycloak.emailcode;

import java.security.SecureRandom;

/** Numeric one-time codes drawn from a CSPRNG, every digit uniform (leading zeros included). */
public final class OneTimeCode {

    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 10;

    private static final SecureRandom RANDOM = new SecureRandom();

    private OneTimeCode() {
    }

    public static String generate(int length) {
        return generate(RANDOM, length);
    }

    static String generate(SecureRandom random, int length) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("Code length must be " + MIN_LENGTH + ".." + MAX_LENGTH + ": " + length);
        }
        char[] digits = new char[length];
        for (int i = 0; i < length; i++) {
            // nextInt(bound) rejects the biased tail, so each digit is exactly uniform
            digits[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(digits);
    }

    /**
     * What was typed into a code field, read the way people type codes: the digits without the
     * spaces and dashes apps show between groups. "" when nothing was typed (not counted as a
     * try); null when it cannot be a code at all (anything else in it, or more digits than any code).
     */
    public static String normalize(String input) {
        if (input == null) {
            return "";
        }
        if (input.length() > 64) {
            return null;
        }
        StringBuilder digits = new StringBuilder(MAX_LENGTH);
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits.length() == MAX_LENGTH) {
                    return null;
                }
                digits.append(c);
            } else if (!Character.isWhitespace(c) && c != '-') {
                return null;
            }
        }
        return digits.toString();
    }
}
