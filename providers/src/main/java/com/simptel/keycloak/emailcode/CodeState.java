package com.simptel.keycloak.emailcode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What the server keeps about the one code of a flow: its hash (never the code), salt, the realm key
 * that peppered it, the address it went to, when it was issued and expires, and wrong tries on this
 * code. Kept as one authentication-session note so every update is whole.
 *
 * @param keyId  id of the realm HMAC key used as pepper, "" when none
 * @param mailed whether the code went out; a code that was not mailed (nobody to send it to, or the
 *               address's hourly mail bound reached) is never accepted
 */
public record CodeState(byte[] hash, byte[] salt, String keyId, byte[] address, long issuedAtMillis,
                        long expiresAtMillis, int attempts, boolean mailed) {

    private static final String VERSION = "3";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    public CodeState withWrongTry() {
        return withAttempts(attempts + 1);
    }

    public CodeState withAttempts(int count) {
        return new CodeState(hash, salt, keyId, address, issuedAtMillis, expiresAtMillis, count, mailed);
    }

    public CodeState withMailed(boolean sent) {
        return new CodeState(hash, salt, keyId, address, issuedAtMillis, expiresAtMillis, attempts, sent);
    }

    /** An id for this code in shared stores: a hash of its random salt, so it names nothing else. */
    public String id() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(salt);
            return B64.encodeToString(java.util.Arrays.copyOf(digest, 18));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String encode() {
        return String.join("|", VERSION, B64.encodeToString(hash), B64.encodeToString(salt),
                B64.encodeToString(keyId.getBytes(StandardCharsets.UTF_8)), B64.encodeToString(address),
                Long.toString(issuedAtMillis), Long.toString(expiresAtMillis), Integer.toString(attempts), mailed ? "1" : "0");
    }

    /** The state a note holds, or null when there is none or it cannot be read (then no code is valid). */
    public static CodeState decode(String note) {
        if (note == null) {
            return null;
        }
        String[] parts = note.split("\\|", -1);
        if (parts.length != 9 || !VERSION.equals(parts[0])) {
            return null;
        }
        try {
            return new CodeState(B64D.decode(parts[1]), B64D.decode(parts[2]),
                    new String(B64D.decode(parts[3]), StandardCharsets.UTF_8), B64D.decode(parts[4]),
                    Long.parseLong(parts[5]), Long.parseLong(parts[6]), Integer.parseInt(parts[7]), "1".equals(parts[8]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        // never print hash or salt
        return "CodeState[issuedAt=" + issuedAtMillis + ", expiresAt=" + expiresAtMillis + ", attempts=" + attempts + ", mailed=" + mailed + "]";
    }
}
