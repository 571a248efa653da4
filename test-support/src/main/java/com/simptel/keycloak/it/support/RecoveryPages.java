package com.simptel.keycloak.it.support;

/**
 * The pages of the "Forgot password?" flow after the login page: choose user, the
 * authenticator-app code (or the refusal for an account without one), the new password. The
 * emailed-code step is {@link EmailCodePage}. Selectors live here only.
 */
public final class RecoveryPages {

    public static final String CHOOSE_USER_FORM = "#kc-reset-password-form";
    public static final String CHOOSE_USER_SUBMIT = "#kc-form-buttons";
    public static final String USERNAME = "#username";
    public static final String ATTEMPTED_USERNAME = "input#kc-attempted-username";
    public static final String TOTP_FORM = "#kc-recovery-totp-form";
    public static final String TOTP = TOTP_FORM + " input#otp";
    public static final String TOTP_SUBMIT = "#kc-login";
    public static final String CONTINUE_FORM = "#kc-recovery-continue-form";
    public static final String RESTART_LINK = "#simptel-recovery-restart";
    public static final String BACK_LINK = "#simptel-recovery-back";
    public static final String BACK_TO_LOGIN = "#reset-login";
    public static final String PAGE_TITLE = "#kc-page-title";
    public static final String NEW_PASSWORD_FORM = "#kc-passwd-update-form";
    public static final String NEW_PASSWORD = "#password-new";
    public static final String CONFIRM_PASSWORD = "#password-confirm";
    public static final String NEW_PASSWORD_SUBMIT = "#kc-submit";

    private RecoveryPages() {
    }

    public static Page chooseUser(Page page, String usernameOrEmail) {
        return page.form(CHOOSE_USER_FORM).set("username", usernameOrEmail).submit();
    }

    public static Page enterTotp(Page page, String code) {
        return page.form(TOTP_FORM).set("otp", code).submit();
    }

    public static Page continueWithoutTotp(Page page) {
        return page.form(CONTINUE_FORM).submit();
    }

    public static Page setNewPassword(Page page, String password) {
        return page.form(NEW_PASSWORD_FORM).set("password-new", password).set("password-confirm", password).submit();
    }

    public static String title(Page page) {
        return page.html().selectFirst(PAGE_TITLE).text();
    }
}
