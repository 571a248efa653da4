package com.simptel.keycloak.sessions;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * A user's sessions as the user sees them in {@code GET /sessions} (regular and offline, buckets
 * included, the same paging), for an admin who may view that user: realm-management view-users or
 * its fine-grained equivalent, the permission Keycloak's own user-sessions endpoint asks for.
 */
public final class AdminSessionsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    AdminSessionsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Path("users/{user}")
    public Response list(@PathParam("user") String userId, @QueryParam("max") String max,
                         @QueryParam("after") String after) {
        return SessionsMetrics.count(realm, SessionsMetrics.Operation.ADMIN_USER_SESSIONS_GET,
                () -> page(userId, max, after));
    }

    private Response page(String userId, String max, String after) {
        UserModel user = userId == null ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            // as Keycloak's UsersResource: only an admin who may query users learns that an id is unknown
            if (auth.users().canQuery()) {
                throw new SessionsApiException(404, "not_found", "No such user");
            }
            throw SessionsApiException.forbidden("Viewing a user's sessions needs realm-management view-users");
        }
        if (!auth.users().canView(user)) {
            throw SessionsApiException.forbidden("Viewing a user's sessions needs realm-management view-users");
        }
        return SessionLists.page(session, realm, user, us -> false, max, after);
    }
}
