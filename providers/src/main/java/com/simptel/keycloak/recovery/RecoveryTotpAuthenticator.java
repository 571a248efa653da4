package com.simptel.keycloak.recovery;

import com.simptel.keycloak.authmode.AuthMode;
import com.simptel.keycloak.common.FlowFailures;
import com.simptel.keycloak.common.UserlessAuthenticator;
import com.simptel.keycloak.emailcode.OneTimeCode;
import com.simptel.keycloak.recovery.RecoveryEvents.Failure;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Errors;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.time.Instant;

/**
 * Account recovery, second factor: the user types the current code of their authenticator app.
 * Modelled on Keycloak's OTP form, but it also runs for an account that does not exist or has no
 * TOTP, and then looks and behaves exactly like a wrong code, so nobody learns which accounts
 * exist or have TOTP before proving the mailbox. The user's TOTP is never removed or re-enrolled
 * (removing it first enabled a 2FA bypass: Keycloak issue 38593).
 */
final class RecoveryTotpAuthenticator extends UserlessAuthenticator {

    private static final Logger LOG = Logger.getLogger(RecoveryTotpAuthenticator.class);
    static final String FAILURES_NOTE = "simptel.recovery.failures";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RecoveryTotpConfig config = RecoveryTotpConfig.of(context.getAuthenticatorConfig());
        boolean mailboxProven = MailboxProof.proven(context.getRealm(), context.getAuthenticationSession());
        UserModel user = context.getUser();

        if (config.requireEmailCode() && !mailboxProven) {
            unavailable(context, user);
        } else if (failures(context).count() >= config.maxAttempts()) {
            context.challenge(RecoveryPage.exhausted(context));
        } else if (mailboxProven && user != null && !AuthenticatorAppCodes.hasAny(user)) {
            withoutTotp(context, config, user);
        } else {
            RecoveryEvents.started(context, user, mailboxProven);
            context.challenge(RecoveryPage.code(context, null));
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        RecoveryTotpConfig config = RecoveryTotpConfig.of(context.getAuthenticatorConfig());
        boolean mailboxProven = MailboxProof.proven(context.getRealm(), context.getAuthenticationSession());
        FlowFailures attempts = failures(context);
        UserModel user = context.getUser();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();

        if (config.requireEmailCode() && !mailboxProven) {
            unavailable(context, user);
            return;
        }
        if (attempts.count() >= config.maxAttempts()) {
            context.challenge(RecoveryPage.exhausted(context)); // no more codes are even looked at
            return;
        }
        if (mailboxProven && user != null && !AuthenticatorAppCodes.hasAny(user)) {
            if (config.withoutTotp() == RecoveryTotpConfig.WithoutTotp.CONTINUE
                    && form.containsKey(RecoveryPage.CONTINUE_FIELD)) {
                recovered(context, user, null, true);
            } else {
                withoutTotp(context, config, user);
            }
            return;
        }

        String code = OneTimeCode.normalize(form.getFirst(RecoveryPage.CODE_FIELD));
        if (code != null && code.isEmpty()) {
            context.challenge(RecoveryPage.code(context, RecoveryPage.MSG_MISSING_CODE));
            return;
        }

        if (user == null) {
            failed(context, config, attempts, null, Failure.UNKNOWN_USER, null);
            return;
        }
        String lockError = !user.isEnabled() ? Errors.USER_DISABLED
                : AuthenticatorUtils.getDisabledByBruteForceEventError(context, user);
        if (lockError != null) {
            failed(context, config, attempts, user, Failure.LOCKED, lockError);
        } else if (!AuthenticatorAppCodes.hasAny(user)) {
            failed(context, config, attempts, user, Failure.WITHOUT_TOTP, null);
        } else if (code == null || !AuthenticatorAppCodes.matches(user, code)) {
            failed(context, config, attempts, user, Failure.INVALID_CODE, null);
        } else {
            recovered(context, user, OTPCredentialModel.TYPE, mailboxProven);
        }
    }

    /**
     * One wrong code. Everything the browser gets is the same for every reason; only the event
     * says which it was.
     */
    private static void failed(AuthenticationFlowContext context, RecoveryTotpConfig config, FlowFailures attempts,
                               UserModel user, Failure failure, String lockError) {
        int failures = attempts.record();
        RecoveryEvents.totpFailed(context, user, failure, lockError, failures);
        Response page = failures >= config.maxAttempts()
                ? RecoveryPage.exhausted(context)
                : RecoveryPage.code(context, RecoveryPage.MSG_INVALID_CODE);
        if (failure == Failure.LOCKED) {
            // As Keycloak's OTP form: attempts on a locked account do not lengthen its lockout.
            context.challenge(page);
        } else {
            // The flow engine counts this for brute-force detection, against the user or the
            // attempted username (which finds nobody for an unknown account).
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page);
        }
    }

    private static void recovered(AuthenticationFlowContext context, UserModel user, String credentialType,
                                  boolean mailboxProven) {
        context.getAuthenticationSession().setUserSessionNote(AuthMode.USER_SESSION_NOTE,
                AuthMode.ACCOUNT_RECOVERY.value());
        RecoveryNotification.Outcome notification = RecoveryNotification.send(context, user, Instant.now(),
                mailboxProven, credentialType != null);
        RecoveryEvents.completed(context, user, credentialType, mailboxProven, notification);
        if (credentialType != null) {
            context.success(credentialType);
        } else {
            context.success();
        }
    }

    private static void withoutTotp(AuthenticationFlowContext context, RecoveryTotpConfig config, UserModel user) {
        boolean mayContinue = config.withoutTotp() == RecoveryTotpConfig.WithoutTotp.CONTINUE;
        if (!mayContinue) {
            RecoveryEvents.refused(context, user);
        }
        context.challenge(RecoveryPage.withoutTotp(context, mayContinue));
    }

    private static void unavailable(AuthenticationFlowContext context, UserModel user) {
        LOG.warnf("Account recovery in realm %s is refused: the step '%s' requires the emailed-code step ('%s')"
                        + " to succeed before it in the flow, and it did not run. Enable that step, or switch off"
                        + " '%s' in this step's config to recover with TOTP alone.",
                context.getRealm().getName(), RecoveryTotpAuthenticatorFactory.PROVIDER_ID,
                MailboxProof.EMAIL_CODE_AUTHENTICATOR, RecoveryTotpConfig.REQUIRE_EMAIL_CODE);
        RecoveryEvents.unavailable(context, user);
        context.challenge(RecoveryPage.unavailable(context));
    }

    /** Wrong codes of this recovery. */
    private static FlowFailures failures(AuthenticationFlowContext context) {
        return new FlowFailures(context.getAuthenticationSession(), FAILURES_NOTE);
    }
}
