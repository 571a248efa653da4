package com.simptel.keycloak.clientpolicy;

import org.keycloak.OAuthErrorException;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

import java.util.HashMap;
import java.util.Map;

/**
 * Brings a client representation that an admin tool sends (admin REST API, console, kcadm,
 * Terraform, dynamic registration) in line with OAuth 2.1 before Keycloak's own executors check
 * it: a setting left out (or, for PKCE, left empty) gets the conforming value; a setting that
 * asks for what OAuth 2.1 forbids is refused with a description that names the field and the
 * value to set. On an update a setting left out is set too, so a partial update also leaves a
 * conforming client (even one imported without these settings).
 */
final class OAuth21ClientSettings {

    static final String PKCE_ATTRIBUTE = "pkce.code.challenge.method";
    static final String PKCE_METHOD = "S256";

    private OAuth21ClientSettings() {
    }

    static void apply(ClientRepresentation rep) throws ClientPolicyException {
        String pkce = rep.getAttributes() == null ? null : rep.getAttributes().get(PKCE_ATTRIBUTE);
        if (pkce == null || pkce.isBlank()) {
            Map<String, String> attributes = rep.getAttributes() == null ? new HashMap<>() : rep.getAttributes();
            attributes.put(PKCE_ATTRIBUTE, PKCE_METHOD);
            rep.setAttributes(attributes);
        } else if (!PKCE_METHOD.equals(pkce)) {
            throw refused("set attributes.\"" + PKCE_ATTRIBUTE + "\" to \"" + PKCE_METHOD
                    + "\" or leave it out (it is set for you): OAuth 2.1 allows PKCE S256 only, not \"" + pkce + "\"");
        }
        if (Boolean.TRUE.equals(rep.isImplicitFlowEnabled())) {
            throw refused("set implicitFlowEnabled to false or leave it out: OAuth 2.1 has no implicit flow");
        }
        rep.setImplicitFlowEnabled(Boolean.FALSE);
        if (Boolean.TRUE.equals(rep.isDirectAccessGrantsEnabled())) {
            throw refused("set directAccessGrantsEnabled to false or leave it out (console: untick \"Direct access"
                    + " grants\"): OAuth 2.1 has no resource owner password credentials grant");
        }
        rep.setDirectAccessGrantsEnabled(Boolean.FALSE);
    }

    private static ClientPolicyException refused(String what) {
        return new ClientPolicyException(OAuthErrorException.INVALID_CLIENT_METADATA,
                "Invalid client metadata for this realm's OAuth 2.1 client profile: " + what);
    }
}
