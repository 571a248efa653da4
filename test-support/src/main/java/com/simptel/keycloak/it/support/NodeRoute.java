package com.simptel.keycloak.it.support;

import java.net.URI;

/**
 * Pins a journey's next step to one cluster node. Every node has the load balancer as its
 * hostname, so the links and form actions of any page point at the balancer; this gives the same
 * page with them pointing at one node directly. Cookies are kept per host (localhost), so the
 * browser's authentication-session cookies go along.
 */
public final class NodeRoute {

    private NodeRoute() {
    }

    /** {@code page} as if its links led to {@code nodeBaseUrl} instead of {@code balancerBaseUrl}. */
    public static Page via(Page page, String balancerBaseUrl, String nodeBaseUrl) {
        String from = balancerBaseUrl + "/";
        String to = nodeBaseUrl + "/";
        if (!page.body().contains(from)) {
            // else the next step would silently go through the balancer, to either node
            throw new AssertionError("Nothing on this page leads to " + balancerBaseUrl + ":\n" + page.text());
        }
        return new Page(page.browser(), page.status(), URI.create(page.uri().toString().replace(from, to)),
                page.body().replace(from, to), page.headers());
    }
}
