package com.simptel.keycloak.firstparty;

import org.keycloak.models.UserModel;

/**
 * What a journey step decided: a 403 {@code challenge} (with {@code ended} when the journey cannot
 * go on), or a {@code user} who gets a code.
 */
record Outcome(Challenge challenge, UserModel user, boolean ended) {

    static Outcome ask(Challenge challenge) {
        return new Outcome(challenge, null, false);
    }

    static Outcome askAndEnd(Challenge challenge) {
        return new Outcome(challenge, null, true);
    }

    static Outcome done(UserModel user) {
        return new Outcome(null, user, false);
    }

    boolean passed() {
        return challenge == null;
    }
}
