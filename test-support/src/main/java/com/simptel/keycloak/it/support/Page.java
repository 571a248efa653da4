package com.simptel.keycloak.it.support;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One response the {@link HttpBrowser} ended on: an HTML page, or a redirect out of Keycloak. */
public record Page(HttpBrowser browser, int status, URI uri, String body, HttpHeaders headers) {

    public boolean isRedirect() {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    public URI location() {
        String location = headers.firstValue("Location")
                .orElseThrow(() -> new AssertionError("No Location header; status " + status + " at " + uri));
        return uri.resolve(location);
    }

    /** Query and fragment parameters of the redirect's Location (code, state, error, ...). */
    public Map<String, String> redirectParams() {
        URI location = location();
        Map<String, String> params = new LinkedHashMap<>();
        parse(location.getRawQuery(), params);
        parse(location.getRawFragment(), params);
        return params;
    }

    public Document html() {
        return Jsoup.parse(body, uri.toString());
    }

    /** The form matching a CSS selector, e.g. {@code #kc-form-login}. */
    public HtmlForm form(String selector) {
        Element form = html().selectFirst(selector);
        if (form == null) {
            throw new AssertionError("No form '" + selector + "' on " + uri + " (status " + status + "):\n" + text());
        }
        return HtmlForm.of(browser, form);
    }

    public boolean hasElement(String selector) {
        return html().selectFirst(selector) != null;
    }

    /** The page's visible text, for messages. */
    public String text() {
        return html().text();
    }

    private static void parse(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            into.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }
}
