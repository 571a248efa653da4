package com.simptel.keycloak.sessions;

import com.simptel.keycloak.common.ClaimMapper;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.IDToken;

/**
 * Puts the sessions API's {@code permission} object into tokens: each role named
 * {@code <verb>:<resource>} (verb create, read, update or delete) that the token carries (realm or
 * client role, composites expanded, within the client's role scope) adds the resource to that list.
 */
public final class PermissionProtocolMapper extends ClaimMapper {

    public static final String PROVIDER_ID = "simptel-permission-mapper";
    public static final String DEFAULT_CLAIM = "permission";

    public PermissionProtocolMapper() {
        super(true);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Simptel CRUD permissions";
    }

    @Override
    public String getHelpText() {
        return "Adds the Simptel 'permission' object: every role named <verb>:<resource> (verb create, read, update"
                + " or delete; realm or client role) puts <resource> into the list of that verb.";
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        String claim = mappingModel.getConfig().get(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME);
        token.getOtherClaims().put(claim == null || claim.isBlank() ? DEFAULT_CLAIM : claim,
                Permissions.fromRoleNames(clientSessionCtx.getRolesStream().map(RoleModel::getName)));
    }
}
