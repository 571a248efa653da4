package com.simptel.keycloak.emailcode;

import com.simptel.keycloak.emailcode.CodeRules.Check;
import com.simptel.keycloak.emailcode.CodeRules.Issued;
import com.simptel.keycloak.emailcode.CodeRules.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodeRulesTest {

    private static final byte[] PEPPER = "realm-hmac-secret".getBytes(StandardCharsets.UTF_8);
    private static final long T0 = 1_800_000_000_000L;

    private final CodeRules rules = new CodeRules(6, 600, 5, 30, 10);

    @Test
    void theIssuedCodeVerifiesAndTheStateHoldsNoPlainCode() {
        Issued issued = rules.issue(PEPPER, "kid-1", "Ann@Example.org", T0);

        assertThat(issued.code()).matches("[0-9]{6}");
        String note = issued.state().encode();
        assertThat(note).doesNotContain(issued.code());
        assertThat(issued.state().toString()).doesNotContain(issued.code());
        assertThat(issued.state().expiresAtMillis()).isEqualTo(T0 + 600_000);

        Check check = rules.check(CodeState.decode(note), 0, issued.code(), PEPPER, T0 + 1000);
        assertThat(check.outcome()).isEqualTo(Outcome.VALID);
    }

    @Test
    void typingWithSpacesOrADashStillMatches() {
        Issued issued = rules.issue(PEPPER, "", "a@b.c", T0);
        String spaced = issued.code().substring(0, 3) + " - " + issued.code().substring(3);
        assertThat(rules.check(issued.state(), 0, spaced, PEPPER, T0).outcome()).isEqualTo(Outcome.VALID);
    }

    @Test
    void theSameCodeUnderAnotherPepperOrSaltDoesNotVerify() {
        Issued issued = rules.issue(PEPPER, "kid", "a@b.c", T0);
        assertThat(rules.check(issued.state(), 0, issued.code(), "other".getBytes(StandardCharsets.UTF_8), T0).outcome())
                .isEqualTo(Outcome.WRONG);

        Issued second = rules.issue(PEPPER, "kid", "a@b.c", T0);
        assertThat(second.state().hash()).isNotEqualTo(issued.state().hash());
        assertThat(second.state().salt()).isNotEqualTo(issued.state().salt());
    }

    @Test
    void aWrongCodeCountsAgainstTheCodeAndTheFlowsLastWrongCodeLocksIt() {
        Issued issued = rules.issue(PEPPER, "", "a@b.c", T0);
        Check check = rules.check(issued.state(), 0, otherThan(issued.code()), PEPPER, T0);

        assertThat(check.outcome()).isEqualTo(Outcome.WRONG);
        assertThat(check.state().attempts()).isEqualTo(1);
        assertThat(rules.attemptsLeft(check.state())).isEqualTo(4);
        assertThat(rules.check(issued.state(), 9, otherThan(issued.code()), PEPPER, T0).outcome())
                .as("the flow's tenth wrong code").isEqualTo(Outcome.FLOW_LOCKED);
        assertThat(rules.wrongTry(issued.state(), 8).outcome()).isEqualTo(Outcome.WRONG);
    }

    @Test
    void malformedInputIsWrongAndCountedButEmptyInputIsMissingAndNot() {
        Issued issued = rules.issue(PEPPER, "", "a@b.c", T0);

        Check letters = rules.check(issued.state(), 0, "abcdef", PEPPER, T0);
        assertThat(letters.outcome()).isEqualTo(Outcome.WRONG);
        assertThat(letters.state().attempts()).isEqualTo(1);

        Check tooShort = rules.check(issued.state(), 0, issued.code().substring(1), PEPPER, T0);
        assertThat(tooShort.outcome()).isEqualTo(Outcome.WRONG);

        Check empty = rules.check(issued.state(), 0, "  ", PEPPER, T0);
        assertThat(empty.outcome()).isEqualTo(Outcome.MISSING);
        assertThat(empty.state().attempts()).isZero();
    }

    @Test
    void afterMaxAttemptsTheCodeIsDeadEvenWhenTheRightCodeIsTyped() {
        Issued issued = rules.issue(PEPPER, "", "a@b.c", T0);
        CodeState state = issued.state();
        for (int i = 0; i < 5; i++) {
            Check check = rules.check(state, 0, otherThan(issued.code()), PEPPER, T0);
            assertThat(check.outcome()).isEqualTo(Outcome.WRONG);
            state = check.state();
        }
        assertThat(rules.exhausted(state)).isTrue();
        assertThat(rules.usable(state, T0)).isFalse();

        Check right = rules.check(state, 0, issued.code(), PEPPER, T0);
        assertThat(right.outcome()).isEqualTo(Outcome.EXHAUSTED);
        assertThat(right.state().attempts()).as("a dead code is not compared, so not counted").isEqualTo(5);
    }

    @Test
    void theCodeExpiresAtTheEndOfItsLifetime() {
        Issued issued = rules.issue(PEPPER, "", "a@b.c", T0);
        assertThat(rules.check(issued.state(), 0, issued.code(), PEPPER, T0 + 599_999).outcome()).isEqualTo(Outcome.VALID);
        Check late = rules.check(issued.state(), 0, issued.code(), PEPPER, T0 + 600_000);
        assertThat(late.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(late.state().attempts()).isZero();
    }

    @Test
    void aResendStartsANewCodeButTheFlowLocksAtItsCap() {
        Issued first = rules.issue(PEPPER, "", "a@b.c", T0);
        CodeState state = first.state();
        int flowFailures = 0;
        for (int i = 0; i < 5; i++, flowFailures++) {
            state = rules.check(state, flowFailures, otherThan(first.code()), PEPPER, T0).state();
        }
        Issued second = rules.issue(PEPPER, "", "a@b.c", T0 + 31_000);
        assertThat(second.state().attempts()).isZero();

        state = second.state();
        for (int i = 0; i < 4; i++, flowFailures++) {
            Check check = rules.check(state, flowFailures, otherThan(second.code()), PEPPER, T0 + 32_000);
            assertThat(check.outcome()).isEqualTo(Outcome.WRONG);
            state = check.state();
        }
        Check tenth = rules.check(state, flowFailures, otherThan(second.code()), PEPPER, T0 + 32_000);
        assertThat(tenth.outcome()).isEqualTo(Outcome.FLOW_LOCKED);
        assertThat(rules.check(tenth.state(), flowFailures + 1, second.code(), PEPPER, T0 + 32_000).outcome())
                .as("once locked, even the right code does not pass").isEqualTo(Outcome.FLOW_LOCKED);
    }

    @Test
    void resendWaitCountsDownTheCooldownInWholeSeconds() {
        Issued issued = rules.issue(PEPPER, "", "a@b.c", T0);
        assertThat(rules.resendWaitSeconds(issued.state(), T0)).isEqualTo(30);
        assertThat(rules.resendWaitSeconds(issued.state(), T0 + 29_001)).isEqualTo(1);
        assertThat(rules.resendWaitSeconds(issued.state(), T0 + 30_000)).isZero();
        assertThat(new CodeRules(6, 600, 5, 0, 10).resendWaitSeconds(issued.state(), T0)).isZero();
    }

    @Test
    void theStateRemembersTheAddressCaseInsensitively() {
        Issued issued = rules.issue(PEPPER, "", "Ann@Example.org", T0);
        assertThat(CodeRules.sentTo(issued.state(), PEPPER, "ann@example.org")).isTrue();
        assertThat(CodeRules.sentTo(issued.state(), PEPPER, "eve@example.org")).isFalse();
    }

    @Test
    void encodedStateRoundTripsAndGarbageDecodesToNothing() {
        Issued issued = rules.issue(PEPPER, "kid|with-bar", "a@b.c", T0);
        CodeState back = CodeState.decode(issued.state().withWrongTry().withWrongTry().encode());
        assertThat(back).isNotNull();
        assertThat(back.keyId()).isEqualTo("kid|with-bar");
        assertThat(back.attempts()).isEqualTo(2);
        assertThat(back.hash()).isEqualTo(issued.state().hash());
        assertThat(rules.check(back, 0, issued.code(), PEPPER, T0).outcome()).isEqualTo(Outcome.VALID);

        assertThat(CodeState.decode(null)).isNull();
        assertThat(CodeState.decode("1|a|b|c|d|1|2|3")).as("another version").isNull();
        assertThat(CodeState.decode("1|a|b")).isNull();
        assertThat(CodeState.decode("2|!!|b|c|d|x|2|3")).isNull();
        assertThat(CodeState.decode(issued.state().encode().replaceFirst("^3", "2")))
                .as("a state of the version before the mailed flag").isNull();
    }

    @Test
    void aNewCodeIsNotMailedUntilSaidSoAndTheFlagAndIdSurviveEncoding() {
        Issued issued = rules.issue(PEPPER, "kid", "a@b.c", T0);
        assertThat(issued.state().mailed()).as("not accepted unless the mail went out").isFalse();
        CodeState mailed = CodeState.decode(issued.state().withMailed(true).withAttempts(3).encode());
        assertThat(mailed.mailed()).isTrue();
        assertThat(mailed.attempts()).isEqualTo(3);
        assertThat(mailed.id()).isEqualTo(issued.state().id()).doesNotContain(issued.code());
        assertThat(rules.issue(PEPPER, "kid", "a@b.c", T0).state().id()).as("each code its own id")
                .isNotEqualTo(issued.state().id());
    }

    @Test
    void rulesOutsideTheStandardAreRefused() {
        assertThatThrownBy(() -> new CodeRules(6, 601, 5, 30, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodeRules(4, 600, 5, 30, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodeRules(6, 600, 0, 30, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CodeRules(6, 61, 5, 30, 10).lifetimeMinutes()).isEqualTo(2);
        assertThat(new CodeRules(6, 600, 5, 30, 10).lifetimeMinutes()).isEqualTo(10);
    }

    @Test
    void hashComparisonIsConstantTimeAndNullSafe() {
        assertThat(CodeHash.same(null, new byte[1])).isFalse();
        assertThat(CodeHash.same(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
        assertThat(CodeHash.same(new byte[] {1, 2}, new byte[] {1, 3})).isFalse();
    }

    private static String otherThan(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }
}
