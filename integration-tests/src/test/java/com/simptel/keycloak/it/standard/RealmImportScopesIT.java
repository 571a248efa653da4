package com.simptel.keycloak.it.standard;

import com.simptel.keycloak.it.support.DemoUserLogins;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.harness.DemoUsers.DemoUser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientScopeRepresentation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm files import with Keycloak's built-in client scopes on every Keycloak the tests run
 * (26.4, 26.5 and 26.7: see the capability pass in docs/operations.md). Realm {@code simptel}
 * defines scopes of its own and asks for the built-in ones with {@code CreateDefaultClientScopes},
 * which Keycloak reads from 26.7 on and the JAR's {@code builtin-client-scopes} listener applies
 * before; realm {@code simptel-external} defines none, so Keycloak creates them itself.
 */
@SimptelIT
class RealmImportScopesIT {

    /** Keycloak's built-in OIDC scopes in 26.4 to 26.7: every client gets these as default ... */
    private static final List<String> BUILT_IN_DEFAULT = List.of("profile", "email", "roles", "web-origins", "acr",
            "basic");
    /** ... and these as optional. */
    private static final List<String> BUILT_IN_OPTIONAL = List.of("offline_access", "address", "phone",
            "microprofile-jwt");

    private final SimptelServer server;

    RealmImportScopesIT(SimptelServer server) {
        this.server = server;
    }

    @ParameterizedTest
    @ValueSource(strings = {SimptelServer.REALM, SimptelServer.EXTERNAL_REALM})
    void realmHasTheBuiltInScopesAsRealmDefaultsAndNoLeftoverAttribute(String realmName) {
        RealmResource realm = server.admin().realm(realmName);

        assertThat(names(realm.clientScopes().findAll())).containsAll(BUILT_IN_DEFAULT).containsAll(BUILT_IN_OPTIONAL);
        assertThat(names(realm.getDefaultDefaultClientScopes())).containsAll(BUILT_IN_DEFAULT);
        assertThat(names(realm.getDefaultOptionalClientScopes())).containsAll(BUILT_IN_OPTIONAL);
        assertThat(realm.toRepresentation().getAttributesOrEmpty()).doesNotContainKey("CreateDefaultClientScopes");
    }

    @ParameterizedTest
    @ValueSource(strings = {SimptelServer.REALM, SimptelServer.EXTERNAL_REALM})
    void keycloaksOwnAccountConsoleHasTheBuiltInScopes(String realmName) {
        ClientResource console = client(realmName, "account-console");

        assertThat(names(console.getDefaultClientScopes())).containsAll(BUILT_IN_DEFAULT)
                .doesNotContain("simptel-claims", "simptel-sessions");
        assertThat(names(console.getOptionalClientScopes())).containsAll(BUILT_IN_OPTIONAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"simptel-web", "simptel-spa", "simptel-app", "simptel-service"})
    void simptelClientsHaveTheBuiltInAndTheSimptelScopes(String clientId) {
        ClientResource client = client(SimptelServer.REALM, clientId);

        assertThat(names(client.getDefaultClientScopes())).containsAll(BUILT_IN_DEFAULT)
                .contains("simptel-claims", "simptel-sessions");
        assertThat(names(client.getOptionalClientScopes())).containsAll(BUILT_IN_OPTIONAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"simptel-web", "simptel-spa"})
    void demoUserGetsProfileAndEmailAtSimptelClients(String clientId) throws Exception {
        DemoUser alice = DemoUserLogins.user(server, SimptelServer.REALM, "alice");
        OidcClient client = "simptel-web".equals(clientId) ? OidcClient.web(server) : OidcClient.spa(server);

        // login() asks for "openid profile email"; without the built-in scopes Keycloak refuses it
        JsonResponse tokens = DemoUserLogins.signIn(server, client, alice, alice.username());

        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.text("scope").split(" ")).contains("openid", "profile", "email");
        var claims = Jwt.claims(tokens.text("id_token"));
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
        assertThat(claims.getStringClaim("email")).isEqualTo(alice.email());
    }

    private ClientResource client(String realmName, String clientId) {
        RealmResource realm = server.admin().realm(realmName);
        return realm.clients().get(realm.clients().findByClientId(clientId).get(0).getId());
    }

    private static List<String> names(List<ClientScopeRepresentation> scopes) {
        return scopes.stream().map(ClientScopeRepresentation::getName).toList();
    }
}
