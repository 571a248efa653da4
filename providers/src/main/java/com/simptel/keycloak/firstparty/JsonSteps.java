package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.emailcode.EmailCodeAuthenticatorFactory;
import com.simptel.keycloak.emailcode.VerifyEmailByCodeActionFactory;
import com.simptel.keycloak.recovery.RecoveryTotpAuthenticatorFactory;
import org.keycloak.authentication.authenticators.access.DenyAccessAuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.ConditionalOtpFormAuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.OTPFormAuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.PasskeysConditionalUIAuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.PasswordFormFactory;
import org.keycloak.authentication.authenticators.browser.UsernameFormFactory;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.authentication.authenticators.browser.WebAuthnAuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.WebAuthnPasswordlessAuthenticatorFactory;
import org.keycloak.authentication.authenticators.resetcred.ResetCredentialChooseUser;
import org.keycloak.authentication.forms.RegistrationPage;
import org.keycloak.models.UserModel;

import java.util.Map;

/**
 * The steps of Keycloak's flows that have a JSON form here, by provider id: authenticators, and
 * required actions. Any other step, and any page of these steps they have no JSON form for, sends
 * the user to the browser ({@link WebRedirect}). docs/first-party-apps.md has the same table.
 */
final class JsonSteps {

    private static final StepForm PASSWORD = new PasswordJson();
    private static final StepForm USERNAME = new UsernameJson();
    private static final StepForm OTP = new OtpJson();
    private static final StepForm WEBAUTHN = new WebAuthnJson();
    private static final StepForm EMAIL_CODE = new EmailCodeJson();
    private static final StepForm NEW_PASSWORD = new NewPasswordJson();
    private static final StepForm PROFILE = new ProfileJson();

    private static final Map<String, StepForm> AUTHENTICATORS = Map.ofEntries(
            Map.entry(UsernamePasswordFormFactory.PROVIDER_ID, PASSWORD),
            Map.entry(PasswordFormFactory.PROVIDER_ID, PASSWORD),
            Map.entry(UsernameFormFactory.PROVIDER_ID, USERNAME),
            Map.entry(ResetCredentialChooseUser.PROVIDER_ID, USERNAME),
            Map.entry(OTPFormAuthenticatorFactory.PROVIDER_ID, OTP),
            Map.entry(ConditionalOtpFormAuthenticatorFactory.PROVIDER_ID, OTP),
            Map.entry(WebAuthnAuthenticatorFactory.PROVIDER_ID, WEBAUTHN),
            Map.entry(WebAuthnPasswordlessAuthenticatorFactory.PROVIDER_ID, WEBAUTHN),
            Map.entry(PasskeysConditionalUIAuthenticatorFactory.PROVIDER_ID, WEBAUTHN),
            Map.entry(EmailCodeAuthenticatorFactory.PROVIDER_ID, EMAIL_CODE),
            Map.entry(RecoveryTotpAuthenticatorFactory.PROVIDER_ID, new RecoveryTotpJson()),
            Map.entry(RegistrationPage.PROVIDER_ID, new RegistrationJson()),
            Map.entry(DenyAccessAuthenticatorFactory.PROVIDER_ID, new DeniedJson()));

    private static final Map<String, StepForm> REQUIRED_ACTIONS = Map.of(
            UserModel.RequiredAction.UPDATE_PASSWORD.name(), NEW_PASSWORD,
            UserModel.RequiredAction.TERMS_AND_CONDITIONS.name(), new TermsJson(),
            UserModel.RequiredAction.UPDATE_PROFILE.name(), PROFILE,
            UserModel.RequiredAction.VERIFY_PROFILE.name(), PROFILE,
            VerifyEmailByCodeActionFactory.PROVIDER_ID, EMAIL_CODE);

    private JsonSteps() {
    }

    /** The JSON form of an authenticator's step, or null. */
    static StepForm authenticator(String providerId) {
        return providerId == null ? null : AUTHENTICATORS.get(providerId);
    }

    /** The JSON form of a required action, or null. */
    static StepForm requiredAction(String providerId) {
        return providerId == null ? null : REQUIRED_ACTIONS.get(providerId);
    }

    /** The authenticators with a JSON form (docs/first-party-apps.md lists them). */
    static java.util.Set<String> authenticators() {
        return AUTHENTICATORS.keySet();
    }

    /** The required actions with a JSON form. */
    static java.util.Set<String> requiredActions() {
        return REQUIRED_ACTIONS.keySet();
    }

    /** Deny access: the journey ends with the page's message. */
    private static final class DeniedJson implements StepForm {
        @Override
        public boolean answered(ChallengeParams params) {
            return false;
        }

        @Override
        public jakarta.ws.rs.core.MultivaluedMap<String, String> form(ChallengeParams params) {
            return new jakarta.ws.rs.core.MultivaluedHashMap<>();
        }

        @Override
        public Challenge ask(StepView view) {
            org.keycloak.models.utils.FormMessage message = view.page().message();
            return message == null ? Challenge.denied("accessDeniedMessage")
                    : Challenge.denied(message.getMessage(), message.getParameters());
        }
    }
}
