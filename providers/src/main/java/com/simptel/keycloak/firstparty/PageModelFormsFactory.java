package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.common.ProviderFactoryBase;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.forms.login.LoginFormsProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * The login-forms provider {@code simptel-freemarker} ({@link PageModelForms}), Keycloak's default
 * through its order unless an operator names another ({@code --spi-login--provider=freemarker}:
 * the JSON journeys then still run every step, rendering the pages they do not show).
 */
public final class PageModelFormsFactory extends ProviderFactoryBase<LoginFormsProvider>
        implements LoginFormsProviderFactory {

    public static final String PROVIDER_ID = "simptel-freemarker";

    @Override
    public LoginFormsProvider create(KeycloakSession session) {
        return new PageModelForms(session);
    }

    @Override
    public int order() {
        return 1; // above Keycloak's "freemarker" (0): the default without configuration
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
