package com.simptel.keycloak.clientpolicy;

import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Runs {@link OAuth21ClientSettings} when a client is registered or updated. Placed before
 * Keycloak's pkce-enforcer, reject-implicit-grant and reject-ropc-grant in the realm's profile,
 * which then find a conforming client and keep enforcing OAuth 2.1 at request time.
 */
final class OAuth21ClientSettingsExecutor
        implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case REGISTER, UPDATE -> {
                ClientCRUDContext crud = (ClientCRUDContext) context;
                if (crud.getProposedClientRepresentation() != null) {
                    OAuth21ClientSettings.apply(crud.getProposedClientRepresentation());
                }
            }
            default -> {
            }
        }
    }

    @Override
    public String getProviderId() {
        return OAuth21ClientSettingsExecutorFactory.PROVIDER_ID;
    }
}
