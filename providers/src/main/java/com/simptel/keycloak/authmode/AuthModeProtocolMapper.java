package com.simptel.keycloak.authmode;

import com.simptel.keycloak.common.ClaimMapper;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.IDToken;

/**
 * Puts {@value AuthMode#CLAIM} into tokens: how the user got into the session ({@code registration},
 * {@code authentication} or {@code accountRecovery}), read from the user session note the flow's
 * steps set. A session without the note was an ordinary login, so the claim is always present.
 */
public final class AuthModeProtocolMapper extends ClaimMapper {

    public static final String PROVIDER_ID = "simptel-auth-mode-mapper";

    public AuthModeProtocolMapper() {
        super(false);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Authentication mode (Simptel)";
    }

    @Override
    public String getHelpText() {
        return "Adds the claim '" + AuthMode.CLAIM + "': 'registration' when the session began with a"
                + " registration, 'accountRecovery' after an account recovery, otherwise 'authentication'.";
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        token.getOtherClaims().put(AuthMode.CLAIM, AuthMode.fromNote(userSession.getNote(AuthMode.USER_SESSION_NOTE)).value());
    }
}
