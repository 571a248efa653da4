package com.simptel.keycloak.it.standard;

import com.simptel.keycloak.it.support.LoginPage;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization and token endpoints as OAuth 2.1 has them: what the realm refuses, as a
 * client sees it. Authorization-endpoint errors come back on the client's redirect URI (with its
 * state) once the redirect URI is known good; a wrong redirect URI gets Keycloak's error page and
 * no redirect at all.
 */
@SimptelIT
class OAuth21ProfileIT {

    private final SimptelServer server;

    OAuth21ProfileIT(SimptelServer server) {
        this.server = server;
    }

    @ParameterizedTest
    @ValueSource(strings = {"simptel-spa", "simptel-web"})
    void authorizationWithoutCodeChallengeIsRefused(String clientId) {
        OidcClient client = client(clientId);
        String state = UUID.randomUUID().toString();

        Page page = new HttpBrowser(server.baseUrl()).open(client.authorizationUrl(null, state, "openid"));

        Map<String, String> error = client.redirectParamsTo(page);
        assertThat(error).containsEntry("error", "invalid_request").containsEntry("state", state)
                .doesNotContainKey("code");
        assertThat(error.get("error_description")).contains("code_challenge_method");
    }

    @Test
    void plainCodeChallengeIsRefusedWhereS256IsEnforced() {
        OidcClient spa = OidcClient.spa(server);
        Pkce pkce = Pkce.s256();
        Map<String, String> params = authorizationParams(spa, "code", null);
        params.put("code_challenge", pkce.verifier()); // plain: the challenge is the verifier itself
        params.put("code_challenge_method", "plain");

        Page page = new HttpBrowser(server.baseUrl()).open(spa.authorizationUrl(params));

        Map<String, String> error = spa.redirectParamsTo(page);
        assertThat(error).containsEntry("error", "invalid_request").containsEntry("state", params.get("state"))
                .doesNotContainKey("code");
        assertThat(error.get("error_description")).contains("code challenge method");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://localhost:5173/other",
            "http://localhost:5173/callback/",
            "http://localhost:5173/callback?next=/admin",
            "http://localhost:5173/callback/../evil",
            "http://127.0.0.1:5173/callback",
            "https://evil.example/callback"})
    void redirectUriMustMatchExactlyOrKeycloakShowsAnErrorPageWithoutRedirecting(String redirectUri) {
        OidcClient spa = OidcClient.spa(server);
        Map<String, String> params = authorizationParams(spa, "code", Pkce.s256());
        params.put("redirect_uri", redirectUri);

        Page page = new HttpBrowser(server.baseUrl()).open(spa.authorizationUrl(params));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.isRedirect()).isFalse();
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.text()).contains("Invalid parameter: redirect_uri");
        assertThat(LoginPage.isShown(page)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "id_token token"})
    void implicitFlowIsRefused(String responseType) {
        OidcClient spa = OidcClient.spa(server);
        Map<String, String> params = authorizationParams(spa, responseType, Pkce.s256());

        Page page = new HttpBrowser(server.baseUrl()).open(spa.authorizationUrl(params));

        Map<String, String> error = spa.redirectParamsTo(page);
        assertThat(error).containsEntry("error", "unauthorized_client").containsEntry("state", params.get("state"))
                .doesNotContainKeys("access_token", "id_token", "code");
        assertThat(error.get("error_description")).contains("Implicit flow is disabled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simptel-web", "simptel-spa", "simptel-service"})
    void passwordGrantIsRefused(String clientId) {
        OidcClient client = client(clientId);
        Map<String, String> form = Map.of("grant_type", "password", "username", "alice",
                "password", "alice-password", "scope", "openid");

        JsonResponse response = client.token(form, clientId.equals("simptel-spa") ? OidcClient.Auth.NONE
                : OidcClient.Auth.BASIC);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.text("error")).isEqualTo("unauthorized_client");
        assertThat(response.json().has("access_token")).isFalse();
    }

    /**
     * The refusals above hold because each client is configured so. The realm's client policy
     * (simptel-oauth21-client-settings, pkce-enforcer, reject-implicit-grant, reject-ropc-grant on
     * any client) makes sure a client added later through the admin console or API cannot be
     * configured otherwise: what a request leaves out is set (AdminToolClientsIT), what it asks
     * against the profile is refused.
     */
    @Test
    void realmPolicyRefusesToRegisterClientsOutsideTheProfile() {
        assertThat(createClient(c -> c.getAttributes().put("pkce.code.challenge.method", "plain")))
                .contains("pkce.code.challenge.method", "S256");
        assertThat(createClient(c -> c.setImplicitFlowEnabled(true))).contains("implicit flow");
        assertThat(createClient(c -> c.setDirectAccessGrantsEnabled(true))).contains("password credentials");

        assertThat(server.realm().clients().findByClientId("it-profile-probe")).isEmpty();
    }

    /** Tries to create a public client changed by {@code change}; returns the error description. */
    private String createClient(Consumer<ClientRepresentation> change) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("it-profile-probe");
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setRedirectUris(List.of("http://localhost:4000/callback"));
        client.setAttributes(new LinkedHashMap<>(Map.of("pkce.code.challenge.method", "S256")));
        change.accept(client);
        try (Response response = server.realm().clients().create(client)) {
            String body = response.readEntity(String.class);
            assertThat(response.getStatus()).as(body).isEqualTo(400);
            assertThat(body).contains("invalid_client_metadata");
            return body;
        }
    }

    private OidcClient client(String clientId) {
        return switch (clientId) {
            case "simptel-spa" -> OidcClient.spa(server);
            case "simptel-web" -> OidcClient.web(server);
            case "simptel-service" -> OidcClient.service(server);
            default -> throw new IllegalArgumentException(clientId);
        };
    }

    /** The client's authorization request with another response type (PKCE S256 unless {@code pkce} is null). */
    private static Map<String, String> authorizationParams(OidcClient client, String responseType, Pkce pkce) {
        Map<String, String> params = client.authorizationParams(pkce, UUID.randomUUID().toString(), "openid");
        params.put("response_type", responseType);
        return params;
    }
}
