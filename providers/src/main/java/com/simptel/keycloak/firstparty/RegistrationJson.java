package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.forms.RegistrationPage;
import org.keycloak.models.utils.FormMessage;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Keycloak's registration form with the realm's form actions (user profile, password policy, our
 * existing-email-safe account creation, terms): the app sends the fields at once ({@code username},
 * {@code email}, {@code password}, {@code given_name}, {@code family_name}, any other profile
 * attribute, {@code accept_terms}). What the form refuses is {@code invalid_request}, each message
 * led by its field's label, as the page shows it beside the field. A form with a reCAPTCHA goes to
 * the browser.
 */
final class RegistrationJson implements StepForm {

    @Override
    public boolean answered(ChallengeParams params) {
        return params.get(ChallengeParams.USERNAME) != null || params.get(ChallengeParams.EMAIL) != null
                || params.raw(ChallengeParams.PASSWORD) != null;
    }

    @Override
    public MultivaluedMap<String, String> form(ChallengeParams params) {
        MultivaluedMap<String, String> form = FormFields.profile(params);
        form.remove(ChallengeParams.ACCEPT_TERMS);
        FormFields.copy(params, form, ChallengeParams.PASSWORD, RegistrationPage.FIELD_PASSWORD_CONFIRM);
        if (params.isTrue(ChallengeParams.ACCEPT_TERMS)) {
            form.putSingle("termsAccepted", "on");
        }
        return form;
    }

    @Override
    public Challenge ask(StepView view) {
        if (view.page().flag("recaptchaRequired")) {
            return null;
        }
        List<FormMessage> messages = view.page().messages();
        if (!messages.isEmpty()) {
            throw ChallengeError.invalidRequest(messages.stream().map(m -> text(view, m)).collect(Collectors.joining(" ")));
        }
        return Challenge.collect("registration", "simptelChallengeRegistration");
    }

    /** The page shows a message beside its field; here the field's label leads it, e.g. "Email: ...". */
    private static String text(StepView view, FormMessage message) {
        String text = view.messages().text(message.getMessage(), message.getParameters());
        String field = message.getField();
        if (field == null || field.equals("global")) {
            return text;
        }
        if (field.startsWith("password")) {
            return text;
        }
        return view.messages().text(field) + ": " + text;
    }
}
