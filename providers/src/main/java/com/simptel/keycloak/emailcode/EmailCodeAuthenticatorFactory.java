package com.simptel.keycloak.emailcode;

import com.simptel.keycloak.common.AuthenticatorFactoryBase;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

public final class EmailCodeAuthenticatorFactory extends AuthenticatorFactoryBase {

    public static final String PROVIDER_ID = "simptel-email-code";

    private static final Authenticator SINGLETON = new EmailCodeAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Email code (Simptel)";
    }

    @Override
    public String getHelpText() {
        return "Sends a one-time code to the user's email address and asks for it; on success the email is"
                + " marked verified. Use it after the registration form, for users whose email is not verified"
                + " in a login flow, or to prove the mailbox in account recovery. Without a user that can"
                + " receive mail it shows the same page and accepts no code, so it never reveals an account.";
    }

    @Override
    public String getReferenceCategory() {
        return "email-code";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return EmailCodeConfig.authenticatorProperties();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
