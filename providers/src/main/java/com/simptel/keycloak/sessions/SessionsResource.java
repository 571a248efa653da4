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
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

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

    /**
     * The caller's active sessions, regular and offline, newest first, the current one marked; a
     * page of at most {@code max} (1 to 100, default 100), after the cursor {@code after}, with a
     * {@code Link: <…>; rel="next"} header when more follow.
     */
    @GET
    public Response list(@QueryParam("max") String max, @QueryParam("after") String after) {
        UserSessionModel current = caller.currentSession();
        return SessionLists.page(session, realm, caller.user(), us -> us.getId().equals(current.getId())
                && us.isOffline() == current.isOffline(), max, after);
    }

    /**
     * Logs out several of the caller's sessions, regular and offline: {@code scope=others} (all but
     * the current sign-in: the token's session and an offline session of the same sign-in) or {@code all}.
     */
    @DELETE
    public Response logoutMany(@QueryParam("scope") String scope) {
        UserSessionModel current = caller.currentSession();
        boolean all = "all".equals(scope);
        if (!all && !"others".equals(scope)) {
            throw SessionsApiException.badRequest("Query parameter scope must be 'others' or 'all'");
        }
        Set<String> currentSignIn = new HashSet<>();
        currentSignIn.add(current.getId());
        String corresponding = current.getNote(UserSessionModel.CORRESPONDING_SESSION_ID);
        if (corresponding != null) {
            currentSignIn.add(corresponding);
        }
        // regular ones first: ending an offline session also removes a regular one of its id, unnotified
        List<UserSessionModel> targets = Stream.concat(SessionsOfUser.of(session, realm, caller.user()).stream(),
                        SessionsOfUser.offline(session, realm, caller.user()).stream())
                .filter(us -> all || !(currentSignIn.contains(us.getId())
                        || currentSignIn.contains(us.getNote(UserSessionModel.CORRESPONDING_SESSION_ID))))
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

    /** The regular session of that id, else the offline one; {@code offline=true} asks for the offline one. */
    @GET
    @Path("session/{id}")
    public Response byId(@PathParam("id") String id, @QueryParam("offline") String offline) {
        boolean offlineOnly = flag(offline);
        List<UserSessionModel> found = find(id, false).stream().filter(us -> !offlineOnly || us.isOffline()).toList();
        if (found.isEmpty()) {
            throw SessionsApiException.notFound();
        }
        return view(found.get(0), found.get(0).getUser());
    }

    /**
     * Logs out the session of that id, regular and offline alike (both, when an offline session
     * shares the id: they are the same sign-in), as Keycloak's Account API does.
     */
    @DELETE
    @Path("session/{id}")
    public Response logoutById(@PathParam("id") String id) {
        SessionEvents events = new SessionEvents(session, realm, caller);
        for (UserSessionModel us : find(id, true)) {
            AuthenticationManager.backchannelLogout(session, us, true);
            events.loggedOut(us, caller.isCurrent(us) ? "logout.current" : "logout.session");
        }
        return JsonResponses.noContent();
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

    /**
     * The sessions of that id (the regular one first, then the offline one), if {@link SessionAccess}
     * lets this caller read or log them out.
     */
    private List<UserSessionModel> find(String id, boolean logout) {
        List<UserSessionModel> found = id == null || id.isBlank() ? List.of() : Stream.of(
                        session.sessions().getUserSession(realm, id), session.sessions().getOfflineUserSession(realm, id))
                .filter(Objects::nonNull).toList();
        UserSessionModel us = found.isEmpty() ? null : found.get(0);
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
            case ALLOWED -> found;
            case NOT_FOUND -> throw SessionsApiException.notFound();
            case NEEDS_MANAGE_USERS -> throw SessionsApiException.forbidden(
                    "Logging out another user's session needs realm-management manage-users");
            case SERVICE_ACCOUNT_NEEDS_ROLE -> throw SessionsApiException.forbidden("Service accounts need"
                    + " realm-management view-users (read) or manage-users (delete) to reach sessions by id");
        };
    }

    private static boolean flag(String value) {
        if (value == null || "false".equals(value)) {
            return false;
        }
        if ("true".equals(value)) {
            return true;
        }
        throw SessionsApiException.badRequest("Query parameter offline must be 'true' or 'false'");
    }

    private Response view(UserSessionModel us, UserModel user) {
        return views().response(us, user, caller.isCurrent(us), BucketWrites.read(us));
    }

    private SessionViews views() {
        return new SessionViews(session, realm);
    }
}
