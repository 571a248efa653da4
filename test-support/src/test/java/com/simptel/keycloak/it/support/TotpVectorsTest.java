package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test-side TOTP generator against the test vectors of RFC 6238 Appendix B (8 digits, the
 * three HMAC algorithms with their seeds). Pure logic: a unit test, run before any server starts.
 */
class TotpVectorsTest {

    private static final byte[] SEED_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA256 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA512 =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T={0} {2}")
    @CsvSource({
            "59,          94287082, HmacSHA1",
            "59,          46119246, HmacSHA256",
            "59,          90693936, HmacSHA512",
            "1111111109,  07081804, HmacSHA1",
            "1111111109,  68084774, HmacSHA256",
            "1111111109,  25091201, HmacSHA512",
            "1111111111,  14050471, HmacSHA1",
            "1111111111,  67062674, HmacSHA256",
            "1111111111,  99943326, HmacSHA512",
            "1234567890,  89005924, HmacSHA1",
            "1234567890,  91819424, HmacSHA256",
            "1234567890,  93441116, HmacSHA512",
            "2000000000,  69279037, HmacSHA1",
            "2000000000,  90698825, HmacSHA256",
            "2000000000,  38618901, HmacSHA512",
            "20000000000, 65353130, HmacSHA1",
            "20000000000, 77737706, HmacSHA256",
            "20000000000, 47863826, HmacSHA512",
    })
    void matchesRfc6238AppendixB(long epochSeconds, String expected, String algorithm) {
        byte[] seed = switch (algorithm) {
            case "HmacSHA256" -> SEED_SHA256;
            case "HmacSHA512" -> SEED_SHA512;
            default -> SEED_SHA1;
        };
        assertThat(new Totp(seed, algorithm, 8, 30).at(Instant.ofEpochSecond(epochSeconds))).isEqualTo(expected);
    }

    @Test
    void sixDigitCodesAreTheLastSixOfTheRfcValue() {
        Totp totp = new Totp(SEED_SHA1, "HmacSHA1", 6, 30);
        assertThat(totp.at(Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(totp.at(Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
    }

    @Test
    void base32RoundTripsAndDecodesTheRfc4648Vector() {
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Base32.decode("MZXW6YTBOI======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
        assertThat(Totp.sha1Base32(Base32.encode(SEED_SHA1)).at(Instant.ofEpochSecond(59))).isEqualTo("287082");
    }
}
