package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.emailcode.EmailCodeAuthenticatorFactory;
import com.simptel.keycloak.recovery.RecoveryHost;
import com.simptel.keycloak.recovery.RecoveryTotpAuthenticatorFactory;
import com.simptel.keycloak.recovery.RecoveryTotpStep;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;

import java.util.Map;

/**
 * Account recovery, the reset-credentials flow's steps: choose the account by username or email,
 * prove the mailbox with the emailed code, the authenticator-app code (the page's
 * {@link RecoveryTotpStep}), then a new password under the realm's policy. An unknown account, one
 * without email and one without TOTP get the same answers as a real one until nothing can succeed.
 */
final class RecoveryJourney {

    /** Set once the emailed code proved the mailbox in this journey. */
    static final String MAILBOX_NOTE = "simptel.first-party.mailbox-proven";
    /** Set once the recovery step accepted the account; only the new password is left. */
    static final String RECOVERED_NOTE = "simptel.first-party.recovered";

    private RecoveryJourney() {
    }

    static Outcome run(Exchange x) {
        Challenge.Next next = x.expected(null);
        if (next == null) {
            return choose(x);
        }
        return switch (next) {
            case EMAIL_CODE -> {
                Outcome proven = leg(x).act(x, user(x));
                if (!proven.passed()) {
                    yield proven;
                }
                x.authSession().setAuthNote(MAILBOX_NOTE, "true");
                yield totp(x, step(x).begin(host(x)));
            }
            case OTP -> totp(x, step(x).act(host(x), x.params().raw(ChallengeParams.OTP), false));
            case NEW_PASSWORD -> newPassword(x);
            default -> throw ChallengeError.invalidSession();
        };
    }

    private static Outcome choose(Exchange x) {
        String username = x.params().get(ChallengeParams.USERNAME);
        if (username == null) {
            throw ChallengeError.invalidRequest("username is required: a username or an email address");
        }
        if (!x.realm().isResetPasswordAllowed()) {
            throw ChallengeError.unauthorizedClient("Account recovery is not allowed in this realm");
        }
        x.authSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, username.trim());
        UserModel user = KeycloakModelUtils.findUserByNameOrEmail(x.session(), x.realm(), username.trim());
        if (user == null || !user.isEnabled() || user.getServiceAccountClientLink() != null) {
            // as Keycloak's choose-user step: go on without an account, the answers stay the same
            x.event(EventType.RESET_PASSWORD_ERROR).detail(Details.USERNAME, username)
                    .error(user == null ? Errors.USER_NOT_FOUND : Errors.USER_DISABLED);
            user = null;
        } else {
            x.authSession().setAuthenticatedUser(user);
        }
        return leg(x).begin(x, user);
    }

    private static Outcome totp(Exchange x, RecoveryTotpStep.Result result) {
        if (result.countsForBruteForce()) {
            BruteForce.failed(x.session(), x.realm(), x.authSession(), x.event(), RecoveryTotpAuthenticatorFactory.PROVIDER_ID);
        }
        return switch (result.kind()) {
            case CODE -> {
                x.expect(Challenge.Next.OTP);
                yield Outcome.ask(Challenge.collect(Challenge.Next.OTP, "simptelChallengeOtp"));
            }
            case MISSING_CODE -> Outcome.ask(Challenge.collect(Challenge.Next.OTP, "simptelRecoveryMissingCode"));
            case WRONG_CODE -> Outcome.ask(Challenge.collect(Challenge.Next.OTP, "simptelRecoveryInvalidCode"));
            case EXHAUSTED -> Outcome.askAndEnd(Challenge.collect(Challenge.Next.OTP, "simptelRecoveryTooManyAttempts")
                    .withTriesLeft(0));
            case WITHOUT_TOTP_CONTINUE -> {
                x.expect(Challenge.Next.NEW_PASSWORD);
                yield Outcome.ask(Challenge.collect(Challenge.Next.NEW_PASSWORD, "simptelRecoveryWithoutTotpContinue"));
            }
            case WITHOUT_TOTP_REFUSED -> Outcome.askAndEnd(Challenge.denied("simptelRecoveryWithoutTotpRefused"));
            case UNAVAILABLE -> Outcome.askAndEnd(Challenge.denied("simptelRecoveryUnavailable"));
            case RECOVERED -> {
                x.authSession().setAuthNote(RECOVERED_NOTE, "true");
                x.expect(Challenge.Next.NEW_PASSWORD);
                yield Outcome.ask(Challenge.collect(Challenge.Next.NEW_PASSWORD, "simptelChallengeNewPassword"));
            }
        };
    }

    private static Outcome newPassword(Exchange x) {
        UserModel user = user(x);
        if (x.authSession().getAuthNote(RECOVERED_NOTE) == null) {
            // without TOTP, where the realm lets such users go on: the step records the recovery now
            RecoveryTotpStep.Result result = step(x).act(host(x), null, true);
            if (result.kind() != RecoveryTotpStep.Kind.RECOVERED) {
                return totp(x, result);
            }
            x.authSession().setAuthNote(RECOVERED_NOTE, "true");
        }
        String password = x.params().raw(ChallengeParams.NEW_PASSWORD);
        if (password == null) {
            return Outcome.ask(Challenge.collect(Challenge.Next.NEW_PASSWORD, "simptelChallengeNewPassword"));
        }
        PolicyError policy = x.session().getProvider(PasswordPolicyManagerProvider.class).validate(x.realm(), user, password);
        if (policy != null) {
            x.event(EventType.UPDATE_PASSWORD_ERROR).user(user).error(Errors.PASSWORD_REJECTED);
            return Outcome.ask(Challenge.collect(Challenge.Next.NEW_PASSWORD, policy.getMessage(), policy.getParameters()));
        }
        user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        user.removeRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        x.authSession().removeRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        x.event(EventType.UPDATE_PASSWORD).user(user).success();
        return LoginJourney.finish(x, user);
    }

    private static RecoveryHost host(Exchange x) {
        return new RecoveryHost(x.session(), x.realm(), x.authSession(), user(x), x.event(),
                "true".equals(x.authSession().getAuthNote(MAILBOX_NOTE)), x.session().getContext().getConnection().getRemoteAddr());
    }

    private static RecoveryTotpStep step(Exchange x) {
        return new RecoveryTotpStep(FlowSettings.of(x.realm(), x.realm().getResetCredentialsFlow(),
                RecoveryTotpAuthenticatorFactory.PROVIDER_ID).orElse(Map.of()));
    }

    private static EmailCodeLeg leg(Exchange x) {
        return new EmailCodeLeg(FlowSettings.of(x.realm(), x.realm().getResetCredentialsFlow(),
                EmailCodeAuthenticatorFactory.PROVIDER_ID).orElse(Map.of()));
    }

    private static UserModel user(Exchange x) {
        return x.authSession().getAuthenticatedUser();
    }
}
