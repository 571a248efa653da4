package com.simptel.keycloak.it.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Optional;

/**
 * Starts one Keycloak (and one mail catcher) for the whole test run, on first use, and closes
 * them when the run ends: the root store closes what it holds. A backend that was asked for and
 * cannot run here (the cluster without PostgreSQL or HAProxy, testcontainers without Docker) fails
 * every test class with one line saying what is missing: a green run means the tests ran. With
 * {@code -D}{@value #ALLOW_SKIP}{@code =true} they are reported skipped instead.
 */
public final class SimptelServerExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

    /** The system property that turns a missing backend into skipped tests rather than failed ones. */
    public static final String ALLOW_SKIP = "simptel.allowSkip";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SimptelServerExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> unavailable = unavailableReason(context);
        if (unavailable.isEmpty()) {
            return ConditionEvaluationResult.enabled("Keycloak backend " + TestSettings.backendName());
        }
        if (Boolean.getBoolean(ALLOW_SKIP)) {
            return ConditionEvaluationResult.disabled(unavailable.get());
        }
        throw new BackendUnavailable(unavailable.get());
    }

    /** One line, no stack trace: what is missing is the whole story. */
    static final class BackendUnavailable extends RuntimeException {
        BackendUnavailable(String reason) {
            super("Cannot run the integration tests: " + reason + " (-D" + ALLOW_SKIP
                    + "=true reports them skipped instead)", null, false, false);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SimptelServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The run's shared server, for other extensions (started here if it is not yet). */
    public static SimptelServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SimptelServer.class, key -> SimptelServer.start(), SimptelServer.class);
    }

    @SuppressWarnings("unchecked")
    private static Optional<String> unavailableReason(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("backend-unavailable", key -> {
            Optional<String> reason = KeycloakBackend.of(TestSettings.backendName()).unavailableReason();
            reason.ifPresent(r -> System.err.println("[simptel-it] Keycloak backend " + TestSettings.backendName()
                    + " unavailable: " + r + (Boolean.getBoolean(ALLOW_SKIP) ? "; tests skipped (" + ALLOW_SKIP + ")" : "")));
            return reason;
        }, Optional.class);
    }
}
