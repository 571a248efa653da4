package com.simptel.keycloak.sessions;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/**
 * Serves {@code /realms/{realm}/sessions}: CORS preflight without a token, everything else
 * through {@link SessionsGate} to {@link SessionsResource}.
 */
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
        if ("OPTIONS".equals(session.getContext().getHttpRequest().getHttpMethod())) {
            return new SessionsPreflight(session);
        }
        return new SessionsResource(session, SessionsGate.admit(session), config, bucketJson);
    }

    @Override
    public void close() {
    }
}
