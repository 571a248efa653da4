package com.simptel.keycloak.sessions;

import com.simptel.keycloak.common.SimptelMetrics;
import org.keycloak.models.RealmModel;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Counts each answer of the API once, where the resource method that made it returns or throws
 * ({@link SessionsResource}, {@link AdminSessionsResource}). Each resource method names its
 * {@link Operation}; never a session id.
 */
final class SessionsMetrics {

    /** The {@code operation} tag: the path template and the method, e.g. {@code session_by_id_delete}. */
    enum Operation {
        SESSIONS_GET,
        SESSIONS_DELETE,
        SESSION_GET,
        SESSION_DELETE,
        SESSION_EXTEND_GET,
        SESSION_EXTEND_POST,
        SESSION_REFRESH_GET,
        SESSION_REFRESH_POST,
        SESSION_BY_ID_GET,
        SESSION_BY_ID_DELETE,
        BUCKET_PUT,
        BUCKET_PATCH,
        /** The admin's {@code GET /admin/realms/{realm}/simptel-sessions/users/{id}}. */
        ADMIN_USER_SESSIONS_GET,
        /** A path or method the API does not serve (404, 405). */
        OTHER;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean writesBucket() {
            return this == BUCKET_PUT || this == BUCKET_PATCH;
        }
    }

    private static final List<Integer> REFUSED_WRITES = List.of(409, 412, 413);

    private SessionsMetrics() {
    }

    /** Makes the answer and counts it: its status, or the status of the error it throws (500 for a fault). */
    static Response count(RealmModel realm, Operation operation, Supplier<Response> answer) {
        int status = 500;
        try {
            Response response = answer.get();
            status = response.getStatus();
            return response;
        } catch (SessionsApiException e) {
            status = e.status();
            throw e;
        } catch (WebApplicationException e) {
            status = e.getResponse().getStatus();
            throw e;
        } finally {
            answered(realm, operation, status);
        }
    }

    static void answered(RealmModel realm, Operation operation, int status) {
        if (realm == null) {
            return;
        }
        SimptelMetrics.sessionsRequest(realm.getName(), operation.tag(), status);
        if (operation.writesBucket() && REFUSED_WRITES.contains(status)) {
            SimptelMetrics.bucketWriteRefused(realm.getName(), status);
        }
    }
}
