package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.emailcode.EmailCodeAuthenticatorFactory;
import com.simptel.keycloak.emailcode.VerifyEmailByCodeActionFactory;
import com.simptel.keycloak.recovery.AuthenticatorAppCodes;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Sign-in: username or email and password; then the authenticator-app code for a user with one
 * (the browser flow's conditional OTP); then the emailed code for a user whose email is not
 * verified (the browser flow's condition). Anything else the user must do goes to the browser.
 */
final class LoginJourney {

    private static final Set<String> SERVED_ACTIONS = Set.of(UserModel.RequiredAction.VERIFY_EMAIL.name(),
            VerifyEmailByCodeActionFactory.PROVIDER_ID);

    private LoginJourney() {
    }

    static Outcome run(Exchange x) {
        return switch (x.expected(Challenge.Next.PASSWORD)) {
            case OTP -> otp(x);
            case EMAIL_CODE -> {
                Outcome proven = emailCode(x);
                yield proven.passed() ? finish(x, user(x)) : proven;
            }
            default -> password(x);
        };
    }

    private static Outcome password(Exchange x) {
        String username = x.params().get(ChallengeParams.USERNAME);
        String password = x.params().raw(ChallengeParams.PASSWORD);
        if (username == null || password == null) {
            return Outcome.ask(Challenge.collect(Challenge.Next.PASSWORD, "simptelChallengePassword"));
        }
        UserModel user = PasswordCheck.verify(x, username, password);
        if (user == null) {
            return Outcome.ask(Challenge.collect(Challenge.Next.PASSWORD, "invalidUserMessage"));
        }
        x.authSession().setAuthenticatedUser(user);
        if (AuthenticatorAppCodes.hasAny(user)) {
            x.expect(Challenge.Next.OTP);
            return Outcome.ask(Challenge.collect(Challenge.Next.OTP, "simptelChallengeOtp"));
        }
        return afterSecondFactor(x, user);
    }

    private static Outcome otp(Exchange x) {
        UserModel user = user(x);
        String code = x.params().get(ChallengeParams.OTP);
        if (code == null) {
            return Outcome.ask(Challenge.collect(Challenge.Next.OTP, "simptelChallengeOtp"));
        }
        String lockError = BruteForce.lockError(x.session(), x.realm(), user);
        if (lockError != null) {
            // as Keycloak's OTP form: the same answer, and tries on a locked account do not lengthen the lockout
            x.event(EventType.LOGIN_ERROR).user(user).detail(Details.USERNAME, user.getUsername()).error(lockError);
            return Outcome.ask(Challenge.collect(Challenge.Next.OTP, "invalidTotpMessage"));
        }
        if (!AuthenticatorAppCodes.matches(user, code.replace(" ", ""))) {
            x.event(EventType.LOGIN_ERROR).user(user).detail(Details.USERNAME, user.getUsername())
                    .error(Errors.INVALID_USER_CREDENTIALS);
            BruteForce.failed(x.session(), x.realm(), x.authSession(), x.event(), BruteForce.OTP_AUTHENTICATOR);
            return Outcome.ask(Challenge.collect(Challenge.Next.OTP, "invalidTotpMessage"));
        }
        AuthenticatorUtil.addAuthCredential(x.authSession(), OTPCredentialModel.TYPE);
        return afterSecondFactor(x, user);
    }

    private static Outcome afterSecondFactor(Exchange x, UserModel user) {
        if (user.getEmail() != null && !user.getEmail().isBlank() && !user.isEmailVerified()) {
            return emailLeg(x).begin(x, user);
        }
        return finish(x, user);
    }

    private static Outcome emailCode(Exchange x) {
        return emailLeg(x).act(x, user(x));
    }

    private static EmailCodeLeg emailLeg(Exchange x) {
        Map<String, String> config = FlowSettings.of(x.realm(), x.realm().getBrowserFlow(),
                EmailCodeAuthenticatorFactory.PROVIDER_ID).orElse(Map.of());
        return new EmailCodeLeg(config);
    }

    /** A code, unless a required action is left that only the browser can do. */
    static Outcome finish(Exchange x, UserModel user) {
        AuthenticationManager.evaluateRequiredActionTriggers(x.session(), x.authSession(),
                x.session().getContext().getHttpRequest(), x.event(), x.realm(), user);
        Set<String> actions = new HashSet<>(x.authSession().getRequiredActions());
        user.getRequiredActionsStream().forEach(actions::add);
        actions.removeAll(SERVED_ACTIONS);
        if (!actions.isEmpty()) {
            x.event(EventType.LOGIN_ERROR).user(user).detail(Details.REASON, "required_action_needs_browser")
                    .detail("required_actions", String.join(",", actions)).error(Errors.NOT_ALLOWED);
            return Outcome.askAndEnd(Challenge.redirectToWeb());
        }
        return Outcome.done(user);
    }

    private static UserModel user(Exchange x) {
        return x.authSession().getAuthenticatedUser();
    }
}
