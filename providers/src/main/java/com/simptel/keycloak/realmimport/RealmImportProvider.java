package com.simptel.keycloak.realmimport;

import org.keycloak.provider.Provider;

/** The provider type of {@link RealmImportSpi}; the work happens in the factory's listener. */
public interface RealmImportProvider extends Provider {
}
