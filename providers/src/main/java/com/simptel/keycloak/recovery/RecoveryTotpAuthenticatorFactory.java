package com.simptel.keycloak.recovery;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/** Registers the TOTP account-recovery step for the reset-credentials flow. */
public final class RecoveryTotpAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "simptel-recovery-totp";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENT_CHOICES = {
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.DISABLED
    };

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
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return RecoveryTotpConfig.PROPERTIES;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
