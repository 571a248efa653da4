package com.simptel.keycloak.realmimport;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * SPI {@value #NAME}: what the Simptel JAR does while Keycloak imports a realm. Its one provider,
 * {@link BuiltInClientScopesFactory}, only listens; nothing is configured per realm.
 */
public final class RealmImportSpi implements Spi {

    public static final String NAME = "simptel-realm-import";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return RealmImportProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return RealmImportProviderFactory.class;
    }
}
