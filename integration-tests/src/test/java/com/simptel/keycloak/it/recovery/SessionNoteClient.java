package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelServer;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

import java.util.List;
import java.util.Map;

/**
 * A public client that exists only during a test and copies the user session note
 * {@code simptel.auth_mode} into the claim {@value #CLAIM} with Keycloak's stock
 * "User Session Note" mapper: a test-only window on what the recovery step recorded, independent
 * of the product's own auth_mode mapper.
 */
final class SessionNoteClient implements AutoCloseable {

    static final String CLIENT_ID = "simptel-recovery-it";
    static final String REDIRECT_URI = "http://localhost:5173/recovery-it";
    static final String CLAIM = "it_session_auth_mode";

    private final SimptelServer server;
    private final String id;

    private SessionNoteClient(SimptelServer server, String id) {
        this.server = server;
        this.id = id;
    }

    static SessionNoteClient create(SimptelServer server) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(CLIENT_ID);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setDirectAccessGrantsEnabled(false);
        client.setImplicitFlowEnabled(false); // the realm's reject-implicit-grant policy needs it set (NPE otherwise)
        client.setRedirectUris(List.of(REDIRECT_URI));
        client.setAttributes(Map.of("pkce.code.challenge.method", "S256"));
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("test: session auth mode");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-usersessionmodel-note-mapper");
        mapper.setConfig(Map.of(
                "user.session.note", "simptel.auth_mode",
                "claim.name", CLAIM,
                "jsonType.label", "String",
                "access.token.claim", "true",
                "id.token.claim", "true"));
        client.setProtocolMappers(List.of(mapper));
        try (Response response = server.realm().clients().create(client)) {
            if (response.getStatus() != 201) {
                throw new AssertionError("Creating the test client failed: " + response.getStatus());
            }
        }
        String id = server.realm().clients().findByClientId(CLIENT_ID).get(0).getId();
        return new SessionNoteClient(server, id);
    }

    OidcClient oidc() {
        return new OidcClient(server, SimptelServer.REALM, CLIENT_ID, null, REDIRECT_URI);
    }

    @Override
    public void close() {
        try {
            server.realm().clients().get(id).remove();
        } catch (RuntimeException ignored) {
            // the server may already be gone at the end of the run
        }
    }
}
