package com.simptel.keycloak.emailcode;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

import java.util.Map;

/**
 * Wrong codes of one user across all flows within an hour, kept in Keycloak's cluster-wide
 * single-use-object store (expires by itself). Flows without a user count under the flow's id, so
 * both cases do the same work. The limits per flow end one flow, but a new flow
 * starts a new count: someone who knows the password of an account (for instance one they
 * registered with another person's address) could otherwise guess on and on. Past the budget no
 * code of that user is accepted until the hour is over; the pages do not change, so the budget
 * reveals nothing and guesses are simply worthless. Keycloak's brute-force detector does not count
 * these failures (only password, OTP and recovery-code ones).
 */
public final class UserGuessBudget {

    static final long WINDOW_SECONDS = 3600;
    private static final String FAILURES = "failures";
    private static final String SINCE = "since";

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

    public static boolean exhausted(KeycloakSession session, RealmModel realm, String subject, CodeRules rules,
                                    long nowMillis) {
        Map<String, String> entry = session.singleUseObjects().get(key(realm, subject));
        return entry != null && inWindow(entry, nowMillis) && failures(entry) >= budget(rules);
    }

    public static void recordFailure(KeycloakSession session, RealmModel realm, String subject, long nowMillis) {
        SingleUseObjectProvider store = session.singleUseObjects();
        String key = key(realm, subject);
        Map<String, String> entry = store.get(key);
        long since = entry != null && inWindow(entry, nowMillis) ? Long.parseLong(entry.get(SINCE)) : nowMillis;
        int failures = entry != null && inWindow(entry, nowMillis) ? failures(entry) + 1 : 1;
        long lifespan = Math.max(1, WINDOW_SECONDS - (nowMillis - since) / 1000);
        store.put(key, lifespan, Map.of(FAILURES, Integer.toString(failures), SINCE, Long.toString(since)));
    }

    private static boolean inWindow(Map<String, String> entry, long nowMillis) {
        try {
            return nowMillis - Long.parseLong(entry.get(SINCE)) < WINDOW_SECONDS * 1000;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int failures(Map<String, String> entry) {
        try {
            return Integer.parseInt(entry.get(FAILURES));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String key(RealmModel realm, String subject) {
        return "simptel.email-code.failures." + realm.getId() + "." + subject;
    }
}
