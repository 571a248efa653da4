package com.simptel.keycloak.firstparty;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.services.resources.RealmsResource;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * Keycloak's own metadata document with one member added, {@code authorization_challenge_endpoint}
 * (draft-ietf-oauth-first-party-apps, section 4.1); everything else is Keycloak's, unchanged.
 */
final class ChallengeDiscovery implements WellKnownProvider {

    static final String METADATA = "authorization_challenge_endpoint";

    private final KeycloakSession session;
    private final WellKnownProvider stock;

    ChallengeDiscovery(KeycloakSession session, WellKnownProvider stock) {
        this.session = session;
        this.stock = stock;
    }

    @Override
    public Object getConfig() {
        Object config = stock.getConfig();
        if (config instanceof OIDCConfigurationRepresentation metadata) {
            metadata.setOtherClaims(METADATA, RealmsResource.realmBaseUrl(session.getContext().getUri())
                    .path(ChallengeResource.ENDPOINT).build(session.getContext().getRealm().getName()).toString());
        }
        return config;
    }

    @Override
    public void close() {
        stock.close();
    }
}
