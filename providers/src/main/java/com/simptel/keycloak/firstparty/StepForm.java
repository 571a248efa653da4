package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The JSON rendering of one step of Keycloak's flows (an authenticator or a required action): how
 * the app's answer becomes the form the step reads, and what the app is asked for. The step itself
 * runs in Keycloak's flow engine, exactly as behind its page.
 */
interface StepForm {

    /** Whether this request holds an answer to the step. */
    boolean answered(ChallengeParams params);

    /** The form the step's page would have posted for this answer. */
    MultivaluedMap<String, String> form(ChallengeParams params);

    /** What to answer for the page the step rendered; null where this page has no JSON form (the browser). */
    Challenge ask(StepView view);

    /**
     * Whether an error page of the step (one with no JSON form) is followed at once by the page's
     * "try again", so the app gets the step's question again with the error as its description.
     */
    default boolean retriesAfterError() {
        return false;
    }
}
