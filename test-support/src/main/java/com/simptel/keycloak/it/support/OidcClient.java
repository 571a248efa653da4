package com.simptel.keycloak.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What an OIDC client library does against the realm's standard endpoints: build authorization
 * URLs, redeem codes, refresh, client credentials, introspect, revoke, userinfo.
 */
public final class OidcClient {

    /** How a confidential client sends its secret to the token endpoint. */
    public enum Auth { BASIC, POST, NONE }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final SimptelServer server;
    private final String realm;
    private final String clientId;
    private final String secret;
    private final String redirectUri;
    private final String nodeBaseUrl;

    public OidcClient(SimptelServer server, String realm, String clientId, String secret, String redirectUri) {
        this(server, realm, clientId, secret, redirectUri, null);
    }

    private OidcClient(SimptelServer server, String realm, String clientId, String secret, String redirectUri,
                       String nodeBaseUrl) {
        this.server = server;
        this.realm = realm;
        this.clientId = clientId;
        this.secret = secret;
        this.redirectUri = redirectUri;
        this.nodeBaseUrl = nodeBaseUrl;
    }

    /**
     * The same client sending every request to one cluster node directly ({@code http://localhost:port}),
     * not through the load balancer; tokens and pages still name the public URL as Keycloak's hostname.
     */
    public OidcClient at(String nodeBaseUrl) {
        return new OidcClient(server, realm, clientId, secret, redirectUri, nodeBaseUrl);
    }

    /** The confidential web app of realm-config. */
    public static OidcClient web(SimptelServer server) {
        return new OidcClient(server, SimptelServer.REALM, "simptel-web", "simptel-web-secret",
                "http://localhost:3000/callback");
    }

    /** The public single-page app of realm-config. */
    public static OidcClient spa(SimptelServer server) {
        return new OidcClient(server, SimptelServer.REALM, "simptel-spa", null, "http://localhost:5173/callback");
    }

    /** Keycloak's own account console of a realm (public, PKCE), whose tokens the Account REST API takes. */
    public static OidcClient accountConsole(SimptelServer server, String realm) {
        return new OidcClient(server, realm, "account-console", null, server.realmUrl(realm) + "/account/");
    }

    /** The client-credentials service of realm-config. */
    public static OidcClient service(SimptelServer server) {
        return new OidcClient(server, SimptelServer.REALM, "simptel-service", "simptel-service-secret", null);
    }

    /** The resource server of realm-config, which introspects tokens. */
    public static OidcClient resourceServer(SimptelServer server) {
        return new OidcClient(server, SimptelServer.REALM, "simptel-resource-server",
                "simptel-resource-server-secret", null);
    }

    public String clientId() {
        return clientId;
    }

    public String redirectUri() {
        return redirectUri;
    }

    public String endpoint(String name) {
        String realmUrl = nodeBaseUrl == null ? server.realmUrl(realm) : nodeBaseUrl + "/realms/" + realm;
        return realmUrl + "/protocol/openid-connect/" + name;
    }

    /** Authorization URL for code flow with PKCE S256 and the given state. */
    public String authorizationUrl(Pkce pkce, String state, String scope) {
        return authorizationUrl(authorizationParams(pkce, state, scope));
    }

    /**
     * The parameters of a code-flow authorization request of this client: state, a fresh nonce and,
     * unless {@code pkce} is null, the S256 challenge; for a test to add to or change before
     * {@link #authorizationUrl(Map)}.
     */
    public Map<String, String> authorizationParams(Pkce pkce, String state, String scope) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("response_type", "code");
        params.put("scope", scope);
        params.put("state", state);
        params.put("nonce", UUID.randomUUID().toString());
        if (pkce != null) {
            params.put("code_challenge", pkce.challenge());
            params.put("code_challenge_method", "S256");
        }
        return params;
    }

    public String authorizationUrl(Map<String, String> params) {
        return url("auth", params);
    }

    /** An endpoint of this client's realm with query parameters, e.g. {@code url("logout", params)}. */
    public String url(String endpointName, Map<String, String> params) {
        return endpoint(endpointName) + "?" + HttpBrowser.encode(params);
    }

    /**
     * Signs in through the realm's login page with username (or email) and password, then
     * redeems the code. Fails if any page other than the login form appears.
     */
    public JsonResponse login(HttpBrowser browser, String usernameOrEmail, String password) {
        return login(browser, usernameOrEmail, password, null);
    }

    /**
     * As {@link #login(HttpBrowser, String, String)}, for a user with an authenticator app: when the
     * realm asks for its code after the password, enters {@code totpCode.get()}.
     */
    public JsonResponse login(HttpBrowser browser, String usernameOrEmail, String password, Supplier<String> totpCode) {
        return login(browser, usernameOrEmail, password, totpCode, "openid profile email");
    }

    /** As {@link #login(HttpBrowser, String, String, Supplier)} asking for {@code scope}, e.g. with offline_access. */
    public JsonResponse login(HttpBrowser browser, String usernameOrEmail, String password, Supplier<String> totpCode,
                              String scope) {
        Pkce pkce = Pkce.s256();
        String state = UUID.randomUUID().toString();
        browser.stopAt(redirectUri);
        Page login = browser.open(authorizationUrl(pkce, state, scope));
        Page back = LoginPage.signIn(login, usernameOrEmail, password);
        if (totpCode != null && LoginPage.asksForTotp(back)) {
            back = LoginPage.enterTotp(back, totpCode.get());
        }
        Map<String, String> params = redirectParamsTo(back);
        if (!state.equals(params.get("state")) || params.get("code") == null) {
            throw new AssertionError("Login did not return a code with our state: " + params);
        }
        return exchangeCode(params.get("code"), pkce.verifier(), secret == null ? Auth.NONE : Auth.BASIC);
    }

    /** Asserts the page is a redirect to this client's redirect URI and returns its parameters. */
    public Map<String, String> redirectParamsTo(Page page) {
        if (!page.isRedirect() || !page.location().toString().startsWith(redirectUri)) {
            throw new AssertionError("Expected a redirect to " + redirectUri + ", got status " + page.status()
                    + " at " + page.uri() + (page.isRedirect() ? " -> " + page.location() : ":\n" + page.text()));
        }
        return page.redirectParams();
    }

    public JsonResponse exchangeCode(String code, String verifier, Auth auth) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return token(form, auth);
    }

    public JsonResponse refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return token(form, secret == null ? Auth.NONE : Auth.BASIC);
    }

    public JsonResponse clientCredentials(Auth auth) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        return token(form, auth);
    }

    /** Any grant to the token endpoint, authenticating as {@code auth} says. */
    public JsonResponse token(Map<String, String> form, Auth auth) {
        return postForm(endpoint("token"), form, auth);
    }

    public JsonResponse introspect(String token) {
        return postForm(endpoint("token/introspect"), Map.of("token", token), Auth.BASIC);
    }

    public JsonResponse revoke(String token, String tokenTypeHint) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        if (tokenTypeHint != null) {
            form.put("token_type_hint", tokenTypeHint);
        }
        return postForm(endpoint("revoke"), form, secret == null ? Auth.NONE : Auth.BASIC);
    }

    public JsonResponse userinfo(String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(endpoint("userinfo")))
                .header("Authorization", "Bearer " + accessToken).GET().build());
    }

    public JsonResponse postForm(String url, Map<String, String> form, Auth auth) {
        return postForm(url, form, auth, Map.of());
    }

    /** A form POST with extra request headers, e.g. the {@code Origin} a browser app sends. */
    public JsonResponse postForm(String url, Map<String, String> form, Auth auth, Map<String, String> headers) {
        Map<String, String> body = new LinkedHashMap<>(form);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded");
        headers.forEach(request::header);
        switch (auth) {
            case BASIC -> request.header("Authorization", basic(clientId, secret));
            case POST -> {
                body.put("client_id", clientId);
                body.put("client_secret", secret);
            }
            case NONE -> body.put("client_id", clientId);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(HttpBrowser.encode(body))).build());
    }

    /** HTTP Basic as RFC 6749 2.3.1 wants it: both parts form-urlencoded first. */
    public static String basic(String user, String password) {
        String pair = URLEncoder.encode(user, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(password == null ? "" : password, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    public static JsonResponse send(HttpRequest request) {
        return send(HTTP, request);
    }

    /** Through another client, e.g. an HTTP/1.1 one that opens a connection per concurrent request. */
    public static JsonResponse send(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return JsonResponse.of(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
