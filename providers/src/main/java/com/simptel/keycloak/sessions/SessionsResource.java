package com.simptel.keycloak.sessions;

import com.simptel.keycloak.sessions.SessionAccess.Asker;
import com.simptel.keycloak.sessions.SessionAccess.Right;
import com.simptel.keycloak.sessions.SessionAccess.Target;
import com.simptel.keycloak.sessions.SessionsMetrics.Operation;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AuthenticationManager;

import java.io.InputStream;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The sessions API on Keycloak user sessions, at {@code /realms/{realm}/sessions}: its one route
 * table. JAX-RS routes a request to a method here; the method names its metrics
 * {@link Operation} and, through {@link #answer}, has {@link SessionsGate} admit the caller once
 * before it runs. A path or method the API does not serve reaches {@link #notServed}, which
 * answers the API's JSON 404 or 405 (with {@code Allow} from these annotations, {@link Routes})
 * before any token is read, as JAX-RS would. Answers JSON: a session view, or an error thrown as
 * {@link SessionsApiException}.
 */
public final class SessionsResource {

    private static final Routes ROUTES = Routes.of(SessionsResource.class);

    /** Request headers a browser app needs besides Keycloak's CORS defaults. */
    private static final String EXTRA_ALLOWED_HEADERS = "If-Match";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SessionsConfig config;
    private final BucketJson bucketJson;

    SessionsResource(KeycloakSession session, SessionsConfig config, BucketJson bucketJson) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.config = config;
        this.bucketJson = bucketJson;
    }

    private static final String[] METHODS = ROUTES.all().toArray(String[]::new);

    /** Every method the API serves on some path, for CORS (read once: every admitted request names them). */
    static String[] methods() {
        return METHODS.clone();
    }

    /**
     * The caller's active sessions, regular and offline, newest first, the current one marked; a
     * page of at most {@code max} (1 to 100, default 100), after the cursor {@code after}, with a
     * {@code Link: <…>; rel="next"} header when more follow.
     */
    @GET
    public Response list(@QueryParam("max") String max, @QueryParam("after") String after) {
        return answer(Operation.SESSIONS_GET, caller -> {
            UserSessionModel current = caller.currentSession();
            return SessionLists.page(session, realm, caller.user(), us -> us.getId().equals(current.getId())
                    && us.isOffline() == current.isOffline(), max, after);
        });
    }

    /**
     * Logs out several of the caller's sessions, regular and offline: {@code scope=others} (all but
     * the current sign-in: the token's session and an offline session of the same sign-in) or {@code all}.
     */
    @DELETE
    public Response logoutMany(@QueryParam("scope") String scope) {
        return answer(Operation.SESSIONS_DELETE, caller -> logoutMany(caller, scope));
    }

    private Response logoutMany(Caller caller, String scope) {
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
        List<UserSessionModel> targets = SessionsOfUser.all(session, realm, caller.user()).stream()
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
        return answer(Operation.SESSION_GET, caller -> view(caller, caller.currentSession(), caller.user()));
    }

    @DELETE
    @Path("session")
    public Response logoutCurrent() {
        return answer(Operation.SESSION_DELETE, caller -> {
            UserSessionModel us = caller.currentSession();
            AuthenticationManager.backchannelLogout(session, us, true);
            new SessionEvents(session, realm, caller).loggedOut(us, "logout.current");
            return JsonResponses.noContent();
        });
    }

    @GET
    @Path("session/extend")
    public Response extendByGet() {
        return answer(Operation.SESSION_EXTEND_GET, this::extend);
    }

    /** Restarts the idle timeout of the current session and its clients' sessions. */
    @POST
    @Path("session/extend")
    public Response extend() {
        return answer(Operation.SESSION_EXTEND_POST, this::extend);
    }

    private Response extend(Caller caller) {
        UserSessionModel us = caller.currentSession();
        int now = Time.currentTime();
        us.setLastSessionRefresh(now);
        for (AuthenticatedClientSessionModel clientSession : us.getAuthenticatedClientSessions().values()) {
            resetIdleTimer(clientSession, now);
        }
        new SessionEvents(session, realm, caller).extended(us, Instant.ofEpochMilli(views().expiresMillis(us)).toString());
        return view(caller, us, caller.user());
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
        return answer(Operation.SESSION_REFRESH_GET, this::refresh);
    }

    /**
     * The view after a profile or role change, read anew from Keycloak's user store (whose cache
     * Keycloak invalidates cluster-wide on every change).
     */
    @POST
    @Path("session/refresh")
    public Response refresh() {
        return answer(Operation.SESSION_REFRESH_POST, this::refresh);
    }

    private Response refresh(Caller caller) {
        UserModel user = session.users().getUserById(realm, caller.user().getId());
        if (user == null) {
            throw Caller.unauthorized(realm, "invalid_token", "The user of this token no longer exists");
        }
        return view(caller, caller.currentSession(), user);
    }

    /** The regular session of that id, else the offline one; {@code offline=true} asks for the offline one. */
    @GET
    @Path("session/{id}")
    public Response byId(@PathParam("id") String id, @QueryParam("offline") String offline) {
        return answer(Operation.SESSION_BY_ID_GET, caller -> {
            boolean offlineOnly = flag(offline);
            List<UserSessionModel> found = find(caller, id, Right.VIEW).stream()
                    .filter(us -> !offlineOnly || us.isOffline()).toList();
            if (found.isEmpty()) {
                throw SessionsApiException.notFound();
            }
            return view(caller, found.get(0), found.get(0).getUser());
        });
    }

    /**
     * Logs out the session of that id, regular and offline alike (both, when an offline session
     * shares the id: they are the same sign-in), as Keycloak's Account API does.
     */
    @DELETE
    @Path("session/{id}")
    public Response logoutById(@PathParam("id") String id) {
        return answer(Operation.SESSION_BY_ID_DELETE, caller -> {
            SessionEvents events = new SessionEvents(session, realm, caller);
            for (UserSessionModel us : find(caller, id, Right.MANAGE)) {
                AuthenticationManager.backchannelLogout(session, us, true);
                events.loggedOut(us, caller.isCurrent(us) ? "logout.current" : "logout.session");
            }
            return JsonResponses.noContent();
        });
    }

    /** Replaces the bucket with the JSON object of the body. */
    @PUT
    @Path("bucket")
    public Response putBucket(InputStream body) {
        return answer(Operation.BUCKET_PUT, caller -> bucket(caller).put(body));
    }

    /** Merges an RFC 7396 merge patch into the bucket. */
    @PATCH
    @Path("bucket")
    public Response patchBucket(InputStream body) {
        return answer(Operation.BUCKET_PATCH, caller -> bucket(caller).patch(body));
    }

    /** CORS preflight for every path of the API: answered without a token, as browsers send none. */
    @OPTIONS
    @Path("{any:.+}")
    public Response preflight() {
        Response response = Cors.builder().auth().allowedMethods(methods()).preflight().add(Response.ok());
        if (session.getContext().getRequestHeaders().getHeaderString(Cors.ORIGIN_HEADER) != null) {
            session.getContext().getHttpResponse().addHeader(Cors.ACCESS_CONTROL_ALLOW_HEADERS, EXTRA_ALLOWED_HEADERS);
        }
        return response;
    }

    @OPTIONS
    public Response preflightOfTheList() {
        return preflight();
    }

    /**
     * What no resource method above serves below {@code /sessions} (JAX-RS prefers every other match
     * to this one, and a resource method to a locator of the same template).
     */
    @Path("{any:.+}")
    public Object notServed(@PathParam("any") String path) {
        throw notServedAt(path);
    }

    /** What no resource method serves at {@code /sessions} itself (e.g. PUT). */
    @Path("/")
    public Object notServedOnTheList() {
        throw notServedAt("");
    }

    /** 405 with {@code Allow} when the path is served with other methods, else 404; before the token is read. */
    private SessionsApiException notServedAt(String path) {
        String method = session.getContext().getHttpRequest().getHttpMethod();
        List<String> allowed = ROUTES.serving(path);
        SessionsApiException answer = allowed.isEmpty() || allowed.contains(method)
                ? SessionsApiException.noSuchPath(Routes.trim(path))
                : SessionsApiException.methodNotAllowed(method, allowed);
        SessionsMetrics.answered(realm, Operation.OTHER, answer.status());
        return SessionsGate.refuse(answer);
    }

    /** The answer of a resource method: the caller admitted first, the answer counted as {@code operation}. */
    private Response answer(Operation operation, Function<Caller, Response> endpoint) {
        return SessionsMetrics.count(realm, operation, () -> endpoint.apply(SessionsGate.admit(session)));
    }

    private BucketRequests bucket(Caller caller) {
        return new BucketRequests(session, caller, config, bucketJson);
    }

    /**
     * The sessions of that id (the regular one first, then the offline one), if {@link SessionAccess}
     * lets this caller read or log them out.
     */
    private List<UserSessionModel> find(Caller caller, String id, Right needed) {
        List<UserSessionModel> found = id == null || id.isBlank() ? List.of() : Stream.of(
                        session.sessions().getUserSession(realm, id), session.sessions().getOfflineUserSession(realm, id))
                .filter(Objects::nonNull).toList();
        UserSessionModel us = found.isEmpty() ? null : found.get(0);
        UserModel owner = us == null ? null : us.getUser();
        boolean serviceAccount = caller.isServiceAccount();
        // the admin rights are asked only where the verdict can depend on them
        Set<Right> candidates = needed == Right.MANAGE ? EnumSet.of(Right.VIEW, Right.MANAGE) : EnumSet.of(Right.VIEW);
        Asker asker = !serviceAccount ? Asker.person() : Asker.serviceAccount(owner != null ? Set.of()
                : SessionAccess.rights(candidates, r -> r == Right.VIEW ? caller.canViewUsers() : caller.canManageUsers()));
        Target target;
        if (owner == null) {
            target = Target.MISSING;
        } else if (!serviceAccount && caller.owns(us)) {
            target = Target.OWN;
        } else {
            target = Target.others(SessionAccess.rights(candidates,
                    r -> r == Right.VIEW ? caller.canView(owner) : caller.canManage(owner)));
        }
        return switch (SessionAccess.decide(asker, target, needed)) {
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

    private Response view(Caller caller, UserSessionModel us, UserModel user) {
        return views().response(us, user, caller.isCurrent(us), BucketWrites.read(us));
    }

    private SessionViews views() {
        return new SessionViews(session, realm);
    }
}
