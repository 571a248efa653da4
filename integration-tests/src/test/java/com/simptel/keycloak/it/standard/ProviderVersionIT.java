package com.simptel.keycloak.it.standard;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin console's Server info, Providers names the Simptel JAR's version with our providers. */
@SimptelIT
class ProviderVersionIT {

    @Test
    void serverInfoShowsTheJarVersionWithOurProviders(SimptelServer server) {
        String version = System.getProperty("simptel.version");
        assertThat(version).as("simptel.version from integration-tests/pom.xml").isNotBlank();

        JsonResponse info = OidcClient.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/serverinfo"))
                .header("Authorization", "Bearer " + server.admin().tokenManager().getAccessTokenString())
                .GET().build());

        assertThat(info.status()).as(info.body()).isEqualTo(200);
        JsonNode providers = info.json().path("providers");
        assertThat(operationalInfo(providers, "realm-restapi-extension", "sessions").path("simptel-version").asText())
                .isEqualTo(version);
        assertThat(operationalInfo(providers, "eventsListener", "simptel-session-useragent")
                .path("simptel-version").asText()).isEqualTo(version);
        assertThat(operationalInfo(providers, "authenticator", "simptel-recovery-totp")
                .path("simptel-version").asText()).isEqualTo(version);
    }

    private static JsonNode operationalInfo(JsonNode providers, String spi, String providerId) {
        return providers.path(spi).path("providers").path(providerId).path("operationalInfo");
    }
}
