package com.simptel.keycloak.emailcode;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Tries of one code, counted exactly even when several arrive at once (two tabs, two nodes): each
 * comparison first claims one of the code's numbered slots in Keycloak's cluster-wide single-use
 * store with an atomic {@link SingleUseObjectProvider#putIfAbsent}; without a free slot the input
 * is not compared. So a code is compared with at most {@code maxAttempts} inputs, whatever happens
 * in parallel, which is what the guessing arithmetic in docs/email-code.md rests on. Slots live as
 * long as the code. Only the code's own tries are counted: wrong codes typed in other flows never
 * touch it, so nobody can use up the owner's code from elsewhere.
 */
final class CodeTries {

    /** Single-use store key of one numbered try of one code. */
    static final String KEY_PREFIX = "simptel.email-code.try.";

    private CodeTries() {
    }

    /**
     * Claims the next try of the code {@code codeId}, starting at try {@code from} (what this flow has
     * seen so far). Returns the try's number (1-based), or 0 when all {@code maxAttempts} are used.
     */
    static int claim(KeycloakSession session, RealmModel realm, String codeId, int from, int maxAttempts,
                     long lifetimeSeconds) {
        SingleUseObjectProvider store = session.singleUseObjects();
        for (int n = Math.max(1, from); n <= maxAttempts; n++) {
            if (store.putIfAbsent(key(realm, codeId, n), Math.max(1, lifetimeSeconds))) {
                return n;
            }
        }
        return 0;
    }

    /** Marks the code used; false when another request used it first. */
    static boolean use(KeycloakSession session, RealmModel realm, String codeId, long lifetimeSeconds) {
        return session.singleUseObjects().putIfAbsent(key(realm, codeId, 0), Math.max(1, lifetimeSeconds));
    }

    private static String key(RealmModel realm, String codeId, int n) {
        return KEY_PREFIX + realm.getId() + "." + codeId + "." + n;
    }
}
