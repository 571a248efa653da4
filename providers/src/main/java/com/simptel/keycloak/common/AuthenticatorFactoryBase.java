package com.simptel.keycloak.common;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;

/**
 * What our authenticator factories share: no server-wide state, no user setup, required or
 * disabled, and configurable exactly when they declare settings.
 */
public abstract class AuthenticatorFactoryBase extends ProviderFactoryBase<Authenticator>
        implements AuthenticatorFactory {

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
}
