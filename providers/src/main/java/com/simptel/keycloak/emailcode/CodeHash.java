package com.simptel.keycloak.emailcode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * HMAC-SHA256 of a code, keyed with a random per-code salt and (when the realm has one) the realm's
 * HMAC secret as a pepper. A slow KDF would not make a 10^6 code space safe offline anyway; the pepper
 * does: without the realm key, a leaked authentication session gives nothing to guess against.
 */
public final class CodeHash {

    public static final int SALT_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CodeHash() {
    }

    public static byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** The hash stored for {@code code}. */
    public static byte[] ofCode(byte[] salt, byte[] pepper, String code) {
        return mac(salt, pepper, "code:" + code);
    }

    /** Fingerprint of the address a code was sent to, so a code never verifies another address. */
    public static byte[] ofAddress(byte[] salt, byte[] pepper, String address) {
        return mac(salt, pepper, "address:" + (address == null ? "" : address.trim().toLowerCase(Locale.ROOT)));
    }

    /** Constant-time comparison. */
    public static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    private static byte[] mac(byte[] salt, byte[] pepper, String message) {
        byte[] p = pepper == null ? new byte[0] : pepper;
        byte[] key = new byte[salt.length + p.length];
        System.arraycopy(salt, 0, key, 0, salt.length);
        System.arraycopy(p, 0, key, salt.length, p.length);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
