package com.simptel.keycloak.it.support;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * Cookies as a browser keeps them for http://localhost: Keycloak marks its cookies Secure, and
 * browsers treat localhost as a secure origin, but java.net.CookieManager only sends Secure
 * cookies over https. Storing and reading them under the https form of the URI fixes that.
 */
final class LocalhostCookies extends CookieHandler {

    private final CookieManager delegate = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
        return delegate.get(asSecure(uri), requestHeaders);
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
        delegate.put(asSecure(uri), responseHeaders);
    }

    private static URI asSecure(URI uri) {
        if (!"http".equals(uri.getScheme()) || !"localhost".equals(uri.getHost())) {
            return uri;
        }
        try {
            return new URI("https", uri.getUserInfo(), uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            return uri;
        }
    }
}
