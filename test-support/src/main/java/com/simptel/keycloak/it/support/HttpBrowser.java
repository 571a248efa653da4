package com.simptel.keycloak.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript: keeps cookies, follows redirects while they stay on Keycloak,
 * and stops at the first redirect that leaves it (to a client's redirect URI) or that goes to a
 * redirect URI on Keycloak itself it was told to stop at ({@link #stopAt}). Enough to drive
 * Keycloak's login pages by their real HTML forms.
 */
public final class HttpBrowser {

    private static final int MAX_REDIRECTS = 20;

    private final HttpClient http;
    private final LocalhostCookies cookies = new LocalhostCookies();
    private final String keycloakOrigin;
    private final List<String> stopAt = new ArrayList<>();
    private String acceptLanguage = "en";
    private int requestsSent;
    private String userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/156.0.0.0 Safari/537.36 simptel-it";

    public HttpBrowser(String keycloakBaseUrl) {
        this.keycloakOrigin = origin(URI.create(keycloakBaseUrl));
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Another browser's User-Agent (default: Chrome 156 on Linux, marked simptel-it). */
    public HttpBrowser userAgent(String userAgent) {
        this.userAgent = userAgent;
        return this;
    }

    public HttpBrowser acceptLanguage(String languages) {
        this.acceptLanguage = languages;
        return this;
    }

    /**
     * Stops at redirects to URIs starting with {@code uriPrefix} though they are on Keycloak, e.g.
     * the redirect URI of Keycloak's own {@code account-console} client, so the caller reads the code.
     */
    public HttpBrowser stopAt(String uriPrefix) {
        stopAt.add(uriPrefix);
        return this;
    }

    /** GET, following redirects that stay on Keycloak. */
    public Page open(String url) {
        return follow(send(request(URI.create(url)).GET().build()));
    }

    /** Submits a form as a browser would (urlencoded POST, or GET for method=get). */
    public Page submit(HtmlForm form) {
        String body = encode(form.fields());
        if ("get".equalsIgnoreCase(form.method())) {
            String sep = form.action().contains("?") ? "&" : "?";
            return open(form.action() + (body.isEmpty() ? "" : sep + body));
        }
        return follow(send(request(URI.create(form.action()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()));
    }

    /** Sends any request with this browser's cookies; redirects are not followed. */
    public Page send(HttpRequest request) {
        try {
            requestsSent++;
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Page(this, response.statusCode(), response.uri(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** How many requests this browser sent (redirects followed included). */
    public int requestsSent() {
        return requestsSent;
    }

    private Page follow(Page page) {
        Page current = page;
        for (int i = 0; i < MAX_REDIRECTS && current.isRedirect(); i++) {
            URI next = current.location();
            if (!keycloakOrigin.equals(origin(next)) || stopAt.stream().anyMatch(next.toString()::startsWith)) {
                return current; // the client's redirect URI; the caller reads it
            }
            current = send(request(next).GET().build());
        }
        return current;
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8")
                .header("Accept-Language", acceptLanguage)
                .header("User-Agent", userAgent);
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() == -1
                ? ("https".equals(uri.getScheme()) ? 443 : 80) : uri.getPort());
    }
}
