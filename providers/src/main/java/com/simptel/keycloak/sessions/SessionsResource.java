package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AuthenticationManager;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The seed's {@code /sessions} API on Keycloak user sessions, at {@code /realms/{realm}/sessions}.
 * Each request authenticates the bearer token, applies CORS for the token's client, and answers
 * JSON: a session view, or {@code {"error","error_description"}}.
 */
public final class SessionsResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
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

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        Response response = Cors.builder().auth().allowedMethods(METHODS).preflight().add(Response.ok());
        if (session.getContext().getRequestHeaders().getHeaderString(Cors.ORIGIN_HEADER) != null) {
            session.getContext().getHttpResponse().addHeader(Cors.ACCESS_CONTROL_ALLOW_HEADERS, EXTRA_ALLOWED_HEADERS);
        }
        return response;
    }

    /*
     * A method a path does not serve reaches one of these (literal paths and {id} templates are
     * matched first; the root has its own, as a template matching "" would take the root's GET and
     * DELETE too): 405 with Allow, or 404 for a path the API does not have, both with the API's
     * error body. Without them RESTEasy answers 404 {"error":"HTTP 404 Not Found"} whenever
     * another path serves the method. Before authentication, as JAX-RS does.
     */

    @POST
    public Response unservedRootPost() {
        return unserved("POST", "");
    }

    @PUT
    public Response unservedRootPut() {
        return unserved("PUT", "");
    }

    @PATCH
    public Response unservedRootPatch() {
        return unserved("PATCH", "");
    }

    @GET
    @Path("{any:.+}")
    public Response unservedGet(@PathParam("any") String path) {
        return unserved("GET", path);
    }

    @POST
    @Path("{any:.+}")
    public Response unservedPost(@PathParam("any") String path) {
        return unserved("POST", path);
    }

    @PUT
    @Path("{any:.+}")
    public Response unservedPut(@PathParam("any") String path) {
        return unserved("PUT", path);
    }

    @PATCH
    @Path("{any:.+}")
    public Response unservedPatch(@PathParam("any") String path) {
        return unserved("PATCH", path);
    }

    @DELETE
    @Path("{any:.+}")
    public Response unservedDelete(@PathParam("any") String path) {
        return unserved("DELETE", path);
    }

    private Response unserved(String method, String path) {
        List<String> allowed = ServedMethods.of(path);
        SessionsApiException e = allowed == null || allowed.contains(method)
                ? SessionsApiException.noSuchPath(path) : SessionsApiException.methodNotAllowed(method, allowed);
        return Cors.builder().auth().allowedMethods(METHODS).allowAllOrigins()
                .exposedHeaders("Allow").add(error(e));
    }

    /** All active sessions of the caller, newest first, the current one marked. */
    @GET
    public Response list() {
        return handle(caller -> {
            UserSessionModel current = caller.currentSession();
            SessionViews views = views();
            SessionViews.UserPart user = views.userPart(caller.user());
            List<SessionRepresentation> list = session.sessions().getUserSessionsStream(realm, caller.user())
                    .sorted(Comparator.comparingInt(UserSessionModel::getStarted).reversed()
                            .thenComparing(UserSessionModel::getId))
                    .map(us -> views.view(us, user, us.getId().equals(current.getId()), BucketWrites.read(us)))
                    .toList();
            return json(Response.ok(), list);
        });
    }

    /** Logs out several of the caller's sessions: {@code scope=others} (all but the current) or {@code all}. */
    @DELETE
    public Response logoutMany(@QueryParam("scope") String scope) {
        return handle(caller -> {
            UserSessionModel current = caller.currentSession();
            boolean all = "all".equals(scope);
            if (!all && !"others".equals(scope)) {
                throw SessionsApiException.badRequest("Query parameter scope must be 'others' or 'all'");
            }
            List<UserSessionModel> targets = session.sessions().getUserSessionsStream(realm, caller.user())
                    .filter(us -> all || !us.getId().equals(current.getId()))
                    .toList(); // collected first: logging out removes sessions from the stream's source
            SessionEvents events = new SessionEvents(session, realm, caller);
            for (UserSessionModel us : targets) {
                AuthenticationManager.backchannelLogout(session, us, true);
                events.loggedOut(us, all ? "logout.all" : "logout.others");
            }
            return Response.noContent();
        });
    }

    @GET
    @Path("session")
    public Response current() {
        return handle(caller -> viewResponse(caller, caller.currentSession()));
    }

    @DELETE
    @Path("session")
    public Response logoutCurrent() {
        return handle(caller -> logout(caller, caller.currentSession(), "logout.current"));
    }

    @GET
    @Path("session/extend")
    public Response extendGet() {
        return extend();
    }

    @POST
    @Path("session/extend")
    public Response extend() {
        return handle(caller -> {
            UserSessionModel us = caller.currentSession();
            int now = Time.currentTime();
            us.setLastSessionRefresh(now);
            for (AuthenticatedClientSessionModel clientSession : us.getAuthenticatedClientSessions().values()) {
                resetIdleTimer(clientSession, now);
            }
            SessionViews views = views();
            new SessionEvents(session, realm, caller).extended(us,
                    Instant.ofEpochMilli(views.expiresMillis(us)).toString());
            return viewResponse(caller, us);
        });
    }

    /**
     * Keycloak 26.7 marks {@code setTimestamp} for removal without naming a replacement, and still
     * calls it itself on every token refresh ({@code DefaultRefreshTokenProvider}): the client
     * session's timestamp is the idle timer {@code AuthenticationManager.isClientSessionValid}
     * checks, and no other call moves it ({@code restartClientSession} also drops the notes).
     */
    @SuppressWarnings("removal")
    private static void resetIdleTimer(AuthenticatedClientSessionModel clientSession, int now) {
        clientSession.setTimestamp(now);
    }

    @GET
    @Path("session/refresh")
    public Response refreshGet() {
        return refresh();
    }

    /**
     * The fresh view after a profile or role change. Views are always read live from Keycloak's
     * user store (whose cache Keycloak invalidates cluster-wide on every change), so this answers
     * exactly what a new read of the session shows; it exists for the seed's clients.
     */
    @POST
    @Path("session/refresh")
    public Response refresh() {
        return handle(caller -> {
            UserSessionModel us = caller.currentSession();
            UserModel user = session.users().getUserById(realm, caller.user().getId());
            if (user == null) {
                throw Caller.unauthorized(realm, "invalid_token", "The user of this token no longer exists");
            }
            return viewResponse(caller, us, user);
        });
    }

    @GET
    @Path("session/{id}")
    public Response byId(@PathParam("id") String id) {
        return handle(caller -> {
            UserSessionModel us = find(id, caller, false);
            return viewResponse(caller, us, us.getUser());
        });
    }

    @DELETE
    @Path("session/{id}")
    public Response logoutById(@PathParam("id") String id) {
        return handle(caller -> {
            UserSessionModel us = find(id, caller, true);
            return logout(caller, us, caller.isCurrent(us) ? "logout.current" : "logout.session");
        });
    }

    /** Replaces the current session's bucket with the JSON object of the body. */
    @PUT
    @Path("bucket")
    public Response putBucket(InputStream body) {
        return handle(caller -> {
            UserSessionModel us = caller.currentSession();
            String ifMatch = header("If-Match");
            BucketWrites.checkPrecondition(BucketWrites.read(us), ifMatch);
            int limit = config.bucketMaxBytes(realm);
            ObjectNode bucket = bucketJson.parseBody(header(HttpHeaders.CONTENT_TYPE), read(body, limit), BucketJson.JSON);
            String json = bucketJson.serialize(bucket);
            return write(caller, us, ifMatch, current -> json, limit, "bucket.put");
        });
    }

    /** Merges an RFC 7396 merge patch into the current session's bucket. */
    @PATCH
    @Path("bucket")
    public Response patchBucket(InputStream body) {
        return handle(caller -> {
            UserSessionModel us = caller.currentSession();
            String ifMatch = header("If-Match");
            BucketWrites.checkPrecondition(BucketWrites.read(us), ifMatch);
            int limit = config.bucketMaxBytes(realm);
            ObjectNode patch;
            try {
                patch = bucketJson.parseBody(header(HttpHeaders.CONTENT_TYPE), read(body, limit),
                        BucketJson.MERGE_PATCH_JSON);
            } catch (SessionsApiException e) {
                if (e.status() == 415) {
                    e.header("Accept-Patch", BucketJson.MERGE_PATCH_JSON);
                }
                throw e;
            }
            // merged into the bucket as stored when this write's turn comes: no merge is lost
            return write(caller, us, ifMatch,
                    current -> bucketJson.serialize(MergePatch.apply(bucketJson.parseStored(current.json()), patch)),
                    limit, "bucket.patch");
        });
    }

    private Response.ResponseBuilder write(Caller caller, UserSessionModel us, String ifMatch, BucketWrites.Change change,
                                           int limit, String action) {
        SessionNotes.Bucket written = new BucketWrites(session).write(realm, us.getId(), ifMatch, current -> {
            String bucket = change.apply(current);
            int bytes = BucketJson.utf8Length(bucket);
            if (bytes > limit) {
                throw SessionsApiException.tooLarge("The bucket would be " + bytes + " bytes; this realm allows "
                        + limit + ". Nothing was written.");
            }
            return bucket;
        });
        new SessionEvents(session, realm, caller).bucketWritten(us, action, BucketJson.utf8Length(written.json()),
                written.version());
        // the view shows this request's write, even if a concurrent one has touched the note since
        return viewResponse(caller, us, caller.user(), written);
    }

    private Response.ResponseBuilder logout(Caller caller, UserSessionModel us, String action) {
        AuthenticationManager.backchannelLogout(session, us, true);
        new SessionEvents(session, realm, caller).loggedOut(us, action);
        return Response.noContent();
    }

    /**
     * One session by id: the caller's own, or any with realm-management view-users (read) or
     * manage-users (delete). Anything else is 404, exactly like an unknown id.
     */
    private UserSessionModel find(String id, Caller caller, boolean forDelete) {
        UserSessionModel us = id == null || id.isBlank() ? null : session.sessions().getUserSession(realm, id);
        if (us == null || us.getUser() == null) {
            if (caller.isServiceAccount() && !(forDelete ? caller.canManageUsers() : caller.canViewUsers())) {
                throw serviceAccountForbidden();
            }
            throw SessionsApiException.notFound();
        }
        if (!caller.isServiceAccount() && caller.owns(us)) {
            return us;
        }
        if (forDelete ? caller.canManage(us.getUser()) : caller.canView(us.getUser())) {
            return us;
        }
        if (forDelete && caller.canView(us.getUser())) {
            // it can see the session anyway, so saying why is no leak
            throw SessionsApiException.forbidden("Logging out another user's session needs realm-management manage-users");
        }
        if (caller.isServiceAccount()) {
            throw serviceAccountForbidden();
        }
        throw SessionsApiException.notFound();
    }

    private static SessionsApiException serviceAccountForbidden() {
        return SessionsApiException.forbidden("Service accounts need realm-management view-users (read) or"
                + " manage-users (delete) to reach sessions by id");
    }

    private Response.ResponseBuilder viewResponse(Caller caller, UserSessionModel us) {
        return viewResponse(caller, us, caller.user());
    }

    private Response.ResponseBuilder viewResponse(Caller caller, UserSessionModel us, UserModel user) {
        return viewResponse(caller, us, user, BucketWrites.read(us));
    }

    private Response.ResponseBuilder viewResponse(Caller caller, UserSessionModel us, UserModel user,
                                                  SessionNotes.Bucket bucket) {
        SessionViews views = views();
        SessionRepresentation view = views.view(us, views.userPart(user), caller.isCurrent(us), bucket);
        return json(Response.ok(), view).header(HttpHeaders.ETAG, EntityTags.quote(bucket.version()));
    }

    private SessionViews views() {
        return new SessionViews(session, realm);
    }

    private String header(String name) {
        return session.getContext().getRequestHeaders().getHeaderString(name);
    }

    private static byte[] read(InputStream body, int bucketMaxBytes) {
        int cap = SessionsConfig.readLimit(bucketMaxBytes);
        if (body == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = body.readNBytes(cap + 1);
            if (bytes.length > cap) {
                throw SessionsApiException.tooLarge("The request body is larger than " + cap
                        + " bytes; this realm's bucket limit is " + bucketMaxBytes + " bytes. Nothing was written.");
            }
            return bytes;
        } catch (IOException e) {
            throw SessionsApiException.badRequest("The request body could not be read");
        }
    }

    private interface Action {
        Response.ResponseBuilder run(Caller caller);
    }

    /** Authentication, CORS and error answers, the same for every endpoint. */
    private Response handle(Action action) {
        Cors cors = Cors.builder().auth().allowedMethods(METHODS)
                .exposedHeaders(HttpHeaders.ETAG, HttpHeaders.WWW_AUTHENTICATE);
        try {
            Caller caller;
            try {
                caller = Caller.authenticate(session);
            } catch (SessionsApiException e) {
                cors.allowAllOrigins(); // the error carries no data: let any page read why it failed
                throw e;
            }
            try {
                cors.checkAllowedOrigins(caller.token());
            } catch (ForbiddenException e) {
                throw SessionsApiException.forbidden("Origin is not allowed for this token's client");
            }
            return cors.add(noStore(action.run(caller)));
        } catch (SessionsApiException e) {
            return cors.add(error(e));
        }
    }

    static Response.ResponseBuilder error(SessionsApiException e) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("error", e.error()).put("error_description", e.description());
        Response.ResponseBuilder response = json(Response.status(e.status()), body);
        e.headers().forEach(response::header);
        return noStore(response);
    }

    private static Response.ResponseBuilder json(Response.ResponseBuilder builder, Object body) {
        try {
            return builder.entity(JSON.writeValueAsString(body)).type(MediaType.APPLICATION_JSON_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Session view could not be written", e);
        }
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder builder) {
        return builder.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }
}
