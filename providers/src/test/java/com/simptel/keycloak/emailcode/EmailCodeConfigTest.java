package com.simptel.keycloak.emailcode;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmailCodeConfigTest {

    @Test
    void withoutConfigurationTheDefaultsOfTheIssueApply() {
        CodeRules rules = EmailCodeConfig.of(null).rules();
        assertThat(rules).isEqualTo(new CodeRules(8, 600, 5, 30, 10));
        assertThat(EmailCodeConfig.of(Map.of()).onlyWhenEmailNotVerified()).isFalse();
    }

    @Test
    void valuesAreReadAndOutOfRangeValuesClampedNotTrusted() {
        EmailCodeConfig config = EmailCodeConfig.of(Map.of(
                EmailCodeConfig.CODE_LENGTH, "7",
                EmailCodeConfig.LIFETIME_SECONDS, "3600",
                EmailCodeConfig.MAX_ATTEMPTS, "0",
                EmailCodeConfig.RESEND_COOLDOWN_SECONDS, " 45 ",
                EmailCodeConfig.MAX_FAILURES, "abc",
                EmailCodeConfig.ONLY_UNVERIFIED, "true"));
        assertThat(config.codeLength()).isEqualTo(7);
        assertThat(config.lifetimeSeconds()).as("never beyond 10 minutes").isEqualTo(600);
        assertThat(config.maxAttempts()).isEqualTo(1);
        assertThat(config.resendCooldownSeconds()).isEqualTo(45);
        assertThat(config.maxFailures()).isEqualTo(10);
        assertThat(config.onlyWhenEmailNotVerified()).isTrue();

        assertThat(EmailCodeConfig.of(Map.of(EmailCodeConfig.CODE_LENGTH, "4")).codeLength()).isEqualTo(6);
        assertThat(EmailCodeConfig.of(Map.of(EmailCodeConfig.MAX_ATTEMPTS, "7", EmailCodeConfig.MAX_FAILURES, "3"))
                .maxFailures()).as("a flow allows at least one code's tries").isEqualTo(7);
    }

    @Test
    void everyPropertyHasALabelHelpTextAndDefault() {
        assertThat(EmailCodeConfig.authenticatorProperties()).extracting(ProviderConfigProperty::getName)
                .containsExactly(EmailCodeConfig.CODE_LENGTH, EmailCodeConfig.LIFETIME_SECONDS, EmailCodeConfig.MAX_ATTEMPTS,
                        EmailCodeConfig.RESEND_COOLDOWN_SECONDS, EmailCodeConfig.MAX_FAILURES, EmailCodeConfig.ONLY_UNVERIFIED);
        assertThat(EmailCodeConfig.authenticatorProperties()).allSatisfy(p -> {
            assertThat(p.getLabel()).isNotBlank();
            assertThat(p.getHelpText()).isNotBlank();
            assertThat(p.getDefaultValue()).isNotNull();
        });
        assertThat(EmailCodeConfig.CODE_PROPERTIES).extracting(ProviderConfigProperty::getName)
                .doesNotContain(EmailCodeConfig.ONLY_UNVERIFIED);
    }
}
