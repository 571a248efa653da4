package com.simptel.keycloak.firstparty;

/**
 * A 403 answer: {@code insufficient_authorization} with what to collect next, or
 * {@code redirect_to_web}. The description is a theme message key, localized when answered.
 *
 * @param triesLeft the tries the HTML page would show for the current code, or null where it shows none
 */
record Challenge(String error, Next next, String messageKey, Object[] messageParams, Integer triesLeft) {

    static final String INSUFFICIENT = "insufficient_authorization";
    static final String REDIRECT_TO_WEB = "redirect_to_web";
    static final String ACCESS_DENIED = "access_denied";

    /** What the app must collect for the next request. */
    enum Next {
        PASSWORD("password"), OTP("otp"), EMAIL_CODE("email_code"), NEW_PASSWORD("new_password");

        private final String value;

        Next(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }

        static Next of(String value) {
            for (Next next : values()) {
                if (next.value.equals(value)) {
                    return next;
                }
            }
            return null;
        }
    }

    static Challenge collect(Next next, String messageKey, Object... params) {
        return new Challenge(INSUFFICIENT, next, messageKey, params, null);
    }

    /** The journey cannot succeed here (e.g. recovery without an authenticator app where the realm refuses it). */
    static Challenge denied(String messageKey) {
        return new Challenge(ACCESS_DENIED, null, messageKey, new Object[0], null);
    }

    static Challenge redirectToWeb() {
        return new Challenge(REDIRECT_TO_WEB, null, "simptelChallengeRedirectToWeb", new Object[0], null);
    }

    Challenge withTriesLeft(int tries) {
        return new Challenge(error, next, messageKey, messageParams, tries);
    }
}
