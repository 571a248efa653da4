package com.simptel.keycloak.sessions;

import com.simptel.keycloak.common.SimptelMetrics;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.utils.KeycloakSessionUtil;

import java.util.List;
import java.util.Locale;

/**
 * Counts each answer of the API once, where it is built: {@link JsonResponses} for successes,
 * {@link SessionsApiException#getResponse()} for errors (which are thrown from anywhere in a
 * request, the gate included). The operation is named from the method and the path template,
 * never from a session id.
 */
final class SessionsMetrics {

    private static final List<Integer> REFUSED_WRITES = List.of(409, 412, 413);

    private SessionsMetrics() {
    }

    static void answered(int status) {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        RealmModel realm = session == null ? null : session.getContext().getRealm();
        if (realm == null) {
            return;
        }
        String method = session.getContext().getHttpRequest().getHttpMethod();
        String path = SessionsGate.pathBelowApi(session);
        String operation = operation(method, path);
        SimptelMetrics.sessionsRequest(realm.getName(), operation, status);
        if (operation.startsWith("bucket_") && REFUSED_WRITES.contains(status)) {
            SimptelMetrics.bucketWriteRefused(realm.getName(), status);
        }
    }

    /** e.g. {@code list}, {@code session_get}, {@code session_by_id_delete}, {@code bucket_put}; {@code other} for paths the API has not. */
    static String operation(String method, String path) {
        String p = path == null ? "" : ServedMethods.trim(path);
        String resource;
        if (ServedMethods.of(p) == null) {
            return "other";
        } else if (p.isEmpty()) {
            resource = "sessions";
        } else if (p.equals("bucket") || p.equals("session") || p.equals("session/extend") || p.equals("session/refresh")) {
            resource = p.replace('/', '_');
        } else {
            resource = "session_by_id";
        }
        return resource + "_" + method.toLowerCase(Locale.ROOT);
    }
}
