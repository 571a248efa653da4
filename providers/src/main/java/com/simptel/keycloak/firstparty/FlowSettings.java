package com.simptel.keycloak.firstparty;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

import java.util.Map;
import java.util.Optional;

/**
 * The settings a realm admin gave a step in the realm's own flows (browser, registration, reset
 * credentials), so a journey here runs with the same limits as its HTML twin.
 */
final class FlowSettings {

    private FlowSettings() {
    }

    /** The config of the first enabled execution of {@code authenticator} in the flow (or its sub-flows). */
    static Optional<Map<String, String>> of(RealmModel realm, AuthenticationFlowModel flow, String authenticator) {
        return flow == null ? Optional.empty() : find(realm, flow.getId(), authenticator, 0);
    }

    private static Optional<Map<String, String>> find(RealmModel realm, String flowId, String authenticator, int depth) {
        if (depth > 10) {
            return Optional.empty();
        }
        for (AuthenticationExecutionModel execution : realm.getAuthenticationExecutionsStream(flowId).toList()) {
            if (execution.isDisabled()) {
                continue;
            }
            if (execution.isAuthenticatorFlow()) {
                Optional<Map<String, String>> found = find(realm, execution.getFlowId(), authenticator, depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            } else if (authenticator.equals(execution.getAuthenticator())) {
                AuthenticatorConfigModel config = execution.getAuthenticatorConfig() == null ? null
                        : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
                return Optional.of(config == null || config.getConfig() == null ? Map.of() : config.getConfig());
            }
        }
        return Optional.empty();
    }
}
