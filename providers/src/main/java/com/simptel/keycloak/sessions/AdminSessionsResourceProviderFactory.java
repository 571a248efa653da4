package com.simptel.keycloak.sessions;

import com.simptel.keycloak.common.ProviderFactoryBase;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The realm admin's view of a user's sessions, at
 * {@code /admin/realms/{realm}/}{@value #PROVIDER_ID}{@code /users/{user id}}: Keycloak's admin REST
 * API authenticates the admin and hands over its permission evaluator.
 */
public final class AdminSessionsResourceProviderFactory extends ProviderFactoryBase<AdminRealmResourceProvider>
        implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider {

    public static final String PROVIDER_ID = "simptel-sessions";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new AdminSessionsResource(session, realm, auth);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
