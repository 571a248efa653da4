package com.simptel.keycloak.registration;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;

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
        apply(context, step(context).begin(new ActionHost(context)));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        apply(context, step(context).act(new ActionHost(context), context.getHttpRequest().getDecodedFormParameters()));
    }

    private static EmailCodeStep step(RequiredActionContext context) {
        RequiredActionConfigModel config = context.getConfig();
        return new EmailCodeStep(EmailCodeConfig.of(config == null ? null : config.getConfig()));
    }

    private static void apply(RequiredActionContext context, EmailCodeStep.Result result) {
        switch (result.kind()) {
            case SUCCESS -> context.success();
            // the client gets an error response; the app starts a new login
            case RESTART -> context.failure(result.message());
            case CHALLENGE, FAILURE_CHALLENGE -> context.challenge(result.response());
        }
    }

    @Override
    public void close() {
    }

    private record ActionHost(RequiredActionContext context) implements StepHost {
        @Override
        public KeycloakSession session() {
            return context.getSession();
        }

        @Override
        public RealmModel realm() {
            return context.getRealm();
        }

        @Override
        public UserModel user() {
            return context.getUser();
        }

        @Override
        public AuthenticationSessionModel authSession() {
            return context.getAuthenticationSession();
        }

        @Override
        public EventBuilder event() {
            return context.getEvent();
        }

        @Override
        public LoginFormsProvider form() {
            return context.form();
        }

        @Override
        public String flowPath() {
            return LoginActionsService.REQUIRED_ACTION;
        }

        @Override
        public String ipAddress() {
            return context.getConnection().getRemoteHost();
        }
    }
}
