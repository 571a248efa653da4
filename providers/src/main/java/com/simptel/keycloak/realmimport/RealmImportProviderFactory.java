package com.simptel.keycloak.realmimport;

import org.keycloak.provider.ProviderFactory;

/** The factory type of {@link RealmImportSpi}, the name its providers are registered under. */
public interface RealmImportProviderFactory extends ProviderFactory<RealmImportProvider> {
}
