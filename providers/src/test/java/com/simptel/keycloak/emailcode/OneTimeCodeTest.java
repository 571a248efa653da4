package com.simptel.keycloak.emailcode;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OneTimeCodeTest {

    @Test
    void codesHaveTheRequestedLengthAndOnlyDigits() {
        for (int length = OneTimeCode.MIN_LENGTH; length <= OneTimeCode.MAX_LENGTH; length++) {
            for (int i = 0; i < 200; i++) {
                String code = OneTimeCode.generate(length);
                assertThat(code).hasSize(length).matches("[0-9]+");
            }
        }
    }

    @Test
    void lengthsOutsideTheAllowedRangeAreRefused() {
        assertThatThrownBy(() -> OneTimeCode.generate(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OneTimeCode.generate(11)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Sanity check of the distribution: 60 000 six-digit codes give 360 000 digits; a chi-square
     * statistic over the ten digits (9 degrees of freedom) above 27.88 would happen with probability
     * 0.001 for a uniform source. Also per position, and codes are not repeated more than chance allows.
     */
    @Test
    void digitsAreUniformAtEveryPosition() {
        SecureRandom random = new SecureRandom();
        int codes = 60_000;
        long[][] counts = new long[6][10];
        long[] all = new long[10];
        Set<String> seen = new HashSet<>();
        int repeats = 0;
        for (int i = 0; i < codes; i++) {
            String code = OneTimeCode.generate(random, 6);
            if (!seen.add(code)) {
                repeats++;
            }
            for (int p = 0; p < 6; p++) {
                int d = code.charAt(p) - '0';
                counts[p][d]++;
                all[d]++;
            }
        }
        assertThat(chiSquare(all)).isLessThan(27.88);
        for (long[] position : counts) {
            // 6 positions tested at once: use the 0.0001 critical value (33.72) to keep false alarms rare
            assertThat(chiSquare(position)).isLessThan(33.72);
        }
        // expected repeats among 60 000 draws from 10^6: about n^2/2N = 1800; far more means a weak source
        assertThat(repeats).isBetween(1500, 2100);
        assertThat(all[0]).as("leading and inner zeros occur").isPositive();
    }

    @Test
    void normalizeKeepsDigitsDropsSpacesAndDashesRejectsAnythingElse() {
        assertThat(OneTimeCode.normalize(" 123 456 ")).isEqualTo("123456");
        assertThat(OneTimeCode.normalize("123-456")).isEqualTo("123456");
        assertThat(OneTimeCode.normalize("")).isEmpty();
        assertThat(OneTimeCode.normalize("12a456")).isNull();
        assertThat(OneTimeCode.normalize("１２３４５６")).as("full-width digits are not ASCII digits").isNull();
        assertThat(OneTimeCode.normalize(null)).as("no field is nothing typed").isEmpty();
        assertThat(OneTimeCode.normalize("1".repeat(65))).isNull();
    }

    private static double chiSquare(long[] observed) {
        long total = 0;
        for (long o : observed) {
            total += o;
        }
        double expected = total / (double) observed.length;
        double sum = 0;
        for (long o : observed) {
            sum += (o - expected) * (o - expected) / expected;
        }
        return sum;
    }

    @Test
    void blankOrOnlySeparatorsIsNothingTyped() {
        assertThat(OneTimeCode.normalize("   ")).isEmpty();
        assertThat(OneTimeCode.normalize(" - ")).isEmpty();
        assertThat(OneTimeCode.normalize("\t123\t456")).isEqualTo("123456");
    }

    @Test
    void moreDigitsThanAnyCodeCannotBeACode() {
        assertThat(OneTimeCode.normalize("1".repeat(OneTimeCode.MAX_LENGTH))).hasSize(OneTimeCode.MAX_LENGTH);
        assertThat(OneTimeCode.normalize("1".repeat(OneTimeCode.MAX_LENGTH + 1))).isNull();
    }
}
