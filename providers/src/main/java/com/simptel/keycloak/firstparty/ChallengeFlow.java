package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.authmode.AuthMode;
import org.keycloak.services.resources.LoginActionsService;

/** The journeys of the endpoint, by the {@code flow} parameter. */
enum ChallengeFlow {
    LOGIN("login", LoginActionsService.AUTHENTICATE_PATH, AuthMode.AUTHENTICATION),
    REGISTRATION("registration", LoginActionsService.REGISTRATION_PATH, AuthMode.REGISTRATION),
    ACCOUNT_RECOVERY("account_recovery", LoginActionsService.RESET_CREDENTIALS_PATH, AuthMode.ACCOUNT_RECOVERY);

    private final String value;
    private final String flowPath;
    private final AuthMode mode;

    ChallengeFlow(String value, String flowPath, AuthMode mode) {
        this.value = value;
        this.flowPath = flowPath;
        this.mode = mode;
    }

    String value() {
        return value;
    }

    /** The flow path the HTML flow of the same journey runs under (events, the emailed-code step). */
    String flowPath() {
        return flowPath;
    }

    AuthMode mode() {
        return mode;
    }

    /** {@link #LOGIN} for null; null for an unknown value. */
    static ChallengeFlow of(String value) {
        if (value == null) {
            return LOGIN;
        }
        for (ChallengeFlow flow : values()) {
            if (flow.value.equals(value)) {
                return flow;
            }
        }
        return null;
    }
}
