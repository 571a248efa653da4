package com.simptel.keycloak.emailcode;

import com.simptel.keycloak.common.Settings;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;
import java.util.Map;

/**
 * Configuration of the emailed-code step (authenticator and required action): keys, the properties
 * the admin console shows, and typed getters. Values outside their range fall back to the nearest
 * allowed one, so a typo can weaken nothing beyond the standard (NIST SP 800-63B-4: at least 6
 * digits, at most 10 minutes).
 */
public final class EmailCodeConfig {

    public static final String CODE_LENGTH = "codeLength";
    public static final String LIFETIME_SECONDS = "codeLifetimeSeconds";
    public static final String MAX_ATTEMPTS = "maxAttemptsPerCode";
    public static final String RESEND_COOLDOWN_SECONDS = "resendCooldownSeconds";
    public static final String MAX_FAILURES = "maxFailuresPerFlow";
    public static final String ONLY_UNVERIFIED = "onlyWhenEmailNotVerified";

    /** 8 digits: with the mail bound, a guesser's odds stay below 1 in 10,000 per day (docs/email-code.md). */
    static final int DEFAULT_LENGTH = 8;
    static final int DEFAULT_LIFETIME_SECONDS = CodeRules.MAX_LIFETIME_SECONDS;
    static final int DEFAULT_MAX_ATTEMPTS = 5;
    static final int DEFAULT_RESEND_COOLDOWN_SECONDS = 30;
    static final int DEFAULT_MAX_FAILURES = 10;
    static final int LIMIT_MAX_ATTEMPTS = 10;
    static final int LIMIT_MAX_FAILURES = 100;

    /** Properties shared by the authenticator and the required action. */
    static final List<ProviderConfigProperty> CODE_PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(CODE_LENGTH).label("Code length")
            .helpText("Digits in the emailed code, " + OneTimeCode.MIN_LENGTH + " to " + OneTimeCode.MAX_LENGTH + ".")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_LENGTH).add()
            .property().name(LIFETIME_SECONDS).label("Code lifetime (seconds)")
            .helpText("How long a code is accepted after it was sent; at most 600 (10 minutes).")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_LIFETIME_SECONDS).add()
            .property().name(MAX_ATTEMPTS).label("Wrong tries per code")
            .helpText("Wrong entries one code accepts; after that the code is dead and the user must request a new one.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_MAX_ATTEMPTS).add()
            .property().name(RESEND_COOLDOWN_SECONDS).label("Resend cooldown (seconds)")
            .helpText("Minimum time between two codes. A new code does not reset the flow's count of wrong entries.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_RESEND_COOLDOWN_SECONDS).add()
            .property().name(MAX_FAILURES).label("Wrong tries per flow")
            .helpText("Wrong entries accepted across all codes of one login, registration or recovery; then the user"
                    + " is sent back to the login page and must start again.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_MAX_FAILURES).add()
            .build();

    /** The authenticator's properties: the code properties plus the switch for verified users. */
    static final List<ProviderConfigProperty> AUTHENTICATOR_PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(ONLY_UNVERIFIED).label("Only when the email is not verified")
            .helpText("On: users whose email is already verified pass this step without a code (e.g. in a login"
                    + " flow). Off: every user must enter a code (e.g. to prove the mailbox during account recovery).")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
            .build();

    private final Map<String, String> values;

    private EmailCodeConfig(Map<String, String> values) {
        this.values = values == null ? Map.of() : values;
    }

    public static EmailCodeConfig of(Map<String, String> values) {
        return new EmailCodeConfig(values);
    }

    static List<ProviderConfigProperty> authenticatorProperties() {
        return java.util.stream.Stream.concat(CODE_PROPERTIES.stream(), AUTHENTICATOR_PROPERTIES.stream()).toList();
    }

    public int codeLength() {
        return integer(CODE_LENGTH, DEFAULT_LENGTH, OneTimeCode.MIN_LENGTH, OneTimeCode.MAX_LENGTH);
    }

    public int lifetimeSeconds() {
        return integer(LIFETIME_SECONDS, DEFAULT_LIFETIME_SECONDS, 1, CodeRules.MAX_LIFETIME_SECONDS);
    }

    public int maxAttempts() {
        return integer(MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS, 1, LIMIT_MAX_ATTEMPTS);
    }

    public int resendCooldownSeconds() {
        return integer(RESEND_COOLDOWN_SECONDS, DEFAULT_RESEND_COOLDOWN_SECONDS, 0, 3600);
    }

    /** Never below the tries of one code, so a code's last try does not end the flow by surprise. */
    public int maxFailures() {
        return Math.max(maxAttempts(), integer(MAX_FAILURES, DEFAULT_MAX_FAILURES, 1, LIMIT_MAX_FAILURES));
    }

    public boolean onlyWhenEmailNotVerified() {
        return Boolean.parseBoolean(values.get(ONLY_UNVERIFIED));
    }

    public CodeRules rules() {
        return new CodeRules(codeLength(), lifetimeSeconds(), maxAttempts(), resendCooldownSeconds(), maxFailures());
    }

    private int integer(String key, int fallback, int min, int max) {
        return Settings.clampedInt(values.get(key), fallback, min, max);
    }
}
