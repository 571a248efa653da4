package com.simptel.keycloak.clientpolicy;

import com.simptel.keycloak.common.ProviderFactoryBase;
import com.simptel.keycloak.realmimport.BuiltInClientScopes;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

import java.util.List;

/**
 * Client policy executor {@value #PROVIDER_ID}; see {@link OAuth21ClientSettings}. Its factory also
 * starts the listener that gives imported realms their clients' built-in scopes on Keycloak before 26.7
 * ({@link BuiltInClientScopes}): every factory is initialised whether a realm uses it or not.
 */
public final class OAuth21ClientSettingsExecutorFactory extends ProviderFactoryBase<ClientPolicyExecutorProvider>
        implements ClientPolicyExecutorProviderFactory {

    public static final String PROVIDER_ID = "simptel-oauth21-client-settings";

    @Override
    public ClientPolicyExecutorProvider<?> create(KeycloakSession session) {
        return new OAuth21ClientSettingsExecutor();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        BuiltInClientScopes.listen(factory);
    }

    @Override
    public String getHelpText() {
        return "On client registration and update: sets PKCE S256, no implicit flow and no password grant where the"
                + " request leaves them out, and refuses a request that asks for implicit flow, the password grant or"
                + " a PKCE method other than S256 with an error naming the setting. Put it before pkce-enforcer,"
                + " reject-implicit-grant and reject-ropc-grant.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
