package com.simptel.keycloak.emailcode;

import com.simptel.keycloak.common.ProviderFactoryBase;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

public final class VerifyEmailByCodeActionFactory extends ProviderFactoryBase<RequiredActionProvider>
        implements RequiredActionFactory {

    public static final String PROVIDER_ID = "simptel-verify-email-code";

    private static final RequiredActionProvider SINGLETON = new VerifyEmailByCodeAction();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Verify email with a code (Simptel)";
    }

    @Override
    public boolean isOneTimeAction() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return EmailCodeConfig.CODE_PROPERTIES;
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return SINGLETON;
    }
}
