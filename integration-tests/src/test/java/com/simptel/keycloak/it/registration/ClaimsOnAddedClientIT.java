package com.simptel.keycloak.it.registration;

import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.RealmFixtures;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.simptel.keycloak.it.support.Jwt.claim;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auth_mode and permission claims come from the realm default client scope simptel-claims,
 * so a client that a realm admin adds after import carries them as the realm-config clients do.
 */
@SimptelIT
class ClaimsOnAddedClientIT {

    /** Keycloak's own default scopes, which a realm file with client scopes of its own must keep. */
    static final List<String> KEYCLOAK_DEFAULTS = List.of("profile", "email", "roles", "web-origins", "acr", "basic");

    @Test
    void aClientAddedThroughTheAdminApiGetsAuthModeRegistrationAndThePermissionClaim(SimptelServer server)
            throws Exception {
        String redirectUri = "http://localhost:9997/cb";
        try (RealmFixtures.TestClient client = RealmFixtures.createClientFromJson(server, "{\"clientId\":\"it-added-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"publicClient\":false,\"redirectUris\":[\""
                + redirectUri + "\"]}")) {
            assertThat(server.realm().clients().get(client.id()).getDefaultClientScopes())
                    .extracting(ClientScopeRepresentation::getName)
                    .containsAll(KEYCLOAK_DEFAULTS).contains("simptel-claims", "simptel-sessions");
            OidcClient oidc = new OidcClient(server, SimptelServer.REALM, client.clientId(), client.secret(), redirectUri);

            EmailCodeJourney person = EmailCodeJourney.newPerson(server, oidc);
            person.registerFromScratch();
            person.enterCode(person.code(1));
            JsonResponse tokens = person.tokens();

            assertThat(claim(tokens.text("access_token"), "auth_mode")).isEqualTo("registration");
            assertThat(claim(tokens.text("id_token"), "auth_mode")).isEqualTo("registration");
            assertThat(oidc.userinfo(tokens.text("access_token")).text("auth_mode")).isEqualTo("registration");
            Map<String, Object> permission = Jwt.claims(tokens.text("access_token"))
                    .getJSONObjectClaim("permission");
            assertThat(permission).containsOnlyKeys("create", "read", "update", "delete");
            assertThat(claim(tokens.text("access_token"), "scope")).contains("simptel-sessions");
        }
    }

    @Test
    void theRealmKeepsKeycloaksDefaultScopesAndAddsSimptels(SimptelServer server) {
        RealmResource realm = server.realm();
        assertThat(realm.getDefaultDefaultClientScopes()).extracting(ClientScopeRepresentation::getName)
                .containsAll(KEYCLOAK_DEFAULTS).contains("simptel-claims", "simptel-sessions");
        assertThat(realm.getDefaultOptionalClientScopes()).extracting(ClientScopeRepresentation::getName)
                .contains("offline_access", "address", "phone");
        for (String clientId : List.of("simptel-web", "simptel-spa", "simptel-service", "simptel-resource-server")) {
            String id = realm.clients().findByClientId(clientId).get(0).getId();
            assertThat(realm.clients().get(id).getDefaultClientScopes()).as(clientId)
                    .extracting(ClientScopeRepresentation::getName)
                    .containsAll(KEYCLOAK_DEFAULTS).contains("simptel-claims", "simptel-sessions");
            assertThat(realm.clients().get(id).getProtocolMappers().getMappers()).as(clientId + ": no own copies")
                    .extracting(ProtocolMapperRepresentation::getProtocolMapper)
                    .doesNotContain("simptel-auth-mode-mapper", "simptel-permission-mapper");
        }
        ClientScopeRepresentation claims = realm.clientScopes().findAll().stream()
                .filter(s -> s.getName().equals("simptel-claims")).findFirst().orElseThrow();
        assertThat(claims.getProtocolMappers()).extracting(ProtocolMapperRepresentation::getProtocolMapper)
                .containsExactlyInAnyOrder("simptel-auth-mode-mapper", "simptel-permission-mapper");
    }
}
