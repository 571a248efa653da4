package com.simptel.keycloak.recovery;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryTotpConfigTest {

    @Test
    void noConfigMeansTheSafeDefaults() {
        RecoveryTotpConfig config = RecoveryTotpConfig.of(Map.of());
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.requireEmailCode()).isTrue();
        assertThat(config.withoutTotp()).isEqualTo(RecoveryTotpConfig.WithoutTotp.REFUSE);
        assertThat(RecoveryTotpConfig.of((org.keycloak.models.AuthenticatorConfigModel) null).maxAttempts()).isEqualTo(5);
    }

    @Test
    void readsWhatTheAdminSet() {
        RecoveryTotpConfig config = RecoveryTotpConfig.of(Map.of(
                RecoveryTotpConfig.MAX_ATTEMPTS, " 3 ",
                RecoveryTotpConfig.REQUIRE_EMAIL_CODE, "false",
                RecoveryTotpConfig.WITHOUT_TOTP, "continue"));
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.requireEmailCode()).isFalse();
        assertThat(config.withoutTotp()).isEqualTo(RecoveryTotpConfig.WithoutTotp.CONTINUE);
    }

    @Test
    void unreadableOrOutOfRangeValuesNeverWeakenTheStep() {
        assertThat(RecoveryTotpConfig.of(Map.of(RecoveryTotpConfig.MAX_ATTEMPTS, "lots")).maxAttempts()).isEqualTo(5);
        assertThat(RecoveryTotpConfig.of(Map.of(RecoveryTotpConfig.MAX_ATTEMPTS, "0")).maxAttempts()).as("clamped, as every setting").isEqualTo(1);
        assertThat(RecoveryTotpConfig.of(Map.of(RecoveryTotpConfig.MAX_ATTEMPTS, "-2")).maxAttempts()).isEqualTo(1);
        assertThat(RecoveryTotpConfig.of(Map.of(RecoveryTotpConfig.MAX_ATTEMPTS, "1000")).maxAttempts())
                .isEqualTo(RecoveryTotpConfig.LIMIT_MAX_ATTEMPTS);
        assertThat(RecoveryTotpConfig.of(Map.of(RecoveryTotpConfig.REQUIRE_EMAIL_CODE, "no")).requireEmailCode()).isTrue();
        assertThat(RecoveryTotpConfig.of(Map.of(RecoveryTotpConfig.WITHOUT_TOTP, "allow")).withoutTotp())
                .isEqualTo(RecoveryTotpConfig.WithoutTotp.REFUSE);
    }

    @Test
    void everyPropertyHasALabelAHelpTextAndADefault() {
        assertThat(RecoveryTotpConfig.PROPERTIES).extracting(p -> p.getName()).containsExactly(
                RecoveryTotpConfig.MAX_ATTEMPTS, RecoveryTotpConfig.REQUIRE_EMAIL_CODE, RecoveryTotpConfig.WITHOUT_TOTP);
        assertThat(RecoveryTotpConfig.PROPERTIES).allSatisfy(p -> {
            assertThat(p.getLabel()).isNotBlank();
            assertThat(p.getHelpText()).isNotBlank();
            assertThat(p.getDefaultValue()).isNotNull();
        });
    }
}
