package com.simptel.keycloak.firstparty;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oauth2.OAuth2WellKnownProviderFactory;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * RFC 8414 metadata with the challenge endpoint, at both addresses Keycloak serves it:
 * {@code /realms/{realm}/.well-known/oauth-authorization-server} and
 * {@code /.well-known/oauth-authorization-server/realms/{realm}}. Wins over Keycloak's own factory
 * by a lower priority, as {@link ChallengeOidcDiscoveryFactory} does.
 */
public final class ChallengeOAuthDiscoveryFactory extends OAuth2WellKnownProviderFactory {

    public static final String PROVIDER_ID = "simptel-oauth-authorization-server";

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        return new ChallengeDiscovery(session, super.create(session));
    }

    @Override
    public void init(Config.Scope config) {
        super.init(Config.scope("well-known", OAuth2WellKnownProviderFactory.PROVIDER_ID));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getAlias() {
        return OAuth2WellKnownProviderFactory.PROVIDER_ID;
    }

    @Override
    public int getPriority() {
        return 50;
    }
}
