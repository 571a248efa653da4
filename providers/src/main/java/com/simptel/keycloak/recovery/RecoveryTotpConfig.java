package com.simptel.keycloak.recovery;

import com.simptel.keycloak.common.Settings;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;
import java.util.Map;

/**
 * The realm admin's settings of the TOTP recovery step: keys, admin-console properties and typed
 * getters with safe defaults (a missing or unreadable value never weakens the step).
 */
final class RecoveryTotpConfig {

    static final String MAX_ATTEMPTS = "maxAttempts";
    static final String WITHOUT_TOTP = "withoutTotp";
    static final String REQUIRE_EMAIL_CODE = "requireEmailCode";

    static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** More than this per flow would let one flow try a noticeable share of the code space. */
    static final int LIMIT_MAX_ATTEMPTS = 10;

    /** What a user without TOTP gets once the emailed code proved the mailbox. */
    enum WithoutTotp {
        REFUSE("refuse"),
        CONTINUE("continue");

        private final String value;

        WithoutTotp(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }
    }

    static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property()
                .name(MAX_ATTEMPTS)
                .label("Max wrong codes per recovery")
                .helpText("Wrong TOTP codes accepted in one account recovery (1-" + LIMIT_MAX_ATTEMPTS + "). After"
                        + " that the recovery ends and must be started again. Every wrong code also counts as a"
                        + " failed login for the realm's brute-force detection.")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_MAX_ATTEMPTS)
                .add()
            .property()
                .name(REQUIRE_EMAIL_CODE)
                .label("Require the emailed code")
                .helpText("If on, the TOTP is accepted only after the 'Simptel emailed code' step proved the"
                        + " user's mailbox earlier in this flow; if that step is disabled or missing, recovery is"
                        + " refused for everyone (fail closed, with a warning in the server log). To recover with"
                        + " TOTP alone, disable the emailed-code step AND switch this off.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(Boolean.TRUE.toString())
                .add()
            .property()
                .name(WITHOUT_TOTP)
                .label("Users without TOTP")
                .helpText("For a user who has proven the mailbox with the emailed code but has no authenticator"
                        + " app: 'refuse' tells them recovery is not possible here; 'continue' lets them set a new"
                        + " password (Keycloak's ordinary password reset; the recovery mail is still sent). Without"
                        + " a proven mailbox such users always fail like a wrong code, so nobody learns who has TOTP.")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(WithoutTotp.REFUSE.value(), WithoutTotp.CONTINUE.value())
                .defaultValue(WithoutTotp.REFUSE.value())
                .add()
            .build();

    private final Map<String, String> values;

    private RecoveryTotpConfig(Map<String, String> values) {
        this.values = values;
    }

    static RecoveryTotpConfig of(AuthenticatorConfigModel model) {
        return of(model == null || model.getConfig() == null ? Map.of() : model.getConfig());
    }

    static RecoveryTotpConfig of(Map<String, String> values) {
        return new RecoveryTotpConfig(values);
    }

    /** 1..{@value #LIMIT_MAX_ATTEMPTS}, clamped; an unreadable value takes the default. */
    int maxAttempts() {
        return Settings.clampedInt(values.get(MAX_ATTEMPTS), DEFAULT_MAX_ATTEMPTS, 1, LIMIT_MAX_ATTEMPTS);
    }

    /** On unless explicitly "false": the mailbox proof is only given up on purpose. */
    boolean requireEmailCode() {
        String raw = values.get(REQUIRE_EMAIL_CODE);
        return raw == null || !"false".equalsIgnoreCase(raw.trim());
    }

    /** {@link WithoutTotp#REFUSE} unless explicitly "continue". */
    WithoutTotp withoutTotp() {
        String raw = values.get(WITHOUT_TOTP);
        return raw != null && WithoutTotp.CONTINUE.value().equalsIgnoreCase(raw.trim())
                ? WithoutTotp.CONTINUE : WithoutTotp.REFUSE;
    }
}
