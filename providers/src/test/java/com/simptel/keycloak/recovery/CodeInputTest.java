package com.simptel.keycloak.recovery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodeInputTest {

    @Test
    void blankIsMissingNotWrong() {
        assertThat(CodeInput.isMissing(null)).isTrue();
        assertThat(CodeInput.isMissing("   ")).isTrue();
        assertThat(CodeInput.isMissing("1")).isFalse();
    }

    @Test
    void keepsDigitsAndDropsTheSeparatorsAppsShow() {
        assertThat(CodeInput.normalize("123456")).isEqualTo("123456");
        assertThat(CodeInput.normalize(" 123 456 ")).isEqualTo("123456");
        assertThat(CodeInput.normalize("123-456")).isEqualTo("123456");
    }

    @Test
    void anythingElseCannotBeACode() {
        assertThat(CodeInput.normalize("12345a")).isNull();
        assertThat(CodeInput.normalize("１２３４５６")).isNull(); // full-width digits are not ASCII digits
        assertThat(CodeInput.normalize("12345678901")).isNull();
        assertThat(CodeInput.normalize(" - ")).isNull();
        assertThat(CodeInput.normalize(null)).isNull();
    }
}
