package com.simptel.keycloak.emailcode;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.UserModel;

/**
 * Required action "Verify email with a code": the same step as the authenticator, run after any
 * flow, before a token is issued, for a user whose email is not verified. It catches what no flow
 * step does: an SSO cookie of a user an admin marked unverified, a first broker login without
 * trusted email, linking an IdP by re-authentication, any flow a realm admin builds without the step.
 */
final class VerifyEmailByCodeAction implements RequiredActionProvider {

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        UserModel user = context.getUser();
        if (user.getEmail() != null && !user.getEmail().isBlank() && !user.isEmailVerified()) {
            // on the authentication session only: the trigger is the unverified address, not a stored flag
            context.getAuthenticationSession().addRequiredAction(VerifyEmailByCodeActionFactory.PROVIDER_ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        apply(context, step(context).begin(StepHost.of(context)));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        apply(context, step(context).act(StepHost.of(context), context.getHttpRequest().getDecodedFormParameters()));
    }

    private static EmailCodeStep step(RequiredActionContext context) {
        RequiredActionConfigModel config = context.getConfig();
        return new EmailCodeStep(EmailCodeConfig.of(config == null ? null : config.getConfig()));
    }

    private static void apply(RequiredActionContext context, EmailCodeStep.Result result) {
        switch (result.kind()) {
            case SUCCESS -> context.success();
            // the client gets an error response; the app starts a new login
            case RESTART, REGISTER_AGAIN -> context.failure(result.message().key());
            case CHALLENGE, FAILURE_CHALLENGE -> context.challenge(EmailCodeForm.render(context.form(), result));
        }
    }

    @Override
    public void close() {
    }
}
