package com.simptel.keycloak.it.registration;

import com.simptel.keycloak.it.support.FlowCopy;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelServer;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A public test client whose browser flow is a copy of realm-config's "simptel browser" with other
 * settings for the email-code step (short lifetime, short cooldown, ...; a {@link FlowCopy}), made
 * through the admin API as a realm admin would, and removed afterwards. The realm's own flows stay untouched.
 */
public final class CodeStepTestClient implements AutoCloseable {

    static final String REDIRECT_URI = "http://localhost:5173/callback";

    private final SimptelServer server;
    private final String flowAlias;
    private final String flowId;
    private final String clientUuid;
    public final OidcClient client;

    private CodeStepTestClient(SimptelServer server, String flowAlias, String flowId, String clientUuid, OidcClient client) {
        this.server = server;
        this.flowAlias = flowAlias;
        this.flowId = flowId;
        this.clientUuid = clientUuid;
        this.client = client;
    }

    public static CodeStepTestClient withStepConfig(SimptelServer server, Map<String, String> stepConfig) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        FlowCopy flow = FlowCopy.withEmailCodeStep(server, "simptel browser", stepConfig);
        String alias = flow.alias();
        String flowId = flow.id();

        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId("email-code-test-" + suffix);
        rep.setPublicClient(true);
        rep.setStandardFlowEnabled(true);
        rep.setDirectAccessGrantsEnabled(false);
        // stated explicitly: Keycloak 26.7.3's reject-implicit-grant policy executor answers 500 when it is null
        rep.setImplicitFlowEnabled(false);
        rep.setRedirectUris(List.of(REDIRECT_URI));
        rep.setAttributes(Map.of("pkce.code.challenge.method", "S256"));
        rep.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId));
        String clientUuid;
        try (Response created = server.realm().clients().create(rep)) {
            if (created.getStatus() != 201) {
                throw new AssertionError("Creating the test client answered " + created.getStatus());
            }
            String location = created.getLocation().getPath();
            clientUuid = location.substring(location.lastIndexOf('/') + 1);
        }
        OidcClient client = new OidcClient(server, SimptelServer.REALM, rep.getClientId(), null, REDIRECT_URI);
        return new CodeStepTestClient(server, alias, flowId, clientUuid, client);
    }

    @Override
    public void close() {
        server.realm().clients().get(clientUuid).remove();
        server.realm().flows().deleteFlow(flowId);
    }

    @Override
    public String toString() {
        return flowAlias;
    }
}
