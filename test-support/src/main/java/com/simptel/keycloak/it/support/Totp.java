package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.Base32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * RFC 6238 time-based one-time passwords, computed in the test from a user's secret the way an
 * authenticator app does (RFC 4226 dynamic truncation over HMAC of the time-step counter).
 */
public final class Totp {

    private final byte[] secret;
    private final String algorithm;
    private final int digits;
    private final int periodSeconds;

    public Totp(byte[] secret, String algorithm, int digits, int periodSeconds) {
        this.secret = secret.clone();
        this.algorithm = algorithm;
        this.digits = digits;
        this.periodSeconds = periodSeconds;
    }

    /** The realm-config default policy: HmacSHA1, 6 digits, 30 s, secret in Base32 as apps take it. */
    public static Totp sha1Base32(String base32Secret) {
        return new Totp(Base32.decode(base32Secret), "HmacSHA1", 6, 30);
    }

    /** The code for the time step that contains {@code instant}. */
    public String at(Instant instant) {
        return atStep(Math.floorDiv(instant.getEpochSecond(), periodSeconds));
    }

    public String now() {
        return at(Instant.now());
    }

    /** The code {@code steps} periods from now (negative for the past), for look-ahead windows. */
    public String stepsFromNow(int steps) {
        return atStep(Math.floorDiv(Instant.now().getEpochSecond(), periodSeconds) + steps);
    }

    public String atStep(long step) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, "RAW"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            int modulus = (int) Math.pow(10, digits);
            return String.format(Locale.ROOT, "%0" + digits + "d", binary % modulus);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /** A well-formed code that none of the time steps a realm accepts right now (two either side) produce. */
    public String wrongCode() {
        Set<String> valid = new HashSet<>();
        for (int step = -2; step <= 2; step++) {
            valid.add(stepsFromNow(step));
        }
        for (int candidate = 123456; ; candidate = (candidate + 111111) % 1_000_000) {
            String code = String.format(Locale.ROOT, "%06d", candidate);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }
}
