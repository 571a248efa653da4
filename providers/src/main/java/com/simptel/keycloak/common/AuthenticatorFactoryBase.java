package com.simptel.keycloak.common;

import org.keycloak.Config;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/**
 * What our authenticator factories share: no server-wide state, no user setup, required or
 * disabled, and configurable exactly when they declare settings.
 */
public abstract class AuthenticatorFactoryBase implements AuthenticatorFactory,
        ServerInfoAwareProviderFactory {

    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED, Requirement.DISABLED};

    @Override
    public boolean isConfigurable() {
        return !getConfigProperties().isEmpty();
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
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

    /** Shown in the admin console's Server info, Providers: which Simptel JAR is installed. */
    @Override
    public Map<String, String> getOperationalInfo() {
        return ProjectVersion.info();
    }
}
