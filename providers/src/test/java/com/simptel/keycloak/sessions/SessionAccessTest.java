package com.simptel.keycloak.sessions;

import com.simptel.keycloak.sessions.SessionAccess.Asker;
import com.simptel.keycloak.sessions.SessionAccess.Target;
import com.simptel.keycloak.sessions.SessionAccess.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.simptel.keycloak.sessions.SessionAccess.Right.MANAGE;
import static com.simptel.keycloak.sessions.SessionAccess.Right.VIEW;
import static org.assertj.core.api.Assertions.assertThat;

class SessionAccessTest {

    private static final Asker PERSON = Asker.person();
    private static final Asker SERVICE = Asker.serviceAccount(Set.of());
    private static final Asker SERVICE_VIEWER = Asker.serviceAccount(Set.of(VIEW));

    private static final Target OTHERS = Target.others(Set.of());
    private static final Target OTHERS_VISIBLE = Target.others(Set.of(VIEW));
    private static final Target OTHERS_MANAGEABLE = Target.others(Set.of(VIEW, MANAGE));

    @Test
    void aPersonReadsAndLogsOutTheirOwnSessions() {
        assertThat(SessionAccess.decide(PERSON, Target.OWN, VIEW)).isEqualTo(Verdict.ALLOWED);
        assertThat(SessionAccess.decide(PERSON, Target.OWN, MANAGE)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void anotherUsersSessionIsNotFoundForAPersonWithoutAdminRights() {
        assertThat(SessionAccess.decide(PERSON, OTHERS, VIEW)).isEqualTo(Verdict.NOT_FOUND);
        assertThat(SessionAccess.decide(PERSON, OTHERS, MANAGE)).isEqualTo(Verdict.NOT_FOUND);
        assertThat(SessionAccess.decide(PERSON, Target.MISSING, VIEW))
                .as("the same answer as for a session that exists").isEqualTo(Verdict.NOT_FOUND);
    }

    @Test
    void viewUsersReadsButLogsOutOnlyWithManageUsers() {
        assertThat(SessionAccess.decide(PERSON, OTHERS_VISIBLE, VIEW)).isEqualTo(Verdict.ALLOWED);
        assertThat(SessionAccess.decide(PERSON, OTHERS_VISIBLE, MANAGE)).isEqualTo(Verdict.NEEDS_MANAGE_USERS);
        assertThat(SessionAccess.decide(PERSON, OTHERS_MANAGEABLE, MANAGE)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void aServiceAccountIsNeverAnOwnerAndIsToldWhichRoleItLacks() {
        assertThat(SessionAccess.decide(SERVICE, Target.OWN, VIEW)).isEqualTo(Verdict.SERVICE_ACCOUNT_NEEDS_ROLE);
        assertThat(SessionAccess.decide(SERVICE, Target.MISSING, VIEW)).isEqualTo(Verdict.SERVICE_ACCOUNT_NEEDS_ROLE);
        assertThat(SessionAccess.decide(SERVICE_VIEWER, Target.MISSING, VIEW)).isEqualTo(Verdict.NOT_FOUND);
        assertThat(SessionAccess.decide(SERVICE_VIEWER, Target.MISSING, MANAGE))
                .isEqualTo(Verdict.SERVICE_ACCOUNT_NEEDS_ROLE);
        assertThat(SessionAccess.decide(SERVICE_VIEWER, OTHERS_VISIBLE, VIEW)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void rightsAreAskedOnlyForTheCandidates() {
        assertThat(SessionAccess.rights(Set.of(VIEW), r -> true)).containsExactly(VIEW);
        assertThat(SessionAccess.rights(Set.of(VIEW, MANAGE), r -> r == MANAGE)).containsExactly(MANAGE);
    }
}
