package com.simptel.keycloak.recovery;

import com.simptel.keycloak.common.SimptelMetrics;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;

/**
 * Keycloak events of a recovery, all of the RESET_PASSWORD family (saved by default, listed under
 * the realm's user events) and told apart by the {@value #STEP} detail.
 */
final class RecoveryEvents {

    static final String STEP = "recovery_step";
    static final String STARTED = "started";
    static final String TOTP_FAILED = "totp_failed";
    static final String REFUSED = "refused";
    static final String COMPLETED = "completed";
    static final String UNAVAILABLE = "unavailable";

    static final String MAILBOX_PROVEN = "mailbox_proven";
    static final String FAILURES = "failures";
    static final String NOTIFICATION = "notification";

    /** Why a code was not accepted; the user sees the same message for all of them. */
    enum Failure {
        INVALID_CODE("invalid_user_credentials", "invalid_code"),
        WITHOUT_TOTP("invalid_user_credentials", "no_totp"),
        UNKNOWN_USER("user_not_found", "unknown_user"),
        LOCKED("user_temporarily_disabled", "locked");

        private final String error;
        private final String reason;

        Failure(String error, String reason) {
            this.error = error;
            this.reason = reason;
        }
    }

    private static final String STARTED_NOTE = "simptel.recovery.started";
    private static final String REFUSED_NOTE = "simptel.recovery.refused";

    private RecoveryEvents() {
    }

    /** Once per flow, when the code page is first shown for an existing user. */
    static void started(RecoveryHost host, UserModel user, boolean mailboxProven) {
        if (user == null || host.authSession().getAuthNote(STARTED_NOTE) != null) {
            return;
        }
        host.authSession().setAuthNote(STARTED_NOTE, "true");
        SimptelMetrics.recovery(host.realm().getName(), STARTED);
        base(host, user).event(EventType.RESET_PASSWORD)
                .detail(STEP, STARTED)
                .detail(MAILBOX_PROVEN, Boolean.toString(mailboxProven))
                .success();
    }

    /**
     * On the flow's own builder, as Keycloak's OTP form does, so the attempted user is on the
     * event the failure path logs.
     */
    static void totpFailed(RecoveryHost host, UserModel user, Failure failure, String lockError,
                           int failures) {
        SimptelMetrics.recovery(host.realm().getName(), TOTP_FAILED);
        EventBuilder event = host.event();
        if (user != null) {
            event.user(user);
        }
        event.detail(Details.USERNAME, attemptedUsername(host))
                .detail(STEP, TOTP_FAILED)
                .detail(Details.REASON, failure.reason)
                .detail(FAILURES, Integer.toString(failures))
                .error(lockError != null ? lockError : failure.error);
    }

    /** Once per flow, however often the refusal page is shown again. */
    static void refused(RecoveryHost host, UserModel user) {
        if (host.authSession().getAuthNote(REFUSED_NOTE) != null) {
            return;
        }
        host.authSession().setAuthNote(REFUSED_NOTE, "true");
        SimptelMetrics.recovery(host.realm().getName(), REFUSED);
        base(host, user).event(EventType.RESET_PASSWORD)
                .detail(STEP, REFUSED)
                .detail(Details.REASON, "no_totp")
                .error("credential_not_found");
    }

    static void unavailable(RecoveryHost host, UserModel user) {
        base(host, user).event(EventType.RESET_PASSWORD)
                .detail(STEP, UNAVAILABLE)
                .detail(Details.REASON, "email_code_step_did_not_run")
                .error("invalid_config");
    }

    static void completed(RecoveryHost host, UserModel user, String credentialType,
                          boolean mailboxProven, RecoveryNotification.Outcome notification) {
        SimptelMetrics.recovery(host.realm().getName(), COMPLETED);
        base(host, user).event(EventType.RESET_PASSWORD)
                .detail(STEP, COMPLETED)
                .detail(Details.CREDENTIAL_TYPE, credentialType)
                .detail(MAILBOX_PROVEN, Boolean.toString(mailboxProven))
                .detail(NOTIFICATION, notification.value())
                .success();
    }

    private static EventBuilder base(RecoveryHost host, UserModel user) {
        EventBuilder event = host.event().clone();
        if (user != null) {
            event.user(user);
        }
        return event.detail(Details.USERNAME, attemptedUsername(host));
    }

    private static String attemptedUsername(RecoveryHost host) {
        String attempted = host.authSession().getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        UserModel user = host.user();
        return attempted != null ? attempted : user == null ? null : user.getUsername();
    }
}
