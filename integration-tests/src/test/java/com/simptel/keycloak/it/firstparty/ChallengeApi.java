package com.simptel.keycloak.it.firstparty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.MailCodes;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.OpenApiValidator;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.SimptelServer;
import org.keycloak.representations.idm.EventRepresentation;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization challenge endpoint as an app calls it: form or JSON posts, every answer checked
 * against openapi.yaml and for {@code Cache-Control: no-store}; the code redeemed at the token
 * endpoint with the PKCE verifier and no redirect_uri.
 */
public final class ChallengeApi {

    static final String APP = "simptel-app";
    /** Events the endpoint records carry this detail, so tests tell them from the login pages' own. */
    static final Predicate<EventRepresentation> FROM_ENDPOINT =
            RealmEvents.detail("simptel_endpoint", "authorization-challenge");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimptelServer server;
    private final String clientId;
    private final String secret;
    private final boolean json;
    private Pkce pkce = Pkce.s256();

    private final String baseUrl;

    private ChallengeApi(SimptelServer server, String clientId, String secret, boolean json) {
        this(server, clientId, secret, json, server.baseUrl());
    }

    private ChallengeApi(SimptelServer server, String clientId, String secret, boolean json, String baseUrl) {
        this.server = server;
        this.clientId = clientId;
        this.secret = secret;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    /** The same client and PKCE pair, its requests sent to one node of a cluster (not through the load balancer). */
    public ChallengeApi at(String nodeBaseUrl) {
        ChallengeApi api = new ChallengeApi(server, clientId, secret, json, nodeBaseUrl);
        api.pkce = pkce;
        return api;
    }

    /** The realm-config app {@value #APP}, parameters as a form. */
    public static ChallengeApi app(SimptelServer server) {
        return new ChallengeApi(server, APP, null, false);
    }

    /** A public first-party client made by a test, parameters as a form. */
    static ChallengeApi publicClient(SimptelServer server, String clientId) {
        return new ChallengeApi(server, clientId, null, false);
    }

    /** The same client with JSON bodies. */
    ChallengeApi asJson() {
        return new ChallengeApi(server, clientId, secret, true);
    }

    /** A confidential client authenticating with client_secret_basic. */
    static ChallengeApi confidential(SimptelServer server, String clientId, String secret) {
        return new ChallengeApi(server, clientId, secret, false);
    }

    public String url() {
        return baseUrl + "/realms/" + SimptelServer.REALM + "/authorization-challenge";
    }

    public Pkce pkce() {
        return pkce;
    }

    /** A first request of a journey: client, PKCE, and the given parameters. */
    public JsonResponse start(Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("code_challenge", pkce.challenge());
        all.put("code_challenge_method", "S256");
        all.putAll(params);
        return post(all);
    }

    /** A further request of a journey. */
    public JsonResponse next(String authSession, Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("auth_session", authSession);
        return post(all);
    }

    /** A first request of a journey with extra headers (e.g. a DPoP proof). */
    JsonResponse start(Map<String, String> params, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("code_challenge", pkce.challenge());
        all.put("code_challenge_method", "S256");
        all.putAll(params);
        return post(all, headers);
    }

    /** A further request of a journey with extra headers. */
    JsonResponse next(String authSession, Map<String, String> params, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("auth_session", authSession);
        return post(all, headers);
    }

    /** Any parameters, with this client's id (or Basic authentication), validated against the contract. */
    JsonResponse post(Map<String, String> params) {
        return post(params, Map.of());
    }

    JsonResponse post(Map<String, String> params, Map<String, String> headers) {
        OidcClient.Auth auth = secret == null ? OidcClient.Auth.NONE : OidcClient.Auth.BASIC;
        if (!json) {
            return checked(oidc().postForm(url(), params, auth, headers));
        }
        Map<String, String> all = new LinkedHashMap<>();
        if (secret == null) {
            all.put("client_id", clientId);
        }
        all.putAll(params);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (secret != null) {
            request.header("Authorization", OidcClient.basic(clientId, secret));
        }
        return checked(OidcClient.send(request.POST(HttpRequest.BodyPublishers.ofString(json(all))).build()));
    }

    /** A raw body with a content type, validated like every answer. */
    JsonResponse raw(String contentType, String body) {
        return checked(OidcClient.send(HttpRequest.newBuilder(URI.create(url())).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()));
    }

    static JsonResponse checked(JsonResponse response) {
        OpenApiValidator.get().validate("authorizationChallenge", response);
        assertThat(response.header("Cache-Control")).as(response.toString()).isEqualTo("no-store");
        return response;
    }

    /** Redeems a code at Keycloak's token endpoint: code_verifier, no redirect_uri. */
    public JsonResponse redeem(String code) {
        return redeem(code, Map.of());
    }

    /** Redeems a code with extra headers (a DPoP proof for the token endpoint). */
    JsonResponse redeem(String code, Map<String, String> headers) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("code_verifier", pkce.verifier());
        return oidc().postForm(server.oidcEndpoint("token"), form,
                secret == null ? OidcClient.Auth.NONE : OidcClient.Auth.BASIC, headers);
    }

    /** This client at the realm's standard endpoints (no redirect URI: the endpoint has none). */
    OidcClient oidc() {
        return new OidcClient(server, SimptelServer.REALM, clientId, secret, null);
    }

    /** The code in the n-th mail (1-based) to {@code address}, waiting for it. */
    public String mailedCode(String address, int n) {
        return MailCodes.nthCode(server.mail(), address, n);
    }

    private static String json(Map<String, String> params) {
        try {
            return JSON.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
