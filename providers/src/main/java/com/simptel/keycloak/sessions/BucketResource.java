package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code /sessions/bucket}: the JSON object kept on the caller's current session, replaced by
 * {@code PUT} or merged by an RFC 7396 {@code PATCH}, optionally conditional on {@code If-Match}.
 */
public final class BucketResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Caller caller;
    private final SessionsConfig config;
    private final BucketJson bucketJson;

    BucketResource(KeycloakSession session, Caller caller, SessionsConfig config, BucketJson bucketJson) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.caller = caller;
        this.config = config;
        this.bucketJson = bucketJson;
    }

    /** Replaces the bucket with the JSON object of the body. */
    @PUT
    public Response put(InputStream body) {
        UserSessionModel us = caller.currentSession();
        String ifMatch = header("If-Match");
        BucketWrites.checkPrecondition(BucketWrites.read(us), ifMatch);
        int limit = config.bucketMaxBytes(realm);
        String json = bucketJson.serialize(bucketJson.parseBody(header(HttpHeaders.CONTENT_TYPE), read(body, limit),
                BucketJson.JSON));
        return write(us, ifMatch, current -> json, limit, "bucket.put");
    }

    /** Merges an RFC 7396 merge patch into the bucket. */
    @PATCH
    public Response patch(InputStream body) {
        UserSessionModel us = caller.currentSession();
        String ifMatch = header("If-Match");
        BucketWrites.checkPrecondition(BucketWrites.read(us), ifMatch);
        int limit = config.bucketMaxBytes(realm);
        ObjectNode patch;
        try {
            patch = bucketJson.parseBody(header(HttpHeaders.CONTENT_TYPE), read(body, limit),
                    BucketJson.MERGE_PATCH_JSON);
        } catch (SessionsApiException e) {
            throw e.status() == 415 ? e.header("Accept-Patch", BucketJson.MERGE_PATCH_JSON) : e;
        }
        // merged into the bucket as stored when this write's turn comes: no merge is lost
        return write(us, ifMatch,
                current -> bucketJson.serialize(MergePatch.apply(bucketJson.parseStored(current.json()), patch)),
                limit, "bucket.patch");
    }

    private Response write(UserSessionModel us, String ifMatch, BucketWrites.Change change, int limit, String action) {
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
        return new SessionViews(session, realm).response(us, caller.user(), true, written);
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
}
