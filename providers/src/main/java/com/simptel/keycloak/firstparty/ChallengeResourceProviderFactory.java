package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.common.ProviderFactoryBase;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Serves {@link ChallengeResource} at {@code /realms/{realm}/authorization-challenge}. */
public final class ChallengeResourceProviderFactory extends ProviderFactoryBase<RealmResourceProvider>
        implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = ChallengeResource.ENDPOINT;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new ChallengeResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
