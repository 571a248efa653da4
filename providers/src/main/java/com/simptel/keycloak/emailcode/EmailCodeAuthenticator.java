package com.simptel.keycloak.emailcode;

import com.simptel.keycloak.common.UserlessAuthenticator;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * Authenticator "Email code": proves control of the user's mailbox with an emailed one-time code.
 * Modelled on Keycloak's OTPFormAuthenticator: authenticate() sends and shows the form, action()
 * handles resend, a missing, wrong, expired or dead code (a wrong one through failureChallenge, as
 * there). Keycloak's brute-force detector does not count this step: during registration there is no
 * user when the form fails, and for any step it counts only password, OTP and recovery-code
 * failures (DefaultBruteForceProtector.ALLOWED_AUTHENTICATION_CATEGORIES). So the step's own limits,
 * tries per code and per flow, are the protection, the same in every flow, with or without a user.
 */
final class EmailCodeAuthenticator extends UserlessAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        EmailCodeConfig config = config(context);
        UserModel user = context.getUser();
        if (config.onlyWhenEmailNotVerified() && user != null && user.isEmailVerified()) {
            context.success();
            return;
        }
        apply(context, new EmailCodeStep(config).begin(StepHost.of(context)));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        EmailCodeStep step = new EmailCodeStep(config(context));
        apply(context, step.act(StepHost.of(context), context.getHttpRequest().getDecodedFormParameters()));
    }

    private static void apply(AuthenticationFlowContext context, EmailCodeStep.Result result) {
        switch (result.kind()) {
            case SUCCESS -> context.success();
            case FAILURE_CHALLENGE -> context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page(context, result));
            // back to the realm's login page in a fresh tab of the session, with the reason shown there
            case RESTART -> context.forkWithErrorMessage(new FormMessage(result.message().key()));
            case CHALLENGE -> context.challenge(page(context, result));
            // the registration form again, its data kept, the message on the username field
            case REGISTER_AGAIN -> context.resetFlow(PendingAccount.showFormAgain(context.getAuthenticationSession(),
                    result.message().key()));
        }
    }

    /**
     * The form without the user: Keycloak picks the page language from the user's profile before
     * the browser's, and a page in another language would tell that the typed name is an account.
     */
    private static Response page(AuthenticationFlowContext context, EmailCodeStep.Result result) {
        return EmailCodeForm.render(context.form().setUser(null), result);
    }

    private static EmailCodeConfig config(AuthenticationFlowContext context) {
        AuthenticatorConfigModel model = context.getAuthenticatorConfig();
        return EmailCodeConfig.of(model == null ? null : model.getConfig());
    }
}
