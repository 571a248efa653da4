package com.simptel.keycloak.firstparty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A 403 answer: {@code insufficient_authorization} with what to collect next, {@code access_denied},
 * or (made by {@link WebRedirect}) {@code redirect_to_web}. The description is a theme message key,
 * localized when answered.
 *
 * @param next      what the app must collect for the next request, or null
 * @param triesLeft the tries the HTML page would show for the current code, or null where it shows none
 * @param extras    what the app must show or compute for the step (e.g. WebAuthn request options)
 * @param ends      whether the journey is over with this answer (its handle is dead)
 */
record Challenge(String error, String next, String messageKey, Object[] messageParams, Integer triesLeft,
                 Map<String, Object> extras, boolean ends) {

    static final String INSUFFICIENT = "insufficient_authorization";
    static final String REDIRECT_TO_WEB = "redirect_to_web";
    static final String ACCESS_DENIED = "access_denied";

    static Challenge collect(String next, String messageKey, Object... params) {
        return new Challenge(INSUFFICIENT, next, messageKey, params, null, Map.of(), false);
    }

    /** The journey cannot succeed (Deny access, a refused recovery): the handle dies. */
    static Challenge denied(String messageKey, Object... params) {
        return new Challenge(ACCESS_DENIED, null, messageKey, params, null, Map.of(), true);
    }

    Challenge withTriesLeft(Integer tries) {
        return new Challenge(error, next, messageKey, messageParams, tries, extras, ends);
    }

    Challenge with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extras);
        more.put(name, value);
        return new Challenge(error, next, messageKey, messageParams, triesLeft, more, ends);
    }

    /** The same question, described by another message (the error of the attempt before). */
    Challenge describedBy(String key, Object... params) {
        return new Challenge(error, next, key, params, triesLeft, extras, ends);
    }

    Challenge ending() {
        return new Challenge(error, next, messageKey, messageParams, triesLeft, extras, true);
    }
}
