package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.AuthorizeClientUtil;

/**
 * Who may call the endpoint. A client authenticates exactly as at the token endpoint, through the
 * realm's client-authentication flow (a public client by its {@code client_id}); a client is
 * first-party when a realm admin gave it the client scope {@value #SCOPE} as a default scope.
 */
final class FirstPartyClients {

    /** The client scope that makes a client first-party. */
    static final String SCOPE = "simptel-first-party";

    private FirstPartyClients() {
    }

    /**
     * @param formBody whether the parameters came as a form, where Keycloak's client authenticators
     *                 read them; with a JSON body a confidential client authenticates by header
     */
    static ClientModel authenticate(KeycloakSession session, RealmModel realm, EventBuilder event,
                                    ChallengeParams params, boolean formBody) {
        String clientId = params.get(ChallengeParams.CLIENT_ID);
        String authorization = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        ClientModel client;
        if (formBody || authorization != null) {
            AuthenticationProcessor processor = AuthorizeClientUtil.getAuthenticationProcessor(session, event);
            Response failed = processor.authenticateClient();
            client = processor.getClient();
            if (failed != null || client == null) {
                throw ChallengeError.invalidClient();
            }
            if (clientId != null && !clientId.equals(client.getClientId())) {
                event.error(Errors.INVALID_CLIENT);
                throw ChallengeError.invalidRequest("client_id does not match the authenticated client");
            }
        } else {
            client = clientId == null ? null : realm.getClientByClientId(clientId);
            if (client == null || !client.isPublicClient()) {
                // a confidential client must prove itself; so must an unknown one (same answer)
                event.client(clientId).error(Errors.INVALID_CLIENT);
                throw ChallengeError.invalidClient();
            }
        }
        event.client(client);
        if (!client.isEnabled()) {
            event.error(Errors.CLIENT_DISABLED);
            throw ChallengeError.invalidClient();
        }
        if (!OIDCLoginProtocol.LOGIN_PROTOCOL.equals(client.getProtocol()) || client.isBearerOnly()) {
            event.error(Errors.INVALID_CLIENT);
            throw ChallengeError.unauthorizedClient("The client is not an OpenID Connect client");
        }
        if (!client.getClientScopes(true).containsKey(SCOPE)) {
            event.error(Errors.NOT_ALLOWED);
            throw ChallengeError.unauthorizedClient("The client is not a first-party client of this realm");
        }
        if (!client.isStandardFlowEnabled()) {
            event.error(Errors.NOT_ALLOWED);
            throw ChallengeError.unauthorizedClient("The client may not use authorization codes");
        }
        session.getContext().setClient(client);
        return client;
    }
}
