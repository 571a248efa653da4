package com.simptel.keycloak.it.registration;

import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * realm-config's flows are Keycloak's own with the email-code step added: nothing of the stock
 * browser flow (cookie SSO, Kerberos, kc_idp_hint redirector, organizations, username/password,
 * conditional OTP/WebAuthn/recovery codes) or registration form is lost.
 */
@SimptelIT
class RealmConfigFlowsIT {

    @Test
    void theRealmUsesTheSimptelFlows(SimptelServer server) {
        RealmRepresentation realm = server.realm().toRepresentation();
        assertThat(realm.getBrowserFlow()).isEqualTo("simptel browser");
        assertThat(realm.getRegistrationFlow()).isEqualTo("simptel registration");
        assertThat(realm.isVerifyEmail()).as("the code replaces the verification link").isFalse();
    }

    @Test
    void theBrowserFlowIsKeycloaksWithTheStepForUnverifiedUsersAfterTheForms(SimptelServer server) {
        List<String> stock = shape(server.realm().flows().getExecutions("browser"), Map.of());
        List<AuthenticationExecutionInfoRepresentation> ours = server.realm().flows().getExecutions("simptel browser");

        int step = indexOf(ours, "simptel-condition-email-not-verified");
        AuthenticationExecutionInfoRepresentation subFlow = ours.get(step - 1);
        assertThat(subFlow.getRequirement()).isEqualTo("CONDITIONAL");
        assertThat(subFlow.getLevel()).isEqualTo(1);
        assertThat(ours.get(step + 1).getProviderId()).isEqualTo("simptel-email-code");
        assertThat(ours.get(step + 1).getRequirement()).isEqualTo("REQUIRED");
        assertThat(ours.get(step + 1).getAuthenticationConfig()).isNotNull();
        assertThat(indexOf(ours, "auth-username-password-form")).isLessThan(step);

        List<AuthenticationExecutionInfoRepresentation> withoutStep = new ArrayList<>(ours);
        withoutStep.subList(step - 1, step + 2).clear();
        assertThat(shape(withoutStep, Map.of())).isEqualTo(stock);
    }

    @Test
    void theRegistrationFlowIsKeycloaksWithEnumerationSafeActionsAndTheStepAfterTheForm(SimptelServer server) {
        List<String> stock = shape(server.realm().flows().getExecutions("registration"), Map.of());
        List<AuthenticationExecutionInfoRepresentation> ours = server.realm().flows().getExecutions("simptel registration");

        AuthenticationExecutionInfoRepresentation last = ours.get(ours.size() - 1);
        assertThat(last.getProviderId()).isEqualTo("simptel-email-code");
        assertThat(last.getLevel()).isZero();
        assertThat(last.getRequirement()).isEqualTo("REQUIRED");

        List<String> withoutStep = shape(ours.subList(0, ours.size() - 1), Map.of(
                "simptel-registration-user-creation", "registration-user-creation",
                "simptel-registration-password", "registration-password-action"));
        assertThat(withoutStep).isEqualTo(stock);
    }

    private static int indexOf(List<AuthenticationExecutionInfoRepresentation> executions, String providerId) {
        for (int i = 0; i < executions.size(); i++) {
            if (providerId.equals(executions.get(i).getProviderId())) {
                return i;
            }
        }
        throw new AssertionError("No " + providerId + " in " + shape(executions, Map.of()));
    }

    /** level, provider (ours renamed to Keycloak's) and requirement of each execution, in order. */
    private static List<String> shape(List<AuthenticationExecutionInfoRepresentation> executions, Map<String, String> renames) {
        return executions.stream().map(e -> {
            String provider = e.getProviderId() == null ? "sub-flow" : renames.getOrDefault(e.getProviderId(), e.getProviderId());
            return e.getLevel() + " " + provider + " " + e.getRequirement();
        }).toList();
    }
}
