package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.simptel.keycloak.common.SimptelMetrics;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

import java.io.IOException;
import java.io.InputStream;

/**
 * The requests of {@code /sessions/bucket} (routed by {@link SessionsResource}): the JSON object
 * kept on the caller's current session, replaced by {@code PUT} or merged by an RFC 7396
 * {@code PATCH}, optionally conditional on {@code If-Match}.
 */
final class BucketRequests {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Caller caller;
    private final SessionsConfig config;
    private final BucketJson bucketJson;

    BucketRequests(KeycloakSession session, Caller caller, SessionsConfig config, BucketJson bucketJson) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.caller = caller;
        this.config = config;
        this.bucketJson = bucketJson;
    }

    /** Replaces the bucket with the JSON object of the body. */
    Response put(InputStream body) {
        Request request = read(body, BucketJson.JSON);
        String json = bucketJson.serialize(request.body());
        return write(request, current -> json, "bucket.put");
    }

    /** Merges an RFC 7396 merge patch into the bucket. */
    Response patch(InputStream body) {
        Request request = read(body, BucketJson.MERGE_PATCH_JSON);
        // merged into the bucket as stored when this write's turn comes: no merge is lost
        return write(request, current -> bucketJson.serialize(
                MergePatch.apply(bucketJson.parseStored(current.json()), request.body())), "bucket.patch");
    }

    /** A write's session, condition, size limit and parsed body. */
    private record Request(UserSessionModel userSession, String ifMatch, int limit, ObjectNode body) {
    }

    /** Checks If-Match first (cheap), then reads and parses the body within the realm's size limit. */
    private Request read(InputStream body, String mediaType) {
        UserSessionModel us = caller.currentSession();
        String ifMatch = header("If-Match");
        BucketWrites.checkPrecondition(BucketWrites.read(us), ifMatch);
        int limit = config.bucketMaxBytes(realm);
        try {
            return new Request(us, ifMatch, limit,
                    bucketJson.parseBody(header(HttpHeaders.CONTENT_TYPE), bytes(body, limit), mediaType));
        } catch (SessionsApiException e) {
            boolean patch = BucketJson.MERGE_PATCH_JSON.equals(mediaType);
            throw patch && e.status() == 415 ? e.header("Accept-Patch", BucketJson.MERGE_PATCH_JSON) : e;
        }
    }

    private Response write(Request request, BucketWrites.Change change, String action) {
        UserSessionModel us = request.userSession();
        SessionNotes.Bucket written = new BucketWrites(session).write(realm, us.getId(), request.ifMatch(), current -> {
            String bucket = change.apply(current);
            int bytes = BucketJson.utf8Length(bucket);
            if (bytes > request.limit()) {
                throw SessionsApiException.tooLarge("The bucket would be " + bytes + " bytes; this realm allows "
                        + request.limit() + ". Nothing was written.");
            }
            return bucket;
        }, (nested, stored, bucket) -> new SessionEvents(nested, nested.getContext().getRealm(), caller,
                session.getContext().getConnection())
                .bucketWritten(stored, action, BucketJson.utf8Length(bucket.json()), bucket.version()));
        SimptelMetrics.bucketWritten(realm.getName(), BucketJson.utf8Length(written.json()));
        // the view shows this request's write, even if a concurrent one has touched the note since
        return new SessionViews(session, realm).response(us, caller.user(), true, written);
    }

    private String header(String name) {
        return session.getContext().getRequestHeaders().getHeaderString(name);
    }

    private static byte[] bytes(InputStream body, int bucketMaxBytes) {
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
