package com.simptel.keycloak.firstparty;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * A metadata document of Keycloak's with the challenge endpoint added ({@link ChallengeDiscovery}).
 * Keycloak serves, per alias, the factory of lowest priority: its own have 100, these less. Each
 * reads Keycloak's own options ({@code --spi-well-known--<alias>--*}), so an operator's overrides
 * still apply.
 */
abstract class ChallengeDiscoveryFactory extends OIDCWellKnownProviderFactory {

    private final String alias;
    private final boolean viaServerMetadata;

    ChallengeDiscoveryFactory(String alias, boolean viaServerMetadata) {
        this.alias = alias;
        this.viaServerMetadata = viaServerMetadata;
    }

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        return new ChallengeDiscovery(session, super.create(session));
    }

    @Override
    public void init(Config.Scope config) {
        super.init(Config.scope("well-known", alias));
    }

    @Override
    public String getId() {
        return "simptel-" + alias;
    }

    @Override
    public String getAlias() {
        return alias;
    }

    @Override
    public int getPriority() {
        return 50;
    }

    @Override
    public boolean isAvailableViaServerMetadata() {
        return viaServerMetadata;
    }

    /** {@code /realms/{realm}/.well-known/openid-configuration}. */
    public static final class OpenIdConfiguration extends ChallengeDiscoveryFactory {
        public OpenIdConfiguration() {
            super(OIDCWellKnownProviderFactory.PROVIDER_ID, false);
        }
    }

    /**
     * RFC 8414 metadata, at {@code /realms/{realm}/.well-known/oauth-authorization-server} and
     * {@code /.well-known/oauth-authorization-server/realms/{realm}}.
     */
    public static final class AuthorizationServer extends ChallengeDiscoveryFactory {
        public AuthorizationServer() {
            super(org.keycloak.protocol.oauth2.OAuth2WellKnownProviderFactory.PROVIDER_ID, true);
        }
    }
}
