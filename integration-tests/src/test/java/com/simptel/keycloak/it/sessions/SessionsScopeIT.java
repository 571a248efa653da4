package com.simptel.keycloak.it.sessions;

import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.RealmFixtures;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.ClientScopeResource;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientScopeRepresentation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sessions API's own scope, simptel-sessions: a realm default client scope, so every client
 * has it; an admin who removes it from a client takes the API away from that client's tokens
 * (403 insufficient_scope, RFC 6750 3.1), and adding it back gives it back.
 */
@SimptelIT
class SessionsScopeIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    static final String SCOPE = "simptel-sessions";

    @Test
    void theRealmsClientsTokensCarryTheScopeAndWork(SimptelServer server) {
        TestUser user = users.create("scope-ok");
        for (SessionLogin login : List.of(SessionLogin.web(server, user), SessionLogin.spa(server, user))) {
            assertThat(SessionLogin.claims(login.accessToken()).path("scope").asText().split(" ")).contains(SCOPE);
            assertThat(login.api(server).current().status()).isEqualTo(200);
        }
    }

    @Test
    void removingTheScopeFromAClientTakesTheApiAwayAndAddingItBackGivesItBack(SimptelServer server) {
        String redirectUri = "http://localhost:9995/cb";
        try (RealmFixtures.TestClient client = RealmFixtures.createClientFromJson(server, "{\"clientId\":\"it-scope-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"publicClient\":false,\"redirectUris\":[\""
                + redirectUri + "\"]}")) {
            OidcClient oidc = new OidcClient(server, SimptelServer.REALM, client.clientId(), client.secret(), redirectUri);
            TestUser user = users.create("scope");
            SessionLogin login = SessionLogin.through(server, oidc, user);
            SessionsApi api = login.api(server);
            assertThat(api.current().status()).isEqualTo(200);

            ClientResource admin = server.realm().clients().get(client.id());
            admin.removeDefaultClientScope(scopeId(server.realm()));

            for (JsonResponse refused : List.of(api.current(), api.list(), api.put("{\"a\":1}"),
                    api.logoutMany("others"), api.byId(login.sessionId()))) {
                assertInsufficientScope(refused);
            }
            SessionLogin withoutScope = SessionLogin.through(server, oidc, user);
            assertThat(SessionLogin.claims(withoutScope.accessToken()).path("scope").asText().split(" "))
                    .doesNotContain(SCOPE);
            assertInsufficientScope(withoutScope.api(server).current());
            JsonResponse fromBrowser = withoutScope.api(server).with(Map.of("Origin", "http://localhost:9995")).list();
            assertInsufficientScope(fromBrowser);
            assertThat(fromBrowser.header("Access-Control-Allow-Origin")).as("a page may read why").isNotNull();

            admin.addDefaultClientScope(scopeId(server.realm()));

            JsonResponse again = api.list();
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().size()).as("the refused logout of the others logged out nothing").isEqualTo(2);
            assertThat(api.current().json().path("data").path("MFAInputsBucket").has("a"))
                    .as("the refused write wrote nothing").isFalse();
            assertInsufficientScope(withoutScope.api(server).current()); // issued without the scope: stays without
        }
    }

    @Test
    void aServiceAccountNeedsTheScopeForTheByIdEndpointsToo(SimptelServer server) {
        try (RealmFixtures.TestClient client = RealmFixtures.createClientFromJson(server, "{\"clientId\":\"it-scope-sa-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"publicClient\":false,"
                + "\"serviceAccountsEnabled\":true,\"standardFlowEnabled\":false}")) {
            RealmResource realm = server.realm();
            String managementId = realm.clients().findByClientId("realm-management").get(0).getId();
            realm.users().get(realm.clients().get(client.id()).getServiceAccountUser().getId()).roles()
                    .clientLevel(managementId).add(List.of(realm.clients().get(managementId).roles().get("view-users")
                            .toRepresentation()));
            SessionLogin someone = SessionLogin.web(server, users.create("scope-target"));
            OidcClient service = RealmFixtures.oidc(server, client);

            String token = service.clientCredentials(OidcClient.Auth.BASIC).text("access_token");
            assertThat(new SessionsApi(server, token).byId(someone.sessionId()).status()).isEqualTo(200);

            realm.clients().get(client.id()).removeDefaultClientScope(scopeId(realm));
            String without = service.clientCredentials(OidcClient.Auth.BASIC).text("access_token");
            assertInsufficientScope(new SessionsApi(server, without).byId(someone.sessionId()));
            assertInsufficientScope(new SessionsApi(server, token).byId(someone.sessionId()));
        }
    }

    /**
     * Issue 18: the API takes only tokens meant for it. A token that names the scope but lacks the API's
     * audience (here: an admin removed the scope's audience mapper) is refused; with the mapper back,
     * new tokens carry audience simptel-sessions and work.
     */
    @Test
    void aTokenWithoutTheSessionsAudienceGets403(SimptelServer server) {
        TestUser user = users.create("aud");
        SessionLogin with = SessionLogin.web(server, user);
        assertThat(audiences(with.accessToken())).contains(SCOPE);
        assertThat(with.api(server).current().status()).isEqualTo(200);

        ClientScopeResource scope = server.realm().clientScopes().get(scopeId(server.realm()));
        ProtocolMapperRepresentation mapper = scope.getProtocolMappers().getMappers().stream()
                .filter(m -> "oidc-audience-mapper".equals(m.getProtocolMapper())).findFirst().orElseThrow();
        scope.getProtocolMappers().delete(mapper.getId());
        try {
            SessionLogin without = SessionLogin.web(server, user);
            assertThat(SessionLogin.claims(without.accessToken()).path("scope").asText().split(" ")).contains(SCOPE);
            assertThat(audiences(without.accessToken())).doesNotContain(SCOPE);
            assertInsufficientScope(without.api(server).current());
            assertInsufficientScope(without.api(server).list());
        } finally {
            mapper.setId(null);
            scope.getProtocolMappers().createMapper(mapper).close();
        }
        assertThat(SessionLogin.web(server, user).api(server).current().status()).isEqualTo(200);
    }

    /**
     * A third-party client that must ask for consent, with the scope optional: its token carries the
     * API's audience only when the user was asked for, and agreed to, "See and end your sign-in sessions".
     */
    @Test
    void aThirdPartyClientGetsTheApiOnlyWithTheUsersConsent(SimptelServer server) {
        String redirectUri = "http://localhost:9994/cb";
        try (RealmFixtures.TestClient client = RealmFixtures.createClientFromJson(server, "{\"clientId\":\"it-third-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"publicClient\":false,\"consentRequired\":true,"
                + "\"redirectUris\":[\"" + redirectUri + "\"],\"defaultClientScopes\":[\"basic\",\"profile\",\"email\"],"
                + "\"optionalClientScopes\":[\"" + SCOPE + "\"]}")) {
            OidcClient oidc = new OidcClient(server, SimptelServer.REALM, client.clientId(), client.secret(), redirectUri);
            TestUser user = users.create("consent");

            String plain = consentedToken(server, oidc, user, "openid", true);
            assertThat(audiences(plain)).doesNotContain(SCOPE);
            assertInsufficientScope(new SessionsApi(server, plain).current());

            HttpBrowser declining = new HttpBrowser(server.baseUrl());
            declining.stopAt(redirectUri);
            Page consent = LoginPage.signIn(declining.open(oidc.authorizationUrl(Pkce.s256(), "s", "openid " + SCOPE)),
                    user.username(), user.password());
            assertThat(consent.text()).contains("See and end your sign-in sessions");
            Page declined = consent.form("form:has(input[name=code])").submit("cancel", "");
            assertThat(oidc.redirectParamsTo(declined)).containsEntry("error", "access_denied").doesNotContainKey("code");

            String granted = consentedToken(server, oidc, user, "openid " + SCOPE, true);
            assertThat(audiences(granted)).contains(SCOPE);
            assertThat(new SessionsApi(server, granted).current().status()).isEqualTo(200);
        }
    }

    /** Signs in, accepts the consent page when it shows, redeems the code. */
    private static String consentedToken(SimptelServer server, OidcClient oidc, TestUser user, String scope, boolean accept) {
        HttpBrowser browser = new HttpBrowser(server.baseUrl());
        browser.stopAt(oidc.redirectUri());
        Pkce pkce = Pkce.s256();
        Page page = LoginPage.signIn(browser.open(oidc.authorizationUrl(pkce, "s", scope)), user.username(), user.password());
        if (!page.isRedirect()) {
            assertThat(page.hasElement("input[name=accept], button[name=accept]")).as(page.text()).isTrue();
            page = page.form("form:has(input[name=code])").submit(accept ? "accept" : "cancel", "");
        }
        JsonResponse tokens = oidc.exchangeCode(oidc.redirectParamsTo(page).get("code"), pkce.verifier(), OidcClient.Auth.BASIC);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens.text("access_token");
    }

    private static List<String> audiences(String jwt) {
        com.fasterxml.jackson.databind.JsonNode aud = SessionLogin.claims(jwt).path("aud");
        List<String> values = new java.util.ArrayList<>();
        if (aud.isArray()) {
            aud.forEach(a -> values.add(a.asText()));
        } else if (!aud.isMissingNode()) {
            values.add(aud.asText());
        }
        return values;
    }

    private static String scopeId(RealmResource realm) {
        return realm.clientScopes().findAll().stream().filter(s -> s.getName().equals(SCOPE))
                .map(ClientScopeRepresentation::getId).findFirst().orElseThrow();
    }

    private static void assertInsufficientScope(JsonResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.json().path("error").asText()).isEqualTo("insufficient_scope");
        String description = r.json().path("error_description").asText();
        assertThat(description).contains(SCOPE);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"simptel\", error=\"insufficient_scope\","
                + " error_description=\"" + description + "\", scope=\"" + SCOPE + "\"");
    }
}
