package com.simptel.keycloak.emailcode;

import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

/** Renders a {@link EmailCodeStep.Result} as the code page (login-email-code.ftl) for the HTML hosts. */
final class EmailCodeForm {

    private EmailCodeForm() {
    }

    static Response render(LoginFormsProvider form, EmailCodeStep.Result result) {
        form.setAttribute(EmailCodePage.ATTRIBUTE, result.page());
        EmailCodeStep.Message message = result.message();
        if (message != null) {
            switch (message.placement()) {
                case FIELD -> form.addError(new FormMessage(EmailCodePage.FIELD_CODE, message.key(), message.params()));
                case INFO -> form.setSuccess(message.key(), message.params());
                case ERROR -> form.setError(message.key(), message.params());
            }
        }
        return form.createForm(EmailCodePage.TEMPLATE);
    }
}
