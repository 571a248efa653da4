package com.simptel.keycloak.emailcode;

import com.simptel.keycloak.common.AuthenticatorFactoryBase;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

public final class EmailNotVerifiedConditionFactory extends AuthenticatorFactoryBase implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "simptel-condition-email-not-verified";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - email not verified (Simptel)";
    }

    @Override
    public String getHelpText() {
        return "Runs the sub-flow only for a user with an email address that is not verified, e.g. to ask"
                + " for an emailed code before such a user gets a token.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return EmailNotVerifiedCondition.SINGLETON;
    }
}
