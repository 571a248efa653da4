package com.simptel.keycloak.sessions;

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

    /** What is known of the caller: whether a service account, and its admin rights over users in general. */
    record Caller(boolean serviceAccount, boolean canViewUsers, boolean canManageUsers) {
    }

    /**
     * What is known of the session: whether it exists, whether the caller owns it, and the caller's
     * admin rights over its user.
     */
    record Target(boolean exists, boolean ownedByCaller, boolean canViewItsUser, boolean canManageItsUser) {
        static final Target MISSING = new Target(false, false, false, false);
    }

    private SessionAccess() {
    }

    static Verdict decide(Caller caller, Target target, boolean logout) {
        if (!target.exists()) {
            boolean hasRole = logout ? caller.canManageUsers() : caller.canViewUsers();
            return caller.serviceAccount() && !hasRole ? Verdict.SERVICE_ACCOUNT_NEEDS_ROLE : Verdict.NOT_FOUND;
        }
        if (!caller.serviceAccount() && target.ownedByCaller()) {
            return Verdict.ALLOWED;
        }
        if (logout ? target.canManageItsUser() : target.canViewItsUser()) {
            return Verdict.ALLOWED;
        }
        if (logout && target.canViewItsUser()) {
            return Verdict.NEEDS_MANAGE_USERS; // it can see the session anyway, so saying why is no leak
        }
        return caller.serviceAccount() ? Verdict.SERVICE_ACCOUNT_NEEDS_ROLE : Verdict.NOT_FOUND;
    }
}
