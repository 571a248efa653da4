package com.simptel.keycloak.sessions;

import com.simptel.keycloak.sessions.SessionAccess.Caller;
import com.simptel.keycloak.sessions.SessionAccess.Target;
import com.simptel.keycloak.sessions.SessionAccess.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionAccessTest {

    private static final Caller PERSON = new Caller(false, false, false);
    private static final Caller VIEWER = new Caller(false, true, false);
    private static final Caller MANAGER = new Caller(false, true, true);
    private static final Caller SERVICE = new Caller(true, false, false);
    private static final Caller SERVICE_VIEWER = new Caller(true, true, false);

    private static final Target OWN = new Target(true, true, false, false);
    private static final Target OTHERS = new Target(true, false, false, false);
    private static final Target OTHERS_VISIBLE = new Target(true, false, true, false);
    private static final Target OTHERS_MANAGEABLE = new Target(true, false, true, true);

    @Test
    void aPersonReadsAndLogsOutTheirOwnSessions() {
        assertThat(SessionAccess.decide(PERSON, OWN, false)).isEqualTo(Verdict.ALLOWED);
        assertThat(SessionAccess.decide(PERSON, OWN, true)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void anotherUsersSessionIsNotFoundForAPersonWithoutAdminRights() {
        assertThat(SessionAccess.decide(PERSON, OTHERS, false)).isEqualTo(Verdict.NOT_FOUND);
        assertThat(SessionAccess.decide(PERSON, OTHERS, true)).isEqualTo(Verdict.NOT_FOUND);
        assertThat(SessionAccess.decide(PERSON, Target.MISSING, false))
                .as("the same answer as for a session that exists").isEqualTo(Verdict.NOT_FOUND);
    }

    @Test
    void viewUsersReadsButLogsOutOnlyWithManageUsers() {
        assertThat(SessionAccess.decide(VIEWER, OTHERS_VISIBLE, false)).isEqualTo(Verdict.ALLOWED);
        assertThat(SessionAccess.decide(VIEWER, OTHERS_VISIBLE, true)).isEqualTo(Verdict.NEEDS_MANAGE_USERS);
        assertThat(SessionAccess.decide(MANAGER, OTHERS_MANAGEABLE, true)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void aServiceAccountIsNeverAnOwnerAndIsToldWhichRoleItLacks() {
        Target itsOwnUser = new Target(true, true, false, false);
        assertThat(SessionAccess.decide(SERVICE, itsOwnUser, false)).isEqualTo(Verdict.SERVICE_ACCOUNT_NEEDS_ROLE);
        assertThat(SessionAccess.decide(SERVICE, Target.MISSING, false)).isEqualTo(Verdict.SERVICE_ACCOUNT_NEEDS_ROLE);
        assertThat(SessionAccess.decide(SERVICE_VIEWER, Target.MISSING, false)).isEqualTo(Verdict.NOT_FOUND);
        assertThat(SessionAccess.decide(SERVICE_VIEWER, Target.MISSING, true))
                .isEqualTo(Verdict.SERVICE_ACCOUNT_NEEDS_ROLE);
        assertThat(SessionAccess.decide(SERVICE_VIEWER, OTHERS_VISIBLE, false)).isEqualTo(Verdict.ALLOWED);
    }
}
