package com.simptel.keycloak.common;

import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * A token mapper of ours: one claim, in every token kind an admin switches on (access, ID,
 * userinfo, introspection), listed among Keycloak's token mappers.
 */
public abstract class ClaimMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    private final List<ProviderConfigProperty> config = new ArrayList<>();

    /** @param claimNameConfigurable whether the admin may rename the claim */
    protected ClaimMapper(boolean claimNameConfigurable) {
        if (claimNameConfigurable) {
            OIDCAttributeMapperHelper.addTokenClaimNameConfig(config);
        }
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(config, getClass());
    }

    @Override
    public final String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public final List<ProviderConfigProperty> getConfigProperties() {
        return config;
    }
}
