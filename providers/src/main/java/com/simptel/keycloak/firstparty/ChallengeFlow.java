package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.authmode.AuthMode;
import org.keycloak.events.EventType;
import org.keycloak.services.resources.LoginActionsService;

/** The journeys of the endpoint, by the {@code flow} parameter. */
enum ChallengeFlow {
    LOGIN("login", LoginActionsService.AUTHENTICATE_PATH, AuthMode.AUTHENTICATION, EventType.LOGIN,
            "simptelChallengeSignedIn"),
    REGISTRATION("registration", LoginActionsService.REGISTRATION_PATH, AuthMode.REGISTRATION, EventType.REGISTER,
            "simptelChallengeRegistered"),
    ACCOUNT_RECOVERY("account_recovery", LoginActionsService.RESET_CREDENTIALS_PATH, AuthMode.ACCOUNT_RECOVERY,
            EventType.RESET_PASSWORD, "simptelChallengeRecovered");

    private final String value;
    private final String flowPath;
    private final AuthMode mode;
    private final EventType eventType;
    private final String doneMessage;

    ChallengeFlow(String value, String flowPath, AuthMode mode, EventType eventType, String doneMessage) {
        this.value = value;
        this.flowPath = flowPath;
        this.mode = mode;
        this.eventType = eventType;
        this.doneMessage = doneMessage;
    }

    /** The event type of the HTML flow of the same journey. */
    EventType eventType() {
        return eventType;
    }

    /** Theme key of the success message. */
    String doneMessage() {
        return doneMessage;
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
