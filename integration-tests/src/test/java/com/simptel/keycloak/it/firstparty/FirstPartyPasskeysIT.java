package com.simptel.keycloak.it.firstparty;

import com.simptel.keycloak.it.firstparty.RealmFlows.Step;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.RealBrowser;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.SoftwarePasskey;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys and WebAuthn over JSON. A user registers a passkey and a security key in Chromium (its
 * virtual authenticator makes real credentials), and the test then signs in over JSON with
 * assertions made from those credentials' keys: a passkey offered on the realm's own login step
 * (passkeys enabled, as Keycloak 26.4+ can), and WebAuthn as the second factor of a client's flow.
 */
@SimptelIT
class FirstPartyPasskeysIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static Boolean passkeysBefore;

    @BeforeAll
    static void enablePasskeys(SimptelServer server) {
        RealmRepresentation realm = server.realm().toRepresentation();
        passkeysBefore = realm.getWebAuthnPolicyPasswordlessPasskeysEnabled();
        realm.setWebAuthnPolicyPasswordlessPasskeysEnabled(true);
        server.realm().update(realm);
    }

    @AfterAll
    static void restore(SimptelServer server) {
        RealmRepresentation realm = server.realm().toRepresentation();
        realm.setWebAuthnPolicyPasswordlessPasskeysEnabled(passkeysBefore);
        server.realm().update(realm);
    }

    @Test
    void aPasskeyAndASecurityKeyRegisteredInTheBrowserSignInOverJson(SimptelServer server) {
        TestUser user = users.user("fp-passkey").requiredActions("webauthn-register-passwordless", "webauthn-register").create();
        List<Credential> credentials = registerInChromium(server, user);
        assertThat(credentials).hasSize(2);
        List<CredentialRepresentation> stored = server.realm().users().get(user.id()).credentials();
        String passwordlessId = stored.stream().filter(c -> "webauthn-passwordless".equals(c.getType())).findFirst()
                .orElseThrow().getId();
        assertThat(stored).anyMatch(c -> "webauthn".equals(c.getType()));

        // the realm's own login step offers a password and a passkey
        ChallengeApi api = ChallengeApi.app(server);
        JsonResponse first = api.start(Map.of());
        assertThat(first.status()).isEqualTo(403);
        assertThat(first.text("next")).isEqualTo("password");
        assertThat(first.json().path("webauthn").path("challenge").asText()).isNotBlank();
        assertThat(first.json().path("webauthn").path("rpId").asText()).isEqualTo("localhost");

        SoftwarePasskey passkey = passkeyFor(credentials, server, stored, passwordlessId);
        JsonResponse code = api.next(first.text("auth_session"),
                passkey.assertion(first.json().path("webauthn"), server.baseUrl()));
        assertThat(code.status()).as(code.body()).isEqualTo(200);
        assertThat(api.redeem(code.text("authorization_code")).status()).isEqualTo(200);

        // a replayed assertion (same challenge, same signature) is refused
        ChallengeApi replay = ChallengeApi.app(server);
        JsonResponse fresh = replay.start(Map.of());
        JsonResponse refused = replay.next(fresh.text("auth_session"),
                passkey.assertion(first.json().path("webauthn"), server.baseUrl()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().has("authorization_code")).isFalse();

        // WebAuthn as the second factor of a client's flow
        try (RealmFlows.FlowClient flow = RealmFlows.clientWithBrowserFlow(server,
                Step.required("auth-username-password-form"), Step.required("webauthn-authenticator"))) {
            ChallengeApi twoFactor = ChallengeApi.publicClient(server, flow.client().clientId());
            JsonResponse second = twoFactor.start(Map.of("username", user.username(), "password", user.password()));
            assertThat(second.status()).as(second.body()).isEqualTo(403);
            assertThat(second.text("next")).isEqualTo("webauthn");
            String allowed = second.json().path("webauthn").path("allowCredentials").get(0).path("id").asText();
            SoftwarePasskey key = credentials.stream().map(SoftwarePasskey::new).filter(k -> k.id().equals(allowed))
                    .findFirst().orElseThrow();
            JsonResponse wrongOrigin = twoFactor.next(second.text("auth_session"),
                    key.assertion(second.json().path("webauthn"), "https://attacker.example"));
            assertThat(wrongOrigin.status()).isEqualTo(403);
            assertThat(wrongOrigin.text("next")).isEqualTo("webauthn");
            JsonResponse done = twoFactor.next(second.text("auth_session"),
                    key.assertion(wrongOrigin.json().path("webauthn"), server.baseUrl()));
            assertThat(done.status()).as(done.body()).isEqualTo(200);
        }
    }

    /** The passkey: the credential that is not in the security-key answer's list, picked by elimination. */
    private static SoftwarePasskey passkeyFor(List<Credential> credentials, SimptelServer server,
                                              List<CredentialRepresentation> stored, String passwordlessId) {
        Map<String, SoftwarePasskey> byId = new HashMap<>();
        credentials.forEach(c -> byId.put(new SoftwarePasskey(c).id(), new SoftwarePasskey(c)));
        String data = stored.stream().filter(c -> c.getId().equals(passwordlessId)).findFirst().orElseThrow().getCredentialData();
        return byId.entrySet().stream().filter(e -> data.contains(e.getKey()) || data.contains(standard(e.getKey())))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
    }

    private static String standard(String base64Url) {
        String s = base64Url.replace('-', '+').replace('_', '/');
        return s + "==".substring(0, (4 - s.length() % 4) % 4);
    }

    /** Signs in in Chromium and registers both credentials through the required actions. */
    private static List<Credential> registerInChromium(SimptelServer server, TestUser user) {
        OidcClient spa = OidcClient.spa(server);
        try (RealBrowser browser = RealBrowser.start(server, "en")) {
            VirtualAuthenticator authenticator = ((HasVirtualAuthenticator) browser.driver()).addVirtualAuthenticator(
                    new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                            .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                            .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
            browser.driver().get(spa.authorizationUrl(Pkce.s256(), "s", "openid"));
            LoginPage.signIn(browser, user.username(), user.password());
            for (int i = 0; i < 2; i++) {
                int registered = authenticator.getCredentials().size();
                browser.waitUntil(d -> d.findElement(By.id("registerWebAuthn"))).click();
                Alert label = browser.waitUntil(ExpectedConditions.alertIsPresent()::apply);
                label.sendKeys("key " + i);
                label.accept();
                browser.waitUntil(d -> authenticator.getCredentials().size() > registered ? Boolean.TRUE : null);
            }
            browser.waitUntil(d -> d.getCurrentUrl().startsWith(spa.redirectUri()) ? Boolean.TRUE : null);
            browser.screenshot("first-party-passkeys-registered");
            return authenticator.getCredentials();
        }
    }
}
