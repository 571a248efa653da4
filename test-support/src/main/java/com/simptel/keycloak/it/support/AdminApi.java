package com.simptel.keycloak.it.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * The admin REST API of realm simptel with raw JSON bodies, exactly as kcadm, Terraform or a
 * script send them (the Java admin client would add fields of its own).
 */
public final class AdminApi {

    private final SimptelServer server;

    public AdminApi(SimptelServer server) {
        this.server = server;
    }

    /** {@code path} below {@code /admin/realms/simptel}, e.g. {@code /clients}. */
    public JsonResponse send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/admin/realms/" + SimptelServer.REALM + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + server.admin().tokenManager().getAccessTokenString())
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return OidcClient.send(request.build());
    }

    public JsonResponse post(String path, String json) {
        return send("POST", path, json);
    }

    public JsonResponse put(String path, String json) {
        return send("PUT", path, json);
    }

    public JsonResponse get(String path) {
        return send("GET", path, null);
    }

    /** The id of what a 201 created, from its {@code Location}. */
    public static String createdId(JsonResponse created) {
        String location = created.header("Location");
        if (created.status() != 201 || location == null) {
            throw new AssertionError("Expected 201 with a Location, got " + created);
        }
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
