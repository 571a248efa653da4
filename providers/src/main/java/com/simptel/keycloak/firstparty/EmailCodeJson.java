package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.emailcode.EmailCodePage;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.models.utils.FormMessage;

/**
 * Our emailed-code step, authenticator and required action alike: {@code next: email_code};
 * {@code email_code} is the typed code, {@code resend_email_code=true} the page's resend button.
 * Where the page shows the tries left for the code, so does {@code tries_left}.
 */
final class EmailCodeJson implements StepForm {

    static final String NEXT = "email_code";

    @Override
    public boolean answered(ChallengeParams params) {
        return params.raw(ChallengeParams.EMAIL_CODE) != null || params.isTrue(ChallengeParams.RESEND_EMAIL_CODE);
    }

    @Override
    public MultivaluedMap<String, String> form(ChallengeParams params) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        if (params.isTrue(ChallengeParams.RESEND_EMAIL_CODE)) {
            form.putSingle(EmailCodePage.BUTTON_RESEND, "");
        } else {
            FormFields.copy(params, form, ChallengeParams.EMAIL_CODE, EmailCodePage.FIELD_CODE);
        }
        return form;
    }

    @Override
    public Challenge ask(StepView view) {
        EmailCodePage page = view.page().attribute(EmailCodePage.ATTRIBUTE) instanceof EmailCodePage p ? p : null;
        FormMessage message = view.page().message();
        if (message == null) {
            return Challenge.collect(NEXT, "simptelChallengeEmailCode", page == null ? 6 : page.getLength());
        }
        Challenge challenge = Challenge.collect(NEXT, message.getMessage(), message.getParameters());
        return "emailCodeInvalid".equals(message.getMessage()) && page != null
                ? challenge.withTriesLeft(page.getAttemptsLeft()) : challenge;
    }
}
