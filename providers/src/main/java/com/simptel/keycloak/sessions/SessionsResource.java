package com.simptel.keycloak.sessions;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The sessions API on Keycloak user sessions, at {@code /realms/{realm}/sessions}, for a caller
 * that {@link SessionsGate} has admitted. Answers JSON: a session view, or an error thrown as
 * {@link SessionsApiException}.
 */
public final class SessionsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Caller caller;
    private final SessionsConfig config;
    private final BucketJson bucketJson;

    SessionsResource(KeycloakSession session, Caller caller, SessionsConfig config, BucketJson bucketJson) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.caller = caller;
        this.config = config;
        this.bucketJson = bucketJson;
    }

    /** All active sessions of the caller, newest first, the current one marked. */
    @GET
    public Response list() {
        UserSessionModel current = caller.currentSession();
        SessionViews views = views();
        SessionViews.UserPart user = views.userPart(caller.user());
        List<SessionRepresentation> list = SessionsOfUser.of(session, realm, caller.user()).stream()
                .filter(us -> AuthenticationManager.isSessionValid(realm, us))
                .sorted(Comparator.comparingInt(UserSessionModel::getStarted).reversed()
                        .thenComparing(UserSessionModel::getId))
                .map(us -> views.view(us, user, us.getId().equals(current.getId()), BucketWrites.read(us)))
                .toList();
        return JsonResponses.ok(list);
    }

    /** Logs out several of the caller's sessions: {@code scope=others} (all but the current) or {@code all}. */
    @DELETE
    public Response logoutMany(@QueryParam("scope") String scope) {
        UserSessionModel current = caller.currentSession();
        boolean all = "all".equals(scope);
        if (!all && !"others".equals(scope)) {
            throw SessionsApiException.badRequest("Query parameter scope must be 'others' or 'all'");
        }
        List<UserSessionModel> targets = SessionsOfUser.of(session, realm, caller.user()).stream()
                .filter(us -> all || !us.getId().equals(current.getId()))
                .toList();
        SessionEvents events = new SessionEvents(session, realm, caller);
        for (UserSessionModel us : targets) {
            AuthenticationManager.backchannelLogout(session, us, true);
            events.loggedOut(us, all ? "logout.all" : "logout.others");
        }
        return JsonResponses.noContent();
    }

    @GET
    @Path("session")
    public Response current() {
        return view(caller.currentSession(), caller.user());
    }

    @DELETE
    @Path("session")
    public Response logoutCurrent() {
        return logout(caller.currentSession(), "logout.current");
    }

    @GET
    @Path("session/extend")
    public Response extendByGet() {
        return extend();
    }

    /** Restarts the idle timeout of the current session and its clients' sessions. */
    @POST
    @Path("session/extend")
    public Response extend() {
        UserSessionModel us = caller.currentSession();
        int now = Time.currentTime();
        us.setLastSessionRefresh(now);
        for (AuthenticatedClientSessionModel clientSession : us.getAuthenticatedClientSessions().values()) {
            resetIdleTimer(clientSession, now);
        }
        new SessionEvents(session, realm, caller).extended(us, Instant.ofEpochMilli(views().expiresMillis(us)).toString());
        return view(us, caller.user());
    }

    /**
     * Keycloak 26.7 marks {@code setTimestamp} for removal without naming a replacement, and still
     * calls it itself on every token refresh: it is the client session's idle timer.
     */
    @SuppressWarnings("removal")
    private static void resetIdleTimer(AuthenticatedClientSessionModel clientSession, int now) {
        clientSession.setTimestamp(now);
    }

    @GET
    @Path("session/refresh")
    public Response refreshByGet() {
        return refresh();
    }

    /**
     * The view after a profile or role change, read anew from Keycloak's user store (whose cache
     * Keycloak invalidates cluster-wide on every change).
     */
    @POST
    @Path("session/refresh")
    public Response refresh() {
        UserModel user = session.users().getUserById(realm, caller.user().getId());
        if (user == null) {
            throw Caller.unauthorized(realm, "invalid_token", "The user of this token no longer exists");
        }
        return view(caller.currentSession(), user);
    }

    @GET
    @Path("session/{id}")
    public Response byId(@PathParam("id") String id) {
        UserSessionModel us = find(id, false);
        return view(us, us.getUser());
    }

    @DELETE
    @Path("session/{id}")
    public Response logoutById(@PathParam("id") String id) {
        UserSessionModel us = find(id, true);
        return logout(us, caller.isCurrent(us) ? "logout.current" : "logout.session");
    }

    @Path("bucket")
    public BucketResource bucket() {
        return new BucketResource(session, caller, config, bucketJson);
    }

    private Response logout(UserSessionModel us, String action) {
        AuthenticationManager.backchannelLogout(session, us, true);
        new SessionEvents(session, realm, caller).loggedOut(us, action);
        return JsonResponses.noContent();
    }

    /** One session by id, if {@link SessionAccess} lets this caller read or log it out. */
    private UserSessionModel find(String id, boolean logout) {
        UserSessionModel us = id == null || id.isBlank() ? null : session.sessions().getUserSession(realm, id);
        UserModel owner = us == null ? null : us.getUser();
        boolean serviceAccount = caller.isServiceAccount();
        SessionAccess.Caller who = new SessionAccess.Caller(serviceAccount,
                serviceAccount && owner == null && caller.canViewUsers(),
                serviceAccount && owner == null && caller.canManageUsers());
        SessionAccess.Target target;
        if (owner == null) {
            target = SessionAccess.Target.MISSING;
        } else if (!serviceAccount && caller.owns(us)) {
            target = new SessionAccess.Target(true, true, false, false);
        } else {
            target = new SessionAccess.Target(true, false, caller.canView(owner), logout && caller.canManage(owner));
        }
        return switch (SessionAccess.decide(who, target, logout)) {
            case ALLOWED -> us;
            case NOT_FOUND -> throw SessionsApiException.notFound();
            case NEEDS_MANAGE_USERS -> throw SessionsApiException.forbidden(
                    "Logging out another user's session needs realm-management manage-users");
            case SERVICE_ACCOUNT_NEEDS_ROLE -> throw SessionsApiException.forbidden("Service accounts need"
                    + " realm-management view-users (read) or manage-users (delete) to reach sessions by id");
        };
    }

    private Response view(UserSessionModel us, UserModel user) {
        return views().response(us, user, caller.isCurrent(us), BucketWrites.read(us));
    }

    private SessionViews views() {
        return new SessionViews(session, realm);
    }
}
