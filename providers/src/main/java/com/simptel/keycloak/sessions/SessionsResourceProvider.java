package com.simptel.keycloak.sessions;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Serves {@code /realms/{realm}/sessions}: JAX-RS routes each request within {@link SessionsResource}. */
final class SessionsResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final SessionsConfig config;
    private final BucketJson bucketJson;

    SessionsResourceProvider(KeycloakSession session, SessionsConfig config, BucketJson bucketJson) {
        this.session = session;
        this.config = config;
        this.bucketJson = bucketJson;
    }

    @Override
    public Object getResource() {
        return new SessionsResource(session, config, bucketJson);
    }

    @Override
    public void close() {
    }
}
