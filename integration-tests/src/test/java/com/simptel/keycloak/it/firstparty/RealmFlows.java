package com.simptel.keycloak.it.firstparty;

import com.simptel.keycloak.it.support.FlowCopy;
import com.simptel.keycloak.it.support.RealmFixtures;
import com.simptel.keycloak.it.support.SimptelServer;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a realm admin sets up in the admin console for these tests: a top-level flow of plain steps,
 * a first-party client whose browser flow is overridden with it, a required action switched on.
 */
final class RealmFlows {

    /** Where a browser would come back: nothing listens there, the URL is what the app reads. */
    static final String REDIRECT_URI = "http://localhost:39999/fp-callback";

    private RealmFlows() {
    }

    /** One step of a flow: an authenticator and its requirement (REQUIRED, ALTERNATIVE, ...). */
    record Step(String provider, String requirement) {
        static Step required(String provider) {
            return new Step(provider, "REQUIRED");
        }
    }

    /** A flow and a public first-party client that uses it as its browser flow; both go on close. */
    record FlowClient(RealmResource realm, String flowId, String flowAlias, RealmFixtures.TestClient client)
            implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            realm.flows().deleteFlow(flowId);
        }
    }

    static FlowClient clientWithBrowserFlow(SimptelServer server, Step... steps) {
        RealmResource realm = server.realm();
        String alias = "fp-flow-" + UUID.randomUUID().toString().substring(0, 8);
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        flow.setDescription("first-party test flow");
        realm.flows().createFlow(flow).close();
        for (Step step : steps) {
            realm.flows().addExecution(alias, Map.of("provider", step.provider()));
        }
        List<AuthenticationExecutionInfoRepresentation> executions = realm.flows().getExecutions(alias);
        for (int i = 0; i < steps.length; i++) {
            AuthenticationExecutionInfoRepresentation execution = executions.get(i);
            execution.setRequirement(steps[i].requirement());
            realm.flows().updateExecutions(alias, execution);
        }
        String flowId = realm.flows().getFlows().stream().filter(f -> alias.equals(f.getAlias())).findFirst()
                .orElseThrow().getId();
        return new FlowClient(realm, flowId, alias, firstPartyClient(server, flowId));
    }

    /**
     * A copy of realm-config's browser flow with other email-code step settings (e.g. a short resend
     * cooldown) and a first-party client using it.
     */
    static FlowClient clientWithBrowserFlowCopy(SimptelServer server, Map<String, String> emailCodeStep) {
        FlowCopy copy = FlowCopy.withEmailCodeStep(server, "simptel browser", emailCodeStep);
        return new FlowClient(server.realm(), copy.id(), copy.alias(), firstPartyClient(server, copy.id()));
    }

    private static RealmFixtures.TestClient firstPartyClient(SimptelServer server, String flowId) {
        return RealmFixtures.createClientFromJson(server, "{\"clientId\":\"fp-flow-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"publicClient\":true,\"standardFlowEnabled\":true,"
                + "\"redirectUris\":[\"" + REDIRECT_URI + "\"],\"attributes\":{\"pkce.code.challenge.method\":\"S256\"},"
                + "\"authenticationFlowBindingOverrides\":{\"browser\":\"" + flowId + "\"},"
                + "\"defaultClientScopes\":[\"web-origins\",\"acr\",\"profile\",\"roles\",\"basic\",\"email\","
                + "\"simptel-sessions\",\"simptel-first-party\"]}");
    }

    /** Switches a required action on (or off) as the admin console's Required actions tab does. */
    static void requiredAction(SimptelServer server, String alias, boolean enabled) {
        RequiredActionProviderRepresentation action = server.realm().flows().getRequiredAction(alias);
        action.setEnabled(enabled);
        server.realm().flows().updateRequiredAction(alias, action);
    }
}
