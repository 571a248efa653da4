package com.simptel.keycloak.sessions;

import org.keycloak.common.util.UriUtils;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.utils.WebOriginsUtils;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.cors.Cors;

import java.util.Set;

/**
 * Whether the browser origin of a request may call the API with a token: the rule of Keycloak
 * 26.7's {@code Cors.checkAllowedOrigins(AccessToken)} (the token's allowed origins, else its
 * client's web origins; no Origin header or the server's own origin always pass), decided here
 * because Keycloak's {@code Cors} offers no origin check common to 26.4, 26.5 and 26.7
 * ({@code allowedOrigins(AccessToken)} until 26.5, {@code checkAllowedOrigins} since 26.7).
 */
final class BrowserOrigins {

    private static final String ANY = "*";

    private BrowserOrigins() {
    }

    static boolean allows(KeycloakSession session, AccessToken token, ClientModel client) {
        String origin = session.getContext().getRequestHeaders().getHeaderString(Cors.ORIGIN_HEADER);
        if (origin == null || origin.equals(UriUtils.getOrigin(session.getContext().getUri().getRequestUri()))) {
            return true;
        }
        Set<String> allowed = token.getAllowedOrigins();
        if ((allowed == null || allowed.isEmpty()) && client != null) {
            allowed = WebOriginsUtils.resolveValidWebOrigins(session, client);
        }
        return allowed != null && (allowed.contains(origin) || allowed.contains(ANY));
    }
}
