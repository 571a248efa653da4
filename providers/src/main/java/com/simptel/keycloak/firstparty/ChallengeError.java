package com.simptel.keycloak.firstparty;

/**
 * An answer of the challenge endpoint other than a code: status, {@code error}, and an English
 * {@code error_description} (the localized 403 answers are {@link Challenge}s, not errors).
 */
final class ChallengeError extends RuntimeException {

    private final int status;
    private final String error;

    ChallengeError(int status, String error, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    static ChallengeError invalidRequest(String description) {
        return new ChallengeError(400, "invalid_request", description);
    }

    static ChallengeError invalidSession() {
        return new ChallengeError(400, "invalid_session", "The auth_session is unknown, expired, finished or not this client's");
    }

    static ChallengeError invalidClient() {
        return new ChallengeError(401, "invalid_client", "Client authentication failed");
    }

    static ChallengeError unauthorizedClient(String description) {
        return new ChallengeError(400, "unauthorized_client", description);
    }
}
