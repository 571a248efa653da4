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

    static Challenge redirectToWeb() {
        return new Challenge(REDIRECT_TO_WEB, null, "simptelChallengeRedirectToWeb", new Object[0], null);
    }

    Challenge withTriesLeft(int tries) {
        return new Challenge(error, next, messageKey, messageParams, tries);
    }
}
