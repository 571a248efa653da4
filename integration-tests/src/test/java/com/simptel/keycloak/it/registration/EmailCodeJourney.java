package com.simptel.keycloak.it.registration;

import com.simptel.keycloak.it.support.EmailCodePage;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.MailCodes;
import com.simptel.keycloak.it.support.NodeRoute;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import jakarta.mail.internet.MimeMessage;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One person's way through the simptel realm's registration or login with an emailed code, in one
 * {@link HttpBrowser}: the pages (through {@link LoginPage}, {@link RegistrationPage} and
 * {@link EmailCodePage}), the mails, the tokens.
 */
public final class EmailCodeJourney {

    /** The password a newcomer chooses on the registration form. */
    static final String NEW_PASSWORD = "Correct-Horse-9";

    final SimptelServer server;
    final OidcClient client;
    final HttpBrowser browser;
    final String username;
    final String email;
    final String password;
    private Pkce pkce;
    private String state;
    Page page;

    EmailCodeJourney(SimptelServer server, OidcClient client, String username, String email) {
        this(server, client, username, email, NEW_PASSWORD);
    }

    EmailCodeJourney(SimptelServer server, OidcClient client, String username, String email, String password) {
        this.server = server;
        this.client = client;
        this.browser = new HttpBrowser(server.baseUrl());
        this.username = username;
        this.email = email;
        this.password = password;
    }

    /** A new person with a fresh username and address, for the web client. */
    public static EmailCodeJourney newPerson(SimptelServer server) {
        return newPerson(server, OidcClient.web(server));
    }

    static EmailCodeJourney newPerson(SimptelServer server, OidcClient client) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return new EmailCodeJourney(server, client, "reg-" + id, "reg-" + id + "@simptel.test");
    }

    /** A user that exists already (made by {@link TestUsers}), signing in with the password it has. */
    public static EmailCodeJourney of(SimptelServer server, OidcClient client, TestUser user) {
        return new EmailCodeJourney(server, client, user.username(), user.email(), user.password());
    }

    /** The same person in a new browser (no cookies), with another client if wanted. */
    public EmailCodeJourney inNewBrowser(OidcClient otherClient) {
        return new EmailCodeJourney(server, otherClient, username, email, password);
    }

    EmailCodeJourney language(String acceptLanguage) {
        browser.acceptLanguage(acceptLanguage);
        return this;
    }

    /** Opens the client's authorization URL (extra parameters such as ui_locales allowed). */
    Page authorize(Map<String, String> extra) {
        pkce = Pkce.s256();
        state = UUID.randomUUID().toString();
        Map<String, String> params = client.authorizationParams(pkce, state, "openid profile email");
        params.putAll(extra);
        page = browser.open(client.authorizationUrl(params));
        return page;
    }

    public Page authorize() {
        return authorize(Map.of());
    }

    /** From the login page to the registration form. */
    public Page openRegistration() {
        assertThat(LoginPage.isShown(page)).as("login page expected:\n" + page.text()).isTrue();
        page = browser.open(LoginPage.link(page, LoginPage.REGISTRATION_LINK));
        assertThat(RegistrationPage.isShown(page)).as("registration page expected:\n" + page.text()).isTrue();
        return page;
    }

    /** Fills and submits the registration form for this person (address overridable). */
    Page register(String address, String passwordConfirm) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", username);
        fields.put("email", address);
        fields.put("firstName", "Reg");
        fields.put("lastName", "Istrant");
        fields.put("password", password);
        fields.put("password-confirm", passwordConfirm);
        page = RegistrationPage.submit(page, fields);
        return page;
    }

    public Page register() {
        return register(email, password);
    }

    /** authorize + registration form + submit: ends on the code page. */
    public Page registerFromScratch() {
        authorize();
        openRegistration();
        register();
        assertOnCodePage();
        return page;
    }

    public Page login() {
        assertThat(LoginPage.isShown(page)).as("login page expected:\n" + page.text()).isTrue();
        page = LoginPage.signIn(page, username, password);
        return page;
    }

    /** Sends the next step to one cluster node ({@code node.baseUrl()}) instead of the load balancer. */
    public EmailCodeJourney nextAt(String nodeBaseUrl) {
        page = NodeRoute.via(page, server.baseUrl(), nodeBaseUrl);
        return this;
    }

    public Page page() {
        return page;
    }

    /** The address this person registers or signs in with. */
    public String email() {
        return email;
    }

    public Page enterCode(String code) {
        page = EmailCodePage.enterCode(page, code);
        return page;
    }

    public Page resend() {
        page = EmailCodePage.resend(page);
        return page;
    }

    /** Authorizes, fills the registration form at {@code nodeBaseUrl} and lands on the code page; the first code mailed. */
    public String registerAt(String nodeBaseUrl) {
        authorize();
        nextAt(nodeBaseUrl).openRegistration();
        nextAt(nodeBaseUrl).register();
        assertOnCodePage();
        return code(1);
    }

    public void assertOnCodePage() {
        assertThat(page.isRedirect()).as("no redirect to the client before the code: "
                + (page.isRedirect() ? page.location() : "")).isFalse();
        assertThat(EmailCodePage.isShown(page)).as("code page expected, got (status " + page.status() + "):\n"
                + page.text()).isTrue();
    }

    /** Redeems the authorization code the last page redirected to the client with. */
    public JsonResponse tokens() {
        Map<String, String> params = client.redirectParamsTo(page);
        assertThat(params.get("state")).isEqualTo(state);
        assertThat(params.get("code")).isNotBlank();
        JsonResponse tokens = client.exchangeCode(params.get("code"), pkce.verifier(), OidcClient.Auth.BASIC);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens;
    }

    // ---- mail ----

    List<MimeMessage> awaitMails(int count) {
        return server.mail().awaitMessagesTo(email, count, MailCodes.MAIL_WAIT);
    }

    /** The code in the n-th mail (1-based) to this person, waiting for it. */
    public String code(int n) {
        return MailCodes.nthCode(server.mail(), email, n);
    }

    // ---- admin view ----

    public UserRepresentation user() {
        List<UserRepresentation> found = server.realm().users().search(username, true);
        return found.isEmpty() ? null : found.get(0);
    }

    public static String otherThan(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }
}
