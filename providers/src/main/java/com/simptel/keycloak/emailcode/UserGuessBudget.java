package com.simptel.keycloak.emailcode;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * Wrong codes of one user across all flows within an hour, kept in Keycloak's cluster-wide
 * single-use-object store (expires by itself). Flows without a user count under the flow's id, so
 * both cases do the same work. The limits per flow end one flow, but a new flow
 * starts a new count: someone who knows the password of an account (for instance one they
 * registered with another person's address) could otherwise guess on and on. Past the budget no
 * code of that user is accepted for an hour; the pages do not change, so the budget reveals
 * nothing and guesses are simply worthless. Keycloak's brute-force detector does not count these
 * failures (only password, OTP and recovery-code ones).
 *
 * <p>Counted without a read-then-write, which would let two wrong codes at the same moment (two
 * requests, or two nodes) count as one: each failure claims the first free one of the budget's
 * numbered slots with {@link SingleUseObjectProvider#putIfAbsent}, atomic across the cluster, so
 * concurrent failures always claim different slots. A slot lives an hour from its claim; the
 * budget is exhausted while its last slot is held, i.e. for an hour after the failure that filled
 * it. The n-th failure within the hour costs n store operations (at most the budget).
 */
public final class UserGuessBudget {

    static final long WINDOW_SECONDS = 3600;

    private UserGuessBudget() {
    }

    /** Wrong codes allowed per user and hour: three flows' worth. */
    public static int budget(CodeRules rules) {
        return 3 * rules.maxFailures();
    }

    /** The subject whose wrong codes count: the user, or, without one, the flow (same work either way). */
    public static String subject(UserModel user, String rootAuthSessionId) {
        return user != null ? "user." + user.getId() : "flow." + rootAuthSessionId;
    }

    public static boolean exhausted(KeycloakSession session, RealmModel realm, String subject, CodeRules rules) {
        return session.singleUseObjects().contains(slot(realm, subject, budget(rules)));
    }

    public static void recordFailure(KeycloakSession session, RealmModel realm, String subject, CodeRules rules) {
        SingleUseObjectProvider store = session.singleUseObjects();
        int budget = budget(rules);
        for (int i = 1; i <= budget; i++) {
            if (store.putIfAbsent(slot(realm, subject, i), WINDOW_SECONDS)) {
                return;
            }
        }
        // every slot is held: the budget is exhausted already, nothing more to count
    }

    private static String slot(RealmModel realm, String subject, int n) {
        return "simptel.email-code.failures." + realm.getId() + "." + subject + "." + n;
    }
}
