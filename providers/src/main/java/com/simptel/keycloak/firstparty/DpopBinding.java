package com.simptel.keycloak.firstparty;

import org.keycloak.OAuth2Constants;
import org.keycloak.common.Profile;
import org.keycloak.common.VerificationException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * DPoP for a journey (draft-ietf-oauth-first-party-apps §9.5.1, RFC 9449): a first request with a
 * proof binds the {@code auth_session} to the proof's key; every later request of the journey must
 * carry a valid proof of that key. The key is kept as Keycloak's own {@code dpop_jkt} client note,
 * which binds the authorization code, so Keycloak's token endpoint then requires the same key.
 */
final class DpopBinding {

    private DpopBinding() {
    }

    /** Checks this request's proof against the journey; binds a new journey to its key. */
    static void check(KeycloakSession session, EventBuilder event, AuthenticationSessionModel authSession, boolean started) {
        String bound = authSession.getClientNote(OIDCLoginProtocol.DPOP_JKT);
        String header = session.getContext().getHttpRequest().getHttpHeaders().getHeaderString(OAuth2Constants.DPOP_HTTP_HEADER);
        if (header == null && bound == null) {
            return;
        }
        if (!Profile.isFeatureEnabled(Profile.Feature.DPOP)) {
            return;
        }
        if (header == null) {
            event.detail(Details.REASON, "DPoP proof is missing").error(Errors.INVALID_DPOP_PROOF);
            throw new ChallengeError(400, "invalid_dpop_proof", "This journey is bound to a DPoP key: send a DPoP proof of it");
        }
        DPoP proof;
        try {
            proof = new DPoPUtil.Validator(session).request(session.getContext().getHttpRequest())
                    .uriInfo(session.getContext().getUri()).validate();
        } catch (VerificationException e) {
            event.detail(Details.REASON, e.getMessage()).error(Errors.INVALID_DPOP_PROOF);
            throw new ChallengeError(400, "invalid_dpop_proof", e.getMessage());
        }
        if (started && bound == null) {
            authSession.setClientNote(OIDCLoginProtocol.DPOP_JKT, proof.getThumbprint());
        } else if (bound == null || !bound.equals(proof.getThumbprint())) {
            event.detail(Details.REASON, "DPoP key does not match the journey's").error(Errors.INVALID_DPOP_PROOF);
            throw new ChallengeError(400, "invalid_dpop_proof", "The DPoP proof is not of the key this journey is bound to");
        }
    }
}
