package com.simptel.keycloak.recovery;

import com.simptel.keycloak.authmode.AuthMode;
import com.simptel.keycloak.common.FlowFailures;
import com.simptel.keycloak.emailcode.OneTimeCode;
import com.simptel.keycloak.recovery.RecoveryEvents.Failure;
import org.jboss.logging.Logger;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Errors;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;

import java.time.Instant;
import java.util.Map;

/**
 * The TOTP recovery step's decisions, shared by the page ({@link RecoveryTotpAuthenticator}) and the
 * JSON endpoint: when the step is unavailable or exhausted, what a user without TOTP gets, and
 * whether a code recovers the account; with the step's events, failure count, auth mode and notice
 * mail. Until the mailbox is proven, an unknown user, a user without TOTP and a wrong code get the
 * same result; only the events tell them apart. Hosts render the result and, where
 * {@link Result#countsForBruteForce()}, report the failure to Keycloak's brute-force detector.
 */
final class RecoveryTotpStep {

    private static final Logger LOG = Logger.getLogger(RecoveryTotpStep.class);
    static final String FAILURES_NOTE = "simptel.recovery.failures";

    /** What the step decided. */
    public enum Kind {
        /** Ask for the code. */
        CODE,
        /** No code was typed. */
        MISSING_CODE,
        /** Not accepted (wrong, unknown user, no TOTP, locked: the same to the user). */
        WRONG_CODE,
        /** Too many wrong codes in this flow: only starting again helps. */
        EXHAUSTED,
        /** Mailbox proven, no TOTP: the realm lets the user go on to a new password. */
        WITHOUT_TOTP_CONTINUE,
        /** Mailbox proven, no TOTP: the realm refuses. */
        WITHOUT_TOTP_REFUSED,
        /** The emailed-code step is required but did not run. */
        UNAVAILABLE,
        /** The account is recovered; a new password comes next. */
        RECOVERED
    }

    /** @param credentialType what recovered the account ({@code otp}), null without TOTP */
    public record Result(Kind kind, boolean countsForBruteForce, String credentialType) {
        static Result of(Kind kind) {
            return new Result(kind, false, null);
        }
    }

    private final RecoveryTotpConfig config;

    public RecoveryTotpStep(Map<String, String> config) {
        this(RecoveryTotpConfig.of(config == null ? Map.of() : config));
    }

    RecoveryTotpStep(RecoveryTotpConfig config) {
        this.config = config;
    }

    /** First visit of the step. */
    public Result begin(RecoveryHost host) {
        Result blocked = blocked(host);
        if (blocked != null) {
            return blocked;
        }
        RecoveryEvents.started(host, host.user(), host.mailboxProven());
        return Result.of(Kind.CODE);
    }

    /**
     * A submitted code.
     *
     * @param continueWithoutTotp the user of an account without TOTP chose to go on (where the realm allows it)
     */
    public Result act(RecoveryHost host, String typedCode, boolean continueWithoutTotp) {
        UserModel user = host.user();
        if (config.requireEmailCode() && !host.mailboxProven()) {
            return unavailable(host);
        }
        FlowFailures attempts = failures(host);
        if (attempts.count() >= config.maxAttempts()) {
            return Result.of(Kind.EXHAUSTED); // no more codes are even looked at
        }
        if (host.mailboxProven() && user != null && !AuthenticatorAppCodes.hasAny(user)) {
            if (config.withoutTotp() == RecoveryTotpConfig.WithoutTotp.CONTINUE && continueWithoutTotp) {
                return recovered(host, null);
            }
            return withoutTotp(host);
        }
        String code = OneTimeCode.normalize(typedCode);
        if (code != null && code.isEmpty()) {
            return Result.of(Kind.MISSING_CODE);
        }
        if (user == null) {
            return failed(host, attempts, Failure.UNKNOWN_USER, null);
        }
        String lockError = !user.isEnabled() ? Errors.USER_DISABLED
                : AuthenticatorUtils.getDisabledByBruteForceEventError(host.session().getProvider(BruteForceProtector.class),
                host.session(), host.realm(), user);
        if (lockError != null) {
            return failed(host, attempts, Failure.LOCKED, lockError);
        }
        if (!AuthenticatorAppCodes.hasAny(user)) {
            return failed(host, attempts, Failure.WITHOUT_TOTP, null);
        }
        if (code == null || !AuthenticatorAppCodes.matches(user, code)) {
            return failed(host, attempts, Failure.INVALID_CODE, null);
        }
        return recovered(host, OTPCredentialModel.TYPE);
    }

    private Result blocked(RecoveryHost host) {
        if (config.requireEmailCode() && !host.mailboxProven()) {
            return unavailable(host);
        }
        if (failures(host).count() >= config.maxAttempts()) {
            return Result.of(Kind.EXHAUSTED);
        }
        if (host.mailboxProven() && host.user() != null && !AuthenticatorAppCodes.hasAny(host.user())) {
            return withoutTotp(host);
        }
        return null;
    }

    /** One wrong code; as Keycloak's OTP form, tries on a locked account do not lengthen its lockout. */
    private Result failed(RecoveryHost host, FlowFailures attempts, Failure failure, String lockError) {
        int failures = attempts.record();
        RecoveryEvents.totpFailed(host, host.user(), failure, lockError, failures);
        return new Result(failures >= config.maxAttempts() ? Kind.EXHAUSTED : Kind.WRONG_CODE,
                failure != Failure.LOCKED, null);
    }

    private static Result recovered(RecoveryHost host, String credentialType) {
        host.authSession().setUserSessionNote(AuthMode.USER_SESSION_NOTE, AuthMode.ACCOUNT_RECOVERY.value());
        RecoveryNotification.Outcome notification = RecoveryNotification.send(host, host.user(), Instant.now(),
                host.mailboxProven(), credentialType != null);
        RecoveryEvents.completed(host, host.user(), credentialType, host.mailboxProven(), notification);
        return new Result(Kind.RECOVERED, false, credentialType);
    }

    private Result withoutTotp(RecoveryHost host) {
        if (config.withoutTotp() == RecoveryTotpConfig.WithoutTotp.CONTINUE) {
            return Result.of(Kind.WITHOUT_TOTP_CONTINUE);
        }
        RecoveryEvents.refused(host, host.user());
        return Result.of(Kind.WITHOUT_TOTP_REFUSED);
    }

    private static Result unavailable(RecoveryHost host) {
        LOG.warnf("Account recovery in realm %s is refused: the step '%s' requires the emailed-code step ('%s')"
                        + " to succeed before it in the flow, and it did not run. Enable that step, or switch off"
                        + " '%s' in this step's config to recover with TOTP alone.",
                host.realm().getName(), RecoveryTotpAuthenticatorFactory.PROVIDER_ID,
                MailboxProof.EMAIL_CODE_AUTHENTICATOR, RecoveryTotpConfig.REQUIRE_EMAIL_CODE);
        RecoveryEvents.unavailable(host, host.user());
        return Result.of(Kind.UNAVAILABLE);
    }

    /** Wrong codes of this recovery. */
    private static FlowFailures failures(RecoveryHost host) {
        return new FlowFailures(host.authSession(), FAILURES_NOTE);
    }
}
