package com.simptel.keycloak.it.standard;

import com.nimbusds.jwt.JWTClaimsSet;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.OidcClient.Auth;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in through an external OpenID provider. The realm brokers to the
 * OIDC identity provider {@code external-oidc}; for the demo and the tests that provider is realm
 * {@code simptel-external} on the same server, where erin lives.
 *
 * <p>No "review profile" page appears on first login: the realm's first-broker-login flow keeps
 * Keycloak's default {@code update.profile.on.first.login=missing}, and the provider sends every
 * attribute the user profile requires (username, email, first and last name), with the email
 * trusted (trustEmail). A provider that sends less gets the page, as it should.
 */
@SimptelIT
class ExternalProviderLoginIT {

    private static final String IDP = "external-oidc";

    private final SimptelServer server;

    ExternalProviderLoginIT(SimptelServer server) {
        this.server = server;
    }

    /** Each run starts as erin's very first visit: no brokered erin in realm simptel. */
    @BeforeEach
    @AfterEach
    void removeBrokeredErin() {
        for (UserRepresentation user : server.realm().users().search("erin", true)) {
            server.realm().users().delete(user.getId()).close();
        }
    }

    @Test
    void signsInThroughTheExternalProviderAndGetsTokensForTheBrokeredUser() throws Exception {
        OidcClient web = OidcClient.web(server);
        HttpBrowser browser = new HttpBrowser(server.baseUrl());
        Pkce pkce = Pkce.s256();
        String state = UUID.randomUUID().toString();
        Map<String, String> params = web.authorizationParams(pkce, state, "openid profile email");
        params.put("kc_idp_hint", IDP);

        Page externalLogin = browser.open(web.authorizationUrl(params));

        assertThat(externalLogin.uri().getPath()).startsWith("/realms/simptel-external/");
        assertThat(externalLogin.html().title()).isEqualTo("Sign in to External OpenID provider (demo)");
        Page back = LoginPage.signIn(externalLogin, "erin", "erin-password");

        Map<String, String> redirect = web.redirectParamsTo(back);
        assertThat(redirect).containsEntry("state", state).containsEntry("iss", server.realmUrl());
        JsonResponse tokens = web.exchangeCode(redirect.get("code"), pkce.verifier(), Auth.BASIC);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        JWTClaimsSet access = Jwt.claims(tokens.text("access_token"));
        assertThat(access.getIssuer()).isEqualTo(server.realmUrl());
        assertThat(access.getStringClaim("preferred_username")).isEqualTo("erin");
        assertThat(access.getStringClaim("email")).isEqualTo("erin@external.example");

        List<UserRepresentation> brokered = server.realm().users().search("erin", true);
        assertThat(brokered).hasSize(1);
        assertThat(brokered.get(0).getId()).isEqualTo(access.getSubject());
        assertThat(brokered.get(0).isEmailVerified()).isTrue();
        String externalErinId = server.admin().realm(SimptelServer.EXTERNAL_REALM).users().search("erin", true)
                .get(0).getId();
        List<FederatedIdentityRepresentation> links = server.realm().users().get(brokered.get(0).getId())
                .getFederatedIdentity();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getIdentityProvider()).isEqualTo(IDP);
        assertThat(links.get(0).getUserId()).isEqualTo(externalErinId);
        assertThat(links.get(0).getUserName()).isEqualTo("erin");

        // Logging out of simptel also logs out of the external provider, and comes back with the state.
        String logoutState = UUID.randomUUID().toString();
        Page loggedOut = browser.open(web.url("logout", Map.of("client_id", web.clientId(),
                "id_token_hint", tokens.text("id_token"), "post_logout_redirect_uri", "http://localhost:3000/logged-out",
                "state", logoutState)));
        assertThat(loggedOut.isRedirect()).as(loggedOut.status() + " " + loggedOut.text()).isTrue();
        assertThat(loggedOut.redirectParams()).containsEntry("state", logoutState);
        Page externalAgain = browser.open(web.authorizationUrl(params));
        assertThat(externalAgain.uri().getPath()).startsWith("/realms/simptel-external/");
        assertThat(LoginPage.isShown(externalAgain)).as("erin must sign in at the provider again").isTrue();
    }
}
