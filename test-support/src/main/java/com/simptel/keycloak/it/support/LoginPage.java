package com.simptel.keycloak.it.support;

import org.jsoup.nodes.Element;
import org.openqa.selenium.By;

/**
 * Keycloak's login page and its authenticator-app step, as the tests drive them over HTTP
 * ({@link Page}) or in Chromium ({@link RealBrowser}): the selectors live here only.
 */
public final class LoginPage {

    public static final String FORM = "#kc-form-login";
    public static final String USERNAME = "#username";
    public static final String USERNAME_LABEL = "label[for=username]";
    public static final String PASSWORD = "#password";
    public static final String SUBMIT = "#kc-login";
    public static final String USERNAME_ERROR = "#input-error-username";
    public static final String REGISTRATION_LINK = "#kc-registration a";
    public static final String FORGOT_PASSWORD_LINK = "a[href*='login-actions/reset-credentials']";
    public static final String OTP_FORM = "#kc-otp-login-form";
    public static final String OTP = "#otp";

    private LoginPage() {
    }

    /** The button of an identity provider, e.g. {@code socialLink("external-oidc")}. */
    public static String socialLink(String alias) {
        return "#social-" + alias;
    }

    /** Opens an authorization request in the browser and waits for the login form. */
    public static void open(RealBrowser browser, String authorizationUrl) {
        browser.driver().get(authorizationUrl);
        browser.waitUntil(d -> d.findElement(By.cssSelector(FORM)));
    }

    public static boolean isShown(Page page) {
        return page.hasElement(FORM);
    }

    /** Submits username (or email) and password. */
    public static Page signIn(Page page, String username, String password) {
        return page.form(FORM).set("username", username).set("password", password).submit();
    }

    public static boolean asksForTotp(Page page) {
        return page.hasElement(OTP_FORM);
    }

    public static Page enterTotp(Page page, String code) {
        return page.form(OTP_FORM).set("otp", code).submit();
    }

    /** The absolute URL of a link on the login page, failing with the page's text when it is missing. */
    public static String link(Page page, String selector) {
        Element link = page.html().selectFirst(selector);
        if (link == null) {
            throw new AssertionError("No '" + selector + "' on the login page:\n" + page.text());
        }
        return link.absUrl("href");
    }

    /** In Chromium: waits for the form, types username and password, submits. */
    public static void signIn(RealBrowser browser, String username, String password) {
        browser.waitUntil(d -> d.findElement(By.cssSelector(FORM)));
        browser.driver().findElement(By.cssSelector(USERNAME)).clear(); // a login_hint may have filled it
        browser.driver().findElement(By.cssSelector(USERNAME)).sendKeys(username);
        browser.driver().findElement(By.cssSelector(PASSWORD)).sendKeys(password);
        browser.driver().findElement(By.cssSelector(SUBMIT)).click();
    }

    /** In Chromium: waits for the authenticator-app step, types the code, submits. */
    public static void enterTotp(RealBrowser browser, String code) {
        browser.waitUntil(d -> d.findElement(By.cssSelector(OTP_FORM)));
        browser.driver().findElement(By.cssSelector(OTP)).sendKeys(code);
        browser.driver().findElement(By.cssSelector(SUBMIT)).click();
    }
}
