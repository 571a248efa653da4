package com.simptel.keycloak.it.firstparty;

import com.simptel.keycloak.it.firstparty.RealmFlows.Step;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.RealBrowser;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.it.testproviders.PressButtonAuthenticator;
import com.simptel.keycloak.it.support.Totp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.RealmRepresentation;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint runs the flow the realm admin set for the client, as the browser does: Deny access
 * refuses, identity-first asks for the username and then the password, a required OTP that the
 * user has not set up and a step with no JSON form go to the browser (where the user finishes and
 * the code comes back), a required action with a JSON form is asked for, and "Require SSL: all
 * requests" refuses plain HTTP as the token endpoint does.
 */
@SimptelIT
class FirstPartyRealmFlowsIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void aFlowEndingInDenyAccessRefusesOverJsonAndInTheBrowserAlike(SimptelServer server) {
        TestUser user = users.create("fp-deny");
        try (RealmFlows.FlowClient flow = RealmFlows.clientWithBrowserFlow(server,
                Step.required("auth-username-password-form"), Step.required("deny-access-authenticator"))) {
            ChallengeApi api = ChallengeApi.publicClient(server, flow.client().clientId());

            JsonResponse refused = api.start(Map.of("username", user.username(), "password", user.password()));

            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.text("error")).isEqualTo("access_denied");
            assertThat(refused.text("error_description")).isEqualTo("Access denied");
            assertThat(refused.json().has("authorization_code")).isFalse();
            assertThat(refused.json().has("auth_session")).isFalse();

            OidcClient browserClient = new OidcClient(server, SimptelServer.REALM, flow.client().clientId(), null,
                    RealmFlows.REDIRECT_URI);
            HttpBrowser browser = new HttpBrowser(server.baseUrl()).stopAt(RealmFlows.REDIRECT_URI);
            Page login = browser.open(browserClient.authorizationUrl(Pkce.s256(), "s", "openid"));
            Page after = LoginPage.signIn(login, user.username(), user.password());
            assertThat(after.status()).isEqualTo(401);
            assertThat(after.uri().toString()).doesNotStartWith(RealmFlows.REDIRECT_URI);
            assertThat(after.text()).contains("Access denied");
        }
    }

    @Test
    void identityFirstAsksForTheUsernameThenThePassword(SimptelServer server) throws Exception {
        TestUser user = users.create("fp-idfirst");
        try (RealmFlows.FlowClient flow = RealmFlows.clientWithBrowserFlow(server,
                Step.required("auth-username-form"), Step.required("auth-password-form"))) {
            ChallengeApi api = ChallengeApi.publicClient(server, flow.client().clientId());

            JsonResponse first = api.start(Map.of());
            assertThat(first.status()).isEqualTo(403);
            assertThat(first.text("next")).isEqualTo("username");
            assertThat(first.text("error_description")).isEqualTo("Enter your username or email address.");

            JsonResponse password = api.next(first.text("auth_session"), Map.of("username", user.username()));
            assertThat(password.status()).as(password.body()).isEqualTo(403);
            assertThat(password.text("next")).isEqualTo("password");

            JsonResponse wrong = api.next(first.text("auth_session"), Map.of("password", "not-" + user.password()));
            assertThat(wrong.text("next")).isEqualTo("password");
            assertThat(wrong.text("error_description")).isEqualTo("Invalid password.");

            JsonResponse code = api.next(first.text("auth_session"), Map.of("password", user.password()));
            assertThat(code.status()).as(code.body()).isEqualTo(200);
            JsonResponse tokens = api.redeem(code.text("authorization_code"));
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        }
    }

    @Test
    void anOtpTheFlowRequiresAndTheUserLacksIsSetUpInTheBrowserAndTheCodeComesBack(SimptelServer server) throws Exception {
        TestUser user = users.create("fp-otp-setup");
        try (RealmFlows.FlowClient flow = RealmFlows.clientWithBrowserFlow(server,
                Step.required("auth-username-password-form"), Step.required("auth-otp-form"))) {
            ChallengeApi api = ChallengeApi.publicClient(server, flow.client().clientId());

            JsonResponse web = api.start(Map.of("username", user.username(), "password", user.password(),
                    "state", "st-42"));

            String url = browserUrl(server, flow, web);
            String callback;
            try (RealBrowser browser = RealBrowser.start(server, "en")) {
                browser.driver().get(url);
                LoginPage.signIn(browser, user.username(), user.password());
                browser.waitUntil(d -> d.findElement(By.id("mode-manual"))).click();
                String secret = browser.waitUntil(d -> d.findElement(By.id("kc-totp-secret-key"))).getText()
                        .replace(" ", "");
                browser.screenshot("first-party-redirect-to-web-otp-setup");
                browser.driver().findElement(By.id("totp")).sendKeys(Totp.sha1Base32(secret).now());
                browser.driver().findElement(By.id("userLabel")).sendKeys("phone");
                browser.driver().findElement(By.id("saveTOTPBtn")).click();
                callback = browser.waitUntil(d -> d.getCurrentUrl().startsWith(RealmFlows.REDIRECT_URI) ? d.getCurrentUrl() : null);
            }
            Map<String, String> query = query(URI.create(callback).getRawQuery());
            assertThat(query).containsEntry("state", "st-42").containsKey("code");

            JsonResponse tokens = redeem(server, flow, api, query.get("code"));
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            assertThat(server.realm().users().get(user.id()).credentials())
                    .anyMatch(c -> "otp".equals(c.getType()));
        }
    }

    @Test
    void aStepWithoutAJsonFormGoesToTheBrowserWithTheJourneysRequest(SimptelServer server) {
        TestUser user = users.create("fp-button-step");
        try (RealmFlows.FlowClient flow = RealmFlows.clientWithBrowserFlow(server,
                Step.required("auth-username-password-form"), Step.required(PressButtonAuthenticator.PROVIDER_ID))) {
            ChallengeApi api = ChallengeApi.publicClient(server, flow.client().clientId());

            JsonResponse web = api.start(Map.of("username", user.username(), "password", user.password(),
                    "state", "st-7"));

            String url = browserUrl(server, flow, web);
            HttpBrowser browser = new HttpBrowser(server.baseUrl()).stopAt(RealmFlows.REDIRECT_URI);
            Page login = browser.open(url);
            assertThat(LoginPage.isShown(login)).as(login.text()).isTrue();
            assertThat(login.html().selectFirst("#username").attr("value")).isEqualTo(user.username());
            Page button = LoginPage.signIn(login, user.username(), user.password());
            Page back = button.form("#press").submit();
            Map<String, String> query = new OidcClient(server, SimptelServer.REALM, flow.client().clientId(), null,
                    RealmFlows.REDIRECT_URI).redirectParamsTo(back);
            assertThat(query).containsEntry("state", "st-7").containsKey("code");
            assertThat(redeem(server, flow, api, query.get("code")).status()).isEqualTo(200);

            Page reused = new HttpBrowser(server.baseUrl()).open(url);
            assertThat(reused.status()).isEqualTo(400); // the pushed request is single-use
        }
    }

    @Test
    void termsAndConditionsAreAskedAndDecliningDeniesAccess(SimptelServer server) {
        RealmFlows.requiredAction(server, "TERMS_AND_CONDITIONS", true);
        try {
            TestUser accepts = users.user("fp-terms-yes").requiredActions("TERMS_AND_CONDITIONS").create();
            TestUser declines = users.user("fp-terms-no").requiredActions("TERMS_AND_CONDITIONS").create();
            ChallengeApi api = ChallengeApi.app(server);

            JsonResponse terms = api.start(Map.of("username", accepts.username(), "password", accepts.password()));
            assertThat(terms.status()).as(terms.body()).isEqualTo(403);
            assertThat(terms.text("next")).isEqualTo("terms");
            assertThat(terms.text("terms")).isNotBlank();
            JsonResponse code = api.next(terms.text("auth_session"), Map.of("accept_terms", "true"));
            assertThat(code.status()).as(code.body()).isEqualTo(200);
            assertThat(server.realm().users().get(accepts.id()).toRepresentation().getRequiredActions()).isEmpty();

            ChallengeApi other = ChallengeApi.app(server);
            JsonResponse again = other.start(Map.of("username", declines.username(), "password", declines.password()));
            JsonResponse denied = other.next(again.text("auth_session"), Map.of("accept_terms", "false"));
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.text("error")).isEqualTo("access_denied");
            assertThat(denied.json().has("authorization_code")).isFalse();
        } finally {
            RealmFlows.requiredAction(server, "TERMS_AND_CONDITIONS", false);
        }
    }

    @Test
    void registrationAndRecoveryOnlyWhereTheRealmOffersThem(SimptelServer server) {
        RealmRepresentation realm = server.realm().toRepresentation();
        realm.setRegistrationAllowed(false);
        realm.setResetPasswordAllowed(false);
        server.realm().update(realm);
        try {
            JsonResponse registration = ChallengeApi.app(server).start(Map.of("flow", "registration", "username", "fp-off",
                    "email", "fp-off@first-party.test", "password", "Registration-off-1"));
            JsonResponse recovery = ChallengeApi.app(server).start(Map.of("flow", "account_recovery", "username", "alice"));

            for (JsonResponse refused : java.util.List.of(registration, recovery)) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(400);
                assertThat(refused.text("error")).isEqualTo("unauthorized_client");
            }
            assertThat(server.realm().users().search("fp-off", true)).isEmpty();
            assertThat(RealmEvents.await(server, "REGISTER_ERROR", null, 1, "registration refused",
                    e -> "registration_disabled".equals(e.getError()) && ChallengeApi.FROM_ENDPOINT.test(e))).isNotEmpty();
        } finally {
            RealmRepresentation restore = server.realm().toRepresentation();
            restore.setRegistrationAllowed(true);
            restore.setResetPasswordAllowed(true);
            server.realm().update(restore);
        }
    }

    @Test
    void requireSslForAllRequestsRefusesPlainHttpAsTheTokenEndpointDoes(SimptelServer server) {
        TestUser user = users.create("fp-ssl");
        RealmRepresentation realm = server.realm().toRepresentation();
        String before = realm.getSslRequired();
        realm.setSslRequired("all");
        server.realm().update(realm);
        try {
            JsonResponse json = ChallengeApi.app(server).start(Map.of("username", user.username(), "password", user.password()));
            JsonResponse token = OidcClient.web(server).clientCredentials(OidcClient.Auth.BASIC);

            assertThat(token.status()).isEqualTo(403);
            assertThat(json.status()).isEqualTo(token.status());
            assertThat(json.text("error")).isEqualTo(token.text("error")).isEqualTo("invalid_request");
            assertThat(json.text("error_description")).isEqualTo(token.text("error_description"));
        } finally {
            RealmRepresentation restore = server.realm().toRepresentation();
            restore.setSslRequired(before);
            server.realm().update(restore);
        }
    }

    /** Checks a redirect_to_web answer; returns the authorization URL the app opens in a browser. */
    private static String browserUrl(SimptelServer server, RealmFlows.FlowClient flow, JsonResponse web) {
        assertThat(web.status()).as(web.body()).isEqualTo(403);
        assertThat(web.text("error")).isEqualTo("redirect_to_web");
        assertThat(web.json().has("authorization_code")).isFalse();
        assertThat(web.json().has("auth_session")).isFalse();
        assertThat(web.text("request_uri")).startsWith("urn:ietf:params:oauth:request_uri:");
        assertThat(web.json().path("expires_in").asInt()).isPositive();
        return server.oidcEndpoint("auth") + "?client_id=" + flow.client().clientId() + "&request_uri="
                + URLEncoder.encode(web.text("request_uri"), StandardCharsets.UTF_8);
    }

    /** The browser's code at the token endpoint: the journey's PKCE verifier, the redirect URI the browser used. */
    private static JsonResponse redeem(SimptelServer server, RealmFlows.FlowClient flow, ChallengeApi api, String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("code_verifier", api.pkce().verifier());
        form.put("redirect_uri", RealmFlows.REDIRECT_URI);
        return new OidcClient(server, SimptelServer.REALM, flow.client().clientId(), null, RealmFlows.REDIRECT_URI)
                .token(form, OidcClient.Auth.NONE);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
