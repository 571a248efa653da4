package com.simptel.keycloak.realmimport;

import com.simptel.keycloak.common.ProviderFactoryBase;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Provider {@value #PROVIDER_ID} of SPI {@value RealmImportSpi#NAME}: gives a realm imported with
 * {@code "CreateDefaultClientScopes": "true"} Keycloak's built-in client scopes on Keycloak
 * versions that ignore that attribute (before 26.7); see {@link BuiltInClientScopes}.
 */
public final class BuiltInClientScopesFactory extends ProviderFactoryBase<RealmImportProvider>
        implements RealmImportProviderFactory {

    public static final String PROVIDER_ID = "builtin-client-scopes";

    @Override
    public RealmImportProvider create(KeycloakSession session) {
        return () -> { };
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                BuiltInClientScopes.completeImport(created.getKeycloakSession(), created.getCreatedRealm());
            }
        });
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
