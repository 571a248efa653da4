package com.simptel.keycloak.common;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/**
 * What all our provider factories share, whatever their SPI: no server-wide state unless a
 * factory overrides {@link #init}, and the JAR's version in the admin console's Server info,
 * Providers.
 */
public abstract class ProviderFactoryBase<T extends Provider> implements ProviderFactory<T>,
        ServerInfoAwareProviderFactory {

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    /** Which Simptel JAR is installed; factories with settings add those. */
    @Override
    public Map<String, String> getOperationalInfo() {
        return ProjectVersion.info();
    }
}
