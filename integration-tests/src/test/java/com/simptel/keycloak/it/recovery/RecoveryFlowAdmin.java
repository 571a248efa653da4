package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.SimptelServer;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Changes to the realm's recovery flow, its step config and brute-force settings made through the
 * admin API for one test, each undone by closing what it returns.
 */
final class RecoveryFlowAdmin {

    static final String FLOW_ALIAS = "simptel account recovery";
    static final String STEP_PROVIDER_ID = "simptel-recovery-totp";
    static final String EMAIL_STEP_PROVIDER_ID = "simptel-email-code";

    private RecoveryFlowAdmin() {
    }

    /** Sets config values of the TOTP step; closing puts the previous ones back. */
    static Undo stepConfig(SimptelServer server, Map<String, String> values) {
        AuthenticationManagementResource flows = server.realm().flows();
        String configId = execution(server, STEP_PROVIDER_ID).getAuthenticationConfig();
        AuthenticatorConfigRepresentation config = flows.getAuthenticatorConfig(configId);
        Map<String, String> before = new HashMap<>(config.getConfig());
        config.getConfig().putAll(values);
        flows.updateAuthenticatorConfig(configId, config);
        return () -> {
            AuthenticatorConfigRepresentation current = flows.getAuthenticatorConfig(configId);
            current.setConfig(before);
            flows.updateAuthenticatorConfig(configId, current);
        };
    }

    /** Sets the requirement of an execution of the recovery flow (REQUIRED, DISABLED); closing puts it back. */
    static Undo requirement(SimptelServer server, String providerId, String requirement) {
        AuthenticationManagementResource flows = server.realm().flows();
        AuthenticationExecutionInfoRepresentation execution = execution(server, providerId);
        String before = execution.getRequirement();
        execution.setRequirement(requirement);
        flows.updateExecutions(FLOW_ALIAS, execution);
        return () -> {
            AuthenticationExecutionInfoRepresentation current = execution(server, providerId);
            current.setRequirement(before);
            flows.updateExecutions(FLOW_ALIAS, current);
        };
    }

    /**
     * The email step switched off the way docs/account-recovery.md tells realm admins: the execution disabled and
     * the TOTP step no longer requiring it. Closing switches it on again.
     */
    static Undo emailStepOff(SimptelServer server) {
        Undo disabled = requirement(server, EMAIL_STEP_PROVIDER_ID, "DISABLED");
        Undo notRequired = stepConfig(server, Map.of("requireEmailCode", "false"));
        return () -> {
            notRequired.close();
            disabled.close();
        };
    }

    /** Changes realm settings (only the fields set on the representation); closing restores them. */
    static Undo realm(SimptelServer server, Consumer<RealmRepresentation> change, Consumer<RealmRepresentation> restore) {
        RealmRepresentation update = new RealmRepresentation();
        change.accept(update);
        server.realm().update(update);
        return () -> {
            RealmRepresentation back = new RealmRepresentation();
            restore.accept(back);
            server.realm().update(back);
        };
    }

    static AuthenticationExecutionInfoRepresentation execution(SimptelServer server, String providerId) {
        return server.realm().flows().getExecutions(FLOW_ALIAS).stream()
                .filter(e -> providerId.equals(e.getProviderId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(providerId + " is not in the flow " + FLOW_ALIAS));
    }

    /** Undoes one change; never throws, so it can sit in try-with-resources. */
    interface Undo extends AutoCloseable {
        @Override
        void close();
    }
}
