package com.simptel.keycloak.recovery;

import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

/**
 * The recovery page (login-recovery-totp.ftl) in its few states. Until the mailbox is proven,
 * what it shows must not depend on whether the chosen account exists, has an email or has TOTP.
 */
public final class RecoveryPage {

    /** The page's state, one of the {@link Mode} values: what a JSON rendering of the page reads. */
    public static final String MODE_ATTRIBUTE = "recoveryMode";

    static final String TEMPLATE = "login-recovery-totp.ftl";
    /** Form field of the code and the field errors are bound to. */
    public static final String CODE_FIELD = "otp";
    static final String ERROR_FIELD = "totp";
    public static final String CONTINUE_FIELD = "continue";

    /** What the page offers; the template switches on {@code recoveryMode}. */
    public enum Mode {
        /** The code input. */
        CODE("code"),
        /** Too many wrong codes in this flow: only "start again". */
        EXHAUSTED("exhausted"),
        /** Mailbox proven, no TOTP, the realm lets them continue to a new password. */
        WITHOUT_TOTP_CONTINUE("withoutTotpContinue"),
        /** Mailbox proven, no TOTP, the realm refuses. */
        WITHOUT_TOTP_REFUSED("withoutTotpRefused"),
        /** The step is configured to need the emailed code, which did not run. */
        UNAVAILABLE("unavailable");

        private final String value;

        Mode(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    static final String MSG_INVALID_CODE = "simptelRecoveryInvalidCode";
    static final String MSG_MISSING_CODE = "simptelRecoveryMissingCode";
    static final String MSG_TOO_MANY_ATTEMPTS = "simptelRecoveryTooManyAttempts";
    static final String MSG_WITHOUT_TOTP_CONTINUE = "simptelRecoveryWithoutTotpContinue";
    static final String MSG_WITHOUT_TOTP_REFUSED = "simptelRecoveryWithoutTotpRefused";
    static final String MSG_UNAVAILABLE = "simptelRecoveryUnavailable";

    private RecoveryPage() {
    }

    static Response code(AuthenticationFlowContext context, String fieldError) {
        LoginFormsProvider form = form(context, Mode.CODE);
        if (fieldError != null) {
            form.addError(new FormMessage(ERROR_FIELD, fieldError));
        }
        return form.createForm(TEMPLATE);
    }

    static Response exhausted(AuthenticationFlowContext context) {
        return form(context, Mode.EXHAUSTED).setError(MSG_TOO_MANY_ATTEMPTS).createForm(TEMPLATE);
    }

    static Response withoutTotp(AuthenticationFlowContext context, boolean mayContinue) {
        return mayContinue
                ? form(context, Mode.WITHOUT_TOTP_CONTINUE).setInfo(MSG_WITHOUT_TOTP_CONTINUE).createForm(TEMPLATE)
                : form(context, Mode.WITHOUT_TOTP_REFUSED).setError(MSG_WITHOUT_TOTP_REFUSED).createForm(TEMPLATE);
    }

    static Response unavailable(AuthenticationFlowContext context) {
        return form(context, Mode.UNAVAILABLE).setError(MSG_UNAVAILABLE).createForm(TEMPLATE);
    }

    private static LoginFormsProvider form(AuthenticationFlowContext context, Mode mode) {
        // Keycloak's layout shows the username box only when the flow has a user, and picks the
        // language from the user's profile before the browser's: both would tell an onlooker that
        // the account exists. Show the typed name for everyone and speak the browser's language.
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.USERNAME_HIDDEN, "true");
        return context.form()
                .setUser(null)
                .setExecution(context.getExecution().getId())
                .setAttribute(MODE_ATTRIBUTE, mode.value);
    }
}
