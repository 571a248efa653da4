package com.simptel.keycloak.sessions;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may read or log out a session reached by its id: its owner (a person, not a service
 * account), or a caller with realm-management view-users (read) or manage-users (log out) over its
 * user. Anyone else gets 404, exactly like an unknown id, unless saying more leaks nothing.
 */
final class SessionAccess {

    /** What the caller may do with the session. */
    enum Verdict {
        ALLOWED,
        /** 404: no such session, as far as this caller may know. */
        NOT_FOUND,
        /** 403: the caller can see the session but may not log it out. */
        NEEDS_MANAGE_USERS,
        /** 403: a service account without the admin role it would need. */
        SERVICE_ACCOUNT_NEEDS_ROLE
    }

    /** An admin right over users: what reading ({@link #VIEW}) or logging out ({@link #MANAGE}) needs. */
    enum Right {
        VIEW,
        MANAGE
    }

    /** Who asks: a person, or a service account with its admin rights over the realm's users in general. */
    record Asker(boolean serviceAccount, Set<Right> overAllUsers) {

        static Asker person() {
            return new Asker(false, Set.of());
        }

        static Asker serviceAccount(Set<Right> overAllUsers) {
            return new Asker(true, Set.copyOf(overAllUsers));
        }
    }

    /** The session asked for: missing, the asker's own, or another user's with the asker's rights over that user. */
    record Target(Kind kind, Set<Right> overItsUser) {

        enum Kind {
            MISSING,
            OWN,
            OTHERS
        }

        static final Target MISSING = new Target(Kind.MISSING, Set.of());
        static final Target OWN = new Target(Kind.OWN, Set.of());

        static Target others(Set<Right> overItsUser) {
            return new Target(Kind.OTHERS, Set.copyOf(overItsUser));
        }
    }

    private SessionAccess() {
    }

    /** @param needed {@link Right#VIEW} to read the session, {@link Right#MANAGE} to log it out */
    static Verdict decide(Asker asker, Target target, Right needed) {
        if (target.kind() == Target.Kind.MISSING) {
            return asker.serviceAccount() && !asker.overAllUsers().contains(needed)
                    ? Verdict.SERVICE_ACCOUNT_NEEDS_ROLE : Verdict.NOT_FOUND;
        }
        if (!asker.serviceAccount() && target.kind() == Target.Kind.OWN) {
            return Verdict.ALLOWED;
        }
        if (target.overItsUser().contains(needed)) {
            return Verdict.ALLOWED;
        }
        if (needed == Right.MANAGE && target.overItsUser().contains(Right.VIEW)) {
            return Verdict.NEEDS_MANAGE_USERS; // it can see the session anyway, so saying why is no leak
        }
        return asker.serviceAccount() ? Verdict.SERVICE_ACCOUNT_NEEDS_ROLE : Verdict.NOT_FOUND;
    }

    /** The rights among {@code candidates} that {@code has} grants, asked only for those. */
    static Set<Right> rights(Set<Right> candidates, java.util.function.Predicate<Right> has) {
        Set<Right> granted = EnumSet.noneOf(Right.class);
        for (Right right : candidates) {
            if (has.test(right)) {
                granted.add(right);
            }
        }
        return granted;
    }
}
