package com.simptel.keycloak.it.support;

/** The emailed-code page (registration, login, recovery): its selectors live here only. */
public final class EmailCodePage {

    public static final String FORM = "#kc-email-code-form";
    public static final String CODE = "#code";
    public static final String RESEND = "#kc-email-code-resend";
    public static final String SUBMIT = "#kc-email-code-submit";

    private EmailCodePage() {
    }

    public static boolean isShown(Page page) {
        return page.hasElement(FORM);
    }

    public static Page enterCode(Page page, String code) {
        return page.form(FORM).set("code", code).submit();
    }

    /** Presses "send a new code" (the code field is not sent, as a browser does for that button). */
    public static Page resend(Page page) {
        return page.form(FORM).remove("code").submit("resend", "true");
    }
}
