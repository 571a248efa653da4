package com.simptel.keycloak.firstparty;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * {@code /.well-known/openid-configuration} with the challenge endpoint. Keycloak serves, per alias,
 * the factory of lowest priority: Keycloak's own has 100, this one less. It reads Keycloak's own
 * options ({@code --spi-well-known--openid-configuration--*}), so an operator's overrides still apply.
 */
public final class ChallengeOidcDiscoveryFactory extends OIDCWellKnownProviderFactory {

    public static final String PROVIDER_ID = "simptel-openid-configuration";

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        return new ChallengeDiscovery(session, super.create(session));
    }

    @Override
    public void init(Config.Scope config) {
        super.init(Config.scope("well-known", OIDCWellKnownProviderFactory.PROVIDER_ID));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getAlias() {
        return OIDCWellKnownProviderFactory.PROVIDER_ID;
    }

    @Override
    public int getPriority() {
        return 50;
    }
}
