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
import org.keycloak.admin.client.resource.ClientResource;
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
