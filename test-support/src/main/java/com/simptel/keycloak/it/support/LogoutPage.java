package com.simptel.keycloak.it.support;

/** Keycloak's "Do you want to log out?" page; its selector lives here only. */
public final class LogoutPage {

    public static final String FORM = "form[action*=logout-confirm]";
    public static final String CONFIRM = "#kc-logout";

    private LogoutPage() {
    }
}
