package com.simptel.keycloak.it.standard;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.support.AdminApi;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients made through the admin REST API with the minimal JSON that kcadm, Terraform or a script
 * send: the realm's OAuth 2.1 client policy completes what they leave out (201 and a conforming
 * client), and refuses with a 400 naming the setting what OAuth 2.1 forbids. Never a 5xx.
 */
@SimptelIT
class AdminToolClientsIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final String PKCE = "\"attributes\":{\"pkce.code.challenge.method\":\"S256\"}";

    private final SimptelServer server;
    private final AdminApi admin;
    private final List<String> created = new ArrayList<>();

    AdminToolClientsIT(SimptelServer server) {
        this.server = server;
        this.admin = new AdminApi(server);
    }

    @AfterEach
    void deleteCreatedClients() {
        for (String id : created) {
            server.realm().clients().get(id).remove();
        }
        created.clear();
    }

    @ParameterizedTest(name = "{0}, PKCE attribute sent: {1}")
    @CsvSource({"spa,false", "spa,true", "web,false", "web,true", "service,false", "service,true"})
    void minimalJsonGets201AndAClientThatConformsToOAuth21(String kind, boolean withPkceAttribute) {
        String clientId = "it-tool-" + kind + "-" + UUID.randomUUID().toString().substring(0, 8);
        String json = switch (kind) {
            case "spa" -> "{\"clientId\":\"" + clientId + "\",\"publicClient\":true,"
                    + "\"redirectUris\":[\"http://localhost:9999/cb\"]";
            case "web" -> "{\"clientId\":\"" + clientId + "\",\"publicClient\":false,"
                    + "\"redirectUris\":[\"http://localhost:9998/cb\"]";
            default -> "{\"clientId\":\"" + clientId + "\",\"publicClient\":false,"
                    + "\"serviceAccountsEnabled\":true,\"standardFlowEnabled\":false";
        } + (withPkceAttribute ? "," + PKCE : "") + "}";

        JsonNode client = create(json);

        assertConforming(client);
        assertThat(client.path("clientId").asText()).isEqualTo(clientId);
        assertThat(client.path("publicClient").asBoolean()).isEqualTo(kind.equals("spa"));
        assertThat(client.path("standardFlowEnabled").asBoolean()).isEqualTo(!kind.equals("service"));
        assertThat(client.path("serviceAccountsEnabled").asBoolean()).isEqualTo(kind.equals("service"));
        if (kind.equals("service")) {
            String secret = server.realm().clients().get(client.path("id").asText()).getSecret().getValue();
            JsonResponse token = new OidcClient(server, SimptelServer.REALM, clientId, secret, null)
                    .clientCredentials(OidcClient.Auth.BASIC);
            assertThat(token.status()).as(token.body()).isEqualTo(200);
        }
    }

    @Test
    void aMinimalSpaSignsInWithPkceS256AndIsRefusedWithout() {
        JsonNode client = create("{\"clientId\":\"it-tool-login-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"publicClient\":true,\"redirectUris\":[\"http://localhost:9999/cb\"]}");
        OidcClient spa = new OidcClient(server, SimptelServer.REALM, client.path("clientId").asText(), null,
                "http://localhost:9999/cb");

        TestUser user = users.create("tool-login");
        JsonResponse tokens = spa.login(new HttpBrowser(server.baseUrl()), user.username(), user.password());
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.text("access_token")).isNotBlank();
        Map<String, String> error = spa.redirectParamsTo(new HttpBrowser(server.baseUrl())
                .open(spa.authorizationUrl(null, "s", "openid")));
        assertThat(error).containsEntry("error", "invalid_request").doesNotContainKey("code");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"attributes\":{\"pkce.code.challenge.method\":\"plain\"}|pkce.code.challenge.method|S256",
            "\"implicitFlowEnabled\":true|implicitFlowEnabled|false",
            "\"directAccessGrantsEnabled\":true|directAccessGrantsEnabled|false"})
    void askingForWhatOAuth21ForbidsIs400NamingTheSetting(String setting, String field, String value) {
        String clientId = "it-tool-refused-" + UUID.randomUUID().toString().substring(0, 8);

        JsonResponse response = admin.post("/clients", "{\"clientId\":\"" + clientId + "\",\"publicClient\":true,"
                + "\"redirectUris\":[\"http://localhost:9999/cb\"]," + setting + "}");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.text("error")).isEqualTo("invalid_client_metadata");
        assertThat(response.text("error_description")).contains(field, value);
        assertThat(server.realm().clients().findByClientId(clientId)).isEmpty();
    }

    @Test
    void partialUpdatesKeepTheClientConformingOrAre400() {
        JsonNode client = create("{\"clientId\":\"it-tool-update-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"publicClient\":true,\"redirectUris\":[\"http://localhost:9999/cb\"]}");
        String path = "/clients/" + client.path("id").asText();

        assertThat(admin.put(path, "{\"description\":\"changed by a script\"}").status()).isEqualTo(204);
        assertThat(admin.put(path, "{\"attributes\":{\"pkce.code.challenge.method\":\"\"}}").status()).isEqualTo(204);
        assertThat(admin.put(path, "{\"attributes\":{\"post.logout.redirect.uris\":\"http://localhost:9999/\"}}")
                .status()).isEqualTo(204);
        JsonNode updated = admin.get(path).json();
        assertConforming(updated);
        assertThat(updated.path("description").asText()).isEqualTo("changed by a script");
        assertThat(updated.path("attributes").path("post.logout.redirect.uris").asText()).isEqualTo("http://localhost:9999/");

        for (String refused : List.of("{\"directAccessGrantsEnabled\":true}", "{\"implicitFlowEnabled\":true}",
                "{\"attributes\":{\"pkce.code.challenge.method\":\"plain\"}}")) {
            JsonResponse response = admin.put(path, refused);
            assertThat(response.status()).as(refused + " -> " + response.body()).isEqualTo(400);
            assertThat(response.text("error_description")).contains("OAuth 2.1");
        }
        assertConforming(admin.get(path).json());
    }

    private JsonNode create(String json) {
        JsonResponse response = admin.post("/clients", json);
        assertThat(response.status()).as(json + " -> " + response.body()).isEqualTo(201);
        String id = AdminApi.createdId(response);
        created.add(id);
        return admin.get("/clients/" + id).json();
    }

    private static void assertConforming(JsonNode client) {
        assertThat(client.path("attributes").path("pkce.code.challenge.method").asText()).as(client.toString())
                .isEqualTo("S256");
        assertThat(client.path("implicitFlowEnabled").asBoolean(true)).as(client.toString()).isFalse();
        assertThat(client.path("directAccessGrantsEnabled").asBoolean(true)).as(client.toString()).isFalse();
    }
}
