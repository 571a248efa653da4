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
 * them when the run ends: the root store closes what it holds. Where the chosen backend cannot
 * run (testcontainers without Docker) every test class is skipped with the reason, never failed.
 */
public final class SimptelServerExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SimptelServerExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> unavailable = unavailableReason(context);
        return unavailable.map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("Keycloak backend " + TestSettings.backendName()));
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
            reason.ifPresent(r -> System.err.println("[simptel-it] Integration tests skipped: " + r));
            return reason;
        }, Optional.class);
    }
}
