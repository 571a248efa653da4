package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.EmailCodePage;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.MailCodes;
import com.simptel.keycloak.it.support.NodeRoute;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.RecoveryPages;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.harness.MailCatcher;
import jakarta.mail.internet.MimeMessage;
import org.keycloak.representations.idm.EventRepresentation;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import java.util.Map;
import java.util.UUID;

/**
 * Page object of the realm's "Forgot password?" journey as a browser walks it: the app's login
 * page, the link, choose user, the emailed code (read from the real SMTP server), the
 * authenticator-app code, the new password, back to the app.
 */
public final class RecoveryJourney {

    private final HttpBrowser browser;
    private final OidcClient client;
    private final Pkce pkce = Pkce.s256();
    private final String state = UUID.randomUUID().toString();
    private Page page;
    private long lastNanos;
    private MailCatcher mail;
    private String address;
    private int mailsBefore;

    private RecoveryJourney(HttpBrowser browser, OidcClient client) {
        this.browser = browser;
        this.client = client;
    }

    /** Opens the client's login page and follows its "Forgot password?" link. */
    public static RecoveryJourney start(HttpBrowser browser, OidcClient client) {
        RecoveryJourney journey = new RecoveryJourney(browser, client);
        Page login = browser.open(client.authorizationUrl(journey.pkce, journey.state, "openid profile email"));
        journey.page = browser.open(LoginPage.link(login, LoginPage.FORGOT_PASSWORD_LINK));
        if (!journey.page.hasElement(RecoveryPages.CHOOSE_USER_FORM)) {
            throw new AssertionError("Expected the choose-user page, got:\n" + journey.page.text());
        }
        return journey;
    }

    Page chooseUser(String usernameOrEmail) {
        return timed(() -> RecoveryPages.chooseUser(page, usernameOrEmail));
    }

    /** Chooses the user by name, noting how many mails they had, so {@link #proveMailbox} finds the new code. */
    public Page chooseUser(TestUser user, MailCatcher mail) {
        this.mail = mail;
        this.address = user.email();
        this.mailsBefore = mail.messagesTo(user.email()).size();
        return chooseUser(user.username());
    }

    /**
     * Reads the code the emailed-code step sent for this flow and types it in: the first new mail
     * that holds a code. A recovery notice of an earlier journey of the same user is sent after its
     * request, on the mail thread, and can arrive after {@link #chooseUser} counted the mails.
     */
    public Page proveMailbox() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int count = mailsBefore + 1; ; count++) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            List<MimeMessage> mails = mail.awaitMessagesTo(address, count, left);
            for (MimeMessage message : mails.subList(mailsBefore, mails.size())) {
                if (MailCodes.hasCode(message)) {
                    return enterEmailCode(MailCodes.codeIn(message));
                }
            }
        }
    }

    Page enterEmailCode(String code) {
        return timed(() -> EmailCodePage.enterCode(page, code));
    }

    /**
     * The SEND_RESET_PASSWORD event of the recovery notice, which the mail thread records once SMTP
     * has answered (after the request), waiting for it.
     */
    static EventRepresentation awaitNoticeEvent(SimptelServer server, String userId) {
        return RealmEvents.await(server, "SEND_RESET_PASSWORD", userId, 1, "the recovery notice sent",
                RealmEvents.detail("simptel_mail", "recovery_notice")).get(0);
    }

    /** Sends the next step to one cluster node ({@code node.baseUrl()}) instead of the load balancer. */
    public RecoveryJourney nextAt(SimptelServer server, String nodeBaseUrl) {
        page = NodeRoute.via(page, server.baseUrl(), nodeBaseUrl);
        return this;
    }

    public Page enterCode(String code) {
        return timed(() -> RecoveryPages.enterTotp(page, code));
    }

    Page continueWithoutTotp() {
        return timed(() -> RecoveryPages.continueWithoutTotp(page));
    }

    public Page setNewPassword(String password) {
        return timed(() -> RecoveryPages.setNewPassword(page, password));
    }

    /** The app's side: the redirect carries our state and a code, which is redeemed for tokens. */
    public JsonResponse tokens(OidcClient.Auth auth) {
        Map<String, String> params = client.redirectParamsTo(page);
        if (!state.equals(params.get("state")) || params.get("code") == null) {
            throw new AssertionError("Recovery did not return a code with our state: " + params);
        }
        return client.exchangeCode(params.get("code"), pkce.verifier(), auth);
    }

    public Page page() {
        return page;
    }

    /** Wall time of the last form submission, redirects included (what an onlooker can time). */
    long lastNanos() {
        return lastNanos;
    }

    private Page timed(Supplier<Page> submit) {
        long started = System.nanoTime();
        page = submit.get();
        lastNanos = System.nanoTime() - started;
        return page;
    }
}
