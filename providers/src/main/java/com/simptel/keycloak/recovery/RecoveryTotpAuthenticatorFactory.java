package com.simptel.keycloak.recovery;

import com.simptel.keycloak.common.AuthenticatorFactoryBase;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/** Registers the TOTP account-recovery step for the reset-credentials flow. */
public final class RecoveryTotpAuthenticatorFactory extends AuthenticatorFactoryBase {

    public static final String PROVIDER_ID = "simptel-recovery-totp";

    private static final RecoveryTotpAuthenticator SINGLETON = new RecoveryTotpAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Simptel recovery: authenticator app code";
    }

    @Override
    public String getHelpText() {
        return "Account recovery (reset credentials flow): asks for the current code of the user's authenticator"
                + " app (TOTP), checked with the realm's OTP policy including its replay guard. Place it after"
                + " 'Choose User' and the emailed-code step, before 'Reset Password'. Unknown users and users"
                + " without TOTP see the same page and error as a wrong code. Wrong codes count for brute-force"
                + " detection. On success the session is marked accountRecovery and the user gets a notice by"
                + " email. The user's TOTP is never removed.";
    }

    /** Failures count in the realm's OTP brute-force category, as with Keycloak's OTP form. */
    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return RecoveryTotpConfig.PROPERTIES;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
