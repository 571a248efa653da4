package com.simptel.keycloak.sessions;

import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the API records, visible in the admin console (Events): a logout is Keycloak's own user
 * event {@code LOGOUT}, as the account console's sign-out records it. Keycloak has no user event
 * type for "session extended" or "bucket written", so those are admin events on the resource
 * {@code USER_SESSION}, whose auth details name the calling user and client. The bucket's content
 * is never recorded (it may hold MFA inputs), only its size and version.
 */
final class SessionEvents {

    /** Event detail naming what the sessions API did. */
    static final String ACTION = "simptel_sessions_action";
    /** Event detail: whether the logged-out session was an offline one. */
    static final String OFFLINE = "offline";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Caller caller;
    private final ClientConnection connection;

    SessionEvents(KeycloakSession session, RealmModel realm, Caller caller) {
        this(session, realm, caller, session.getContext().getConnection());
    }

    /** Events recorded in {@code session}'s transaction for a request whose client is {@code connection}. */
    SessionEvents(KeycloakSession session, RealmModel realm, Caller caller, ClientConnection connection) {
        this.session = session;
        this.realm = realm;
        this.caller = caller;
        this.connection = connection;
    }

    void loggedOut(UserSessionModel target, String action) {
        new EventBuilder(realm, session, connection)
                .event(EventType.LOGOUT)
                .client(caller.client())
                .user(target.getUser())
                .session(target.getId())
                .detail(ACTION, action)
                .detail("actor", caller.user().getId())
                .detail(OFFLINE, Boolean.toString(target.isOffline()))
                .success();
        if (!caller.owns(target)) {
            admin(OperationType.DELETE, target, null, Map.of(ACTION, action, OFFLINE, Boolean.toString(target.isOffline())));
        }
    }

    void extended(UserSessionModel target, String expires) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(ACTION, "extend");
        details.put("expires", expires);
        admin(OperationType.ACTION, target, "extend", details);
    }

    void bucketWritten(UserSessionModel target, String action, int bytes, String version) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(ACTION, action);
        details.put("bucket_bytes", Integer.toString(bytes));
        details.put("bucket_version", version);
        admin(OperationType.UPDATE, target, "bucket", details);
    }

    private void admin(OperationType operation, UserSessionModel target, String sub, Map<String, String> details) {
        AdminEventBuilder event = new AdminEventBuilder(realm, caller.adminAuth(), session, connection)
                .operation(operation)
                .resource(ResourceType.USER_SESSION);
        if (sub == null) {
            event.resourcePath("users", target.getUser().getId(), "sessions", target.getId());
        } else {
            event.resourcePath("users", target.getUser().getId(), "sessions", target.getId(), sub);
        }
        details.forEach(event::detail);
        event.representation(new LinkedHashMap<>(details)).success();
    }
}
