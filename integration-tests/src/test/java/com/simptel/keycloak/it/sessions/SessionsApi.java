package com.simptel.keycloak.it.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.OpenApiValidator;
import com.simptel.keycloak.it.support.SimptelServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The sessions API as an application calls it. Every response is checked against openapi.yaml
 * before a test sees it.
 */
public final class SessionsApi {

    private final String base;
    private final String token;
    private final Map<String, String> extraHeaders;
    private final HttpClient http;

    SessionsApi(SimptelServer server, String accessToken) {
        this(server.realmUrl() + "/sessions", accessToken, Map.of(), null);
    }

    private SessionsApi(String base, String token, Map<String, String> extraHeaders, HttpClient http) {
        this.base = base;
        this.token = token;
        this.extraHeaders = extraHeaders;
        this.http = http;
    }

    /** The same calls sent to one node directly ({@code http://localhost:port}), not through the load balancer. */
    public SessionsApi at(String nodeBaseUrl) {
        return new SessionsApi(nodeBaseUrl + "/realms/" + SimptelServer.REALM + "/sessions", token, extraHeaders, http);
    }

    /** The same calls with these headers added (e.g. Origin). */
    SessionsApi with(Map<String, String> headers) {
        return new SessionsApi(base, token, headers, http);
    }

    /**
     * The same calls over HTTP/1.1, a connection per concurrent call, as many separate clients
     * send them (the shared client multiplexes HTTP/2 streams on one connection, at most 100).
     */
    public SessionsApi overHttp1() {
        return new SessionsApi(base, token, extraHeaders, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build());
    }

    String base() {
        return base;
    }

    /** The bucket of a session view ({@code data.MFAInputsBucket}). */
    public static JsonNode bucket(JsonResponse view) {
        return view.json().path("data").path("MFAInputsBucket");
    }

    public JsonResponse list() {
        return call("listSessions", "GET", "", null, null, null);
    }

    /** A page: {@code query} as sent, e.g. {@code ?max=10&after=...}. */
    public JsonResponse list(String query) {
        return call("listSessions", "GET", query, null, null, null);
    }

    /** The URL the page's {@code Link: <…>; rel="next"} header names, or null on the last page. */
    static String nextLink(JsonResponse page) {
        String link = page.header("Link");
        if (link == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^<([^>]+)>; rel=\"next\"$").matcher(link);
        if (!m.matches()) {
            throw new AssertionError("Not a next link: " + link);
        }
        return m.group(1);
    }

    /** The query part of a next link, to send to this API's base. */
    static String query(String url) {
        return url.substring(url.indexOf('?'));
    }

    public JsonResponse logoutMany(String scope) {
        return call("logoutSessions", "DELETE", scope == null ? "" : "?scope=" + scope, null, null, null);
    }

    public JsonResponse current() {
        return call("getCurrentSession", "GET", "/session", null, null, null);
    }

    public JsonResponse logoutCurrent() {
        return call("logoutCurrentSession", "DELETE", "/session", null, null, null);
    }

    public JsonResponse extend(String method) {
        return call("GET".equals(method) ? "extendSession" : "extendSessionPost", method, "/session/extend",
                null, null, null);
    }

    JsonResponse refresh(String method) {
        return call("GET".equals(method) ? "refreshSession" : "refreshSessionPost", method, "/session/refresh",
                null, null, null);
    }

    JsonResponse byId(String id) {
        return call("getSession", "GET", "/session/" + id, null, null, null);
    }

    /** The offline session of that id ({@code ?offline=true}). */
    JsonResponse offlineById(String id) {
        return call("getSession", "GET", "/session/" + id + "?offline=true", null, null, null);
    }

    public JsonResponse logoutById(String id) {
        return call("logoutSession", "DELETE", "/session/" + id, null, null, null);
    }

    public JsonResponse put(String body, String contentType, String ifMatch) {
        return call("putBucket", "PUT", "/bucket", body, contentType, ifMatch);
    }

    JsonResponse put(String json) {
        return put(json, "application/json", null);
    }

    public JsonResponse patch(String body, String contentType, String ifMatch) {
        return call("patchBucket", "PATCH", "/bucket", body, contentType, ifMatch);
    }

    JsonResponse patch(String json) {
        return patch(json, "application/merge-patch+json", null);
    }

    /**
     * A method that {@code contractPath} (as openapi.yaml spells it) does not serve, sent to
     * {@code path}; the answer is checked against the contract's MethodNotAllowed response.
     */
    JsonResponse notServed(String method, String contractPath, String path) {
        boolean body = List.of("POST", "PUT", "PATCH").contains(method);
        return call(OpenApiValidator.notAllowed(method, contractPath), method, path, body ? "{}" : null,
                body ? "application/json" : null, null);
    }

    /** CORS preflight as a browser sends it (no token). */
    JsonResponse preflight(String operationId, String path, String origin, String method, String headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers);
        JsonResponse response = OidcClient.send(request.build());
        OpenApiValidator.get().validate(operationId, response);
        return response;
    }

    JsonResponse call(String operationId, String method, String path, String body, String contentType, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        extraHeaders.forEach(request::header);
        JsonResponse response = http == null ? OidcClient.send(request.build()) : OidcClient.send(http, request.build());
        OpenApiValidator.get().validate(operationId, response);
        return response;
    }
}
