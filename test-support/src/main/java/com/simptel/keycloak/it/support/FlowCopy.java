package com.simptel.keycloak.it.support;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A copy of one of realm-config's flows with other settings for its email-code step (a short resend
 * cooldown, a short lifetime, ...), made through the admin API as a realm admin would ("Duplicate",
 * then the step's settings), deleted on close. The realm's own flows stay untouched; a test binds
 * the copy to a client of its own ({@link #id()} as the client's browser flow override) or, for
 * the registration flow, to the realm for the time of the test ({@link #asRealmRegistrationFlow()}).
 */
public final class FlowCopy implements AutoCloseable {

    public static final String EMAIL_CODE_STEP = "simptel-email-code";

    private final RealmResource realm;
    private final String alias;
    private final String id;

    private FlowCopy(RealmResource realm, String alias, String id) {
        this.realm = realm;
        this.alias = alias;
        this.id = id;
    }

    /** A copy of the flow {@code source} whose email-code step has {@code stepConfig} over its own settings. */
    public static FlowCopy withEmailCodeStep(SimptelServer server, String source, Map<String, String> stepConfig) {
        RealmResource realm = server.realm();
        AuthenticationManagementResource flows = realm.flows();
        String alias = "test " + source + " " + UUID.randomUUID().toString().substring(0, 8);
        try (Response copied = flows.copy(source, Map.of("newName", alias))) {
            if (copied.getStatus() != 201) {
                throw new AssertionError("Copying flow '" + source + "' answered " + copied.getStatus());
            }
        }
        AuthenticationExecutionInfoRepresentation step = flows.getExecutions(alias).stream()
                .filter(e -> EMAIL_CODE_STEP.equals(e.getProviderId())).findFirst()
                .orElseThrow(() -> new AssertionError("No email-code step in " + alias));
        AuthenticatorConfigRepresentation config = flows.getAuthenticatorConfig(step.getAuthenticationConfig());
        Map<String, String> values = new HashMap<>(config.getConfig());
        values.putAll(stepConfig);
        config.setConfig(values);
        flows.updateAuthenticatorConfig(config.getId(), config);
        String id = flows.getFlows().stream().filter(f -> alias.equals(f.getAlias())).findFirst()
                .orElseThrow().getId();
        return new FlowCopy(realm, alias, id);
    }

    public String id() {
        return id;
    }

    public String alias() {
        return alias;
    }

    /** Binds the copy as the realm's registration flow until the returned binding is closed. */
    public AutoCloseable asRealmRegistrationFlow() {
        String previous = realm.toRepresentation().getRegistrationFlow();
        setRegistrationFlow(alias);
        return () -> setRegistrationFlow(previous);
    }

    private void setRegistrationFlow(String flowAlias) {
        RealmRepresentation update = new RealmRepresentation();
        update.setRegistrationFlow(flowAlias);
        realm.update(update);
    }

    @Override
    public void close() {
        realm.flows().deleteFlow(id);
    }

    @Override
    public String toString() {
        return alias;
    }
}
