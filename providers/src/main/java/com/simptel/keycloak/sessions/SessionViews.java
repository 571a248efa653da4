package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.simptel.keycloak.authmode.AuthMode;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.models.utils.SessionExpirationUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The session object of the sessions API, filled from Keycloak's user session, user and client sessions.
 * Always read live: a profile or role change shows in the next view.
 */
final class SessionViews {

    /** User attributes holding the phone fields (user profile attribute names). */
    static final String PHONE_ATTRIBUTE = "phoneNumber";
    static final String PHONE_VERIFIED_ATTRIBUTE = "phoneNumberVerified";

    private static final Set<String> FIRST_FACTOR_TYPES =
            Set.of(PasswordCredentialModel.TYPE, PasswordCredentialModel.PASSWORD_HISTORY);

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final KeycloakSession session;
    private final RealmModel realm;

    SessionViews(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The parts that depend on the user only: computed once for a list of their sessions. */
    record UserPart(ObjectNode user, ObjectNode permission, String email, String phone) {
    }

    UserPart userPart(UserModel user) {
        ObjectNode u = F.objectNode();
        u.put("_id", user.getId());
        u.put("username", user.getUsername());
        u.put("email", user.getEmail());
        u.put("firstname", user.getFirstName());
        u.put("lastname", user.getLastName());
        String phone = user.getFirstAttribute(PHONE_ATTRIBUTE);
        u.put("phonenumber", phone);
        u.put("emailVerified", user.isEmailVerified());
        u.put("phoneVerified", Boolean.parseBoolean(user.getFirstAttribute(PHONE_VERIFIED_ATTRIBUTE)));
        u.put("active", user.isEnabled());
        Long created = user.getCreatedTimestamp();
        u.put("createdAt", created == null ? null : Instant.ofEpochMilli(created).toString());

        ArrayNode methods = u.putArray("mfaMethods");
        Set<String> types = new TreeSet<>();
        user.credentialManager().getStoredCredentialsStream()
                .filter(c -> !FIRST_FACTOR_TYPES.contains(c.getType()))
                .forEach(c -> {
                    types.add(c.getType());
                    methods.addObject().put("name", c.getType()).put("value", label(c));
                });
        u.put("mfaSteps", types.size());

        ArrayNode issuers = u.putObject("authentication").putArray("issuer");
        session.users().getFederatedIdentitiesStream(realm, user)
                .map(f -> f.getIdentityProvider()).sorted().forEach(issuers::add);

        ObjectNode permission = F.objectNode();
        Map<String, List<String>> perms = Permissions.fromRoleNames(
                RoleUtils.getDeepUserRoleMappings(user).stream().map(RoleModel::getName));
        perms.forEach((verb, resources) -> resources.forEach(permission.putArray(verb)::add));
        return new UserPart(u, permission, user.getEmail(), phone);
    }

    ObjectNode view(UserSessionModel us, UserPart user, boolean current, SessionNotes.Bucket bucket) {
        long expires = expiresMillis(us);
        ObjectNode root = F.objectNode();
        root.put("_id", us.getId());
        root.put("expires", Instant.ofEpochMilli(expires).toString());
        root.put("current", current);

        ObjectNode data = root.putObject("data");
        ObjectNode cookie = data.putObject("cookie");
        long max = SessionExpirationUtils.calculateUserSessionMaxLifespanTimestamp(false, us.isRememberMe(),
                TimeUnit.SECONDS.toMillis(us.getStarted()), realm);
        long originalMaxAge = max == -1 ? expires - TimeUnit.SECONDS.toMillis(us.getStarted())
                : max - TimeUnit.SECONDS.toMillis(us.getStarted());
        cookie.put("originalMaxAge", originalMaxAge);
        cookie.put("expires", Instant.ofEpochMilli(expires).toString());
        cookie.put("secure", isSecure());
        cookie.put("httpOnly", true);
        cookie.put("path", "/realms/" + realm.getName() + "/");

        data.set("user", user.user());
        data.put("email", user.email());
        data.put("phonenumber", user.phone());
        String ua = us.getNote(SessionNotes.USER_AGENT);
        if (ua != null) {
            data.putRawValue("useragent", new RawValue(ua));
        } else {
            data.set("useragent", F.objectNode().putNull("ua"));
        }
        data.put("ip", us.getIpAddress());
        data.set("permission", user.permission());
        // stored by us as compact JSON of an object, so it is embedded as it is, unparsed
        data.putRawValue("MFAInputsBucket", new RawValue(bucket.json()));
        data.put("sessionID", us.getId());
        data.put(AuthMode.CLAIM, AuthMode.fromNote(us.getNote(AuthMode.USER_SESSION_NOTE)).value());
        data.put("rememberMe", us.isRememberMe());
        data.put("started", Instant.ofEpochSecond(us.getStarted()).toString());
        data.put("lastAccess", Instant.ofEpochSecond(us.getLastSessionRefresh()).toString());
        data.set("authorize", authorize(us));
        return root;
    }

    /** The moment the session ends unless used: idle timeout from the last refresh, capped by its max. */
    long expiresMillis(UserSessionModel us) {
        long idle = SessionExpirationUtils.calculateUserSessionIdleTimestamp(false, us.isRememberMe(),
                TimeUnit.SECONDS.toMillis(us.getLastSessionRefresh()), realm);
        long max = SessionExpirationUtils.calculateUserSessionMaxLifespanTimestamp(false, us.isRememberMe(),
                TimeUnit.SECONDS.toMillis(us.getStarted()), realm);
        return max == -1 ? idle : Math.min(idle, max);
    }

    private ObjectNode authorize(UserSessionModel us) {
        Map<String, ObjectNode> byClient = new TreeMap<>();
        for (AuthenticatedClientSessionModel cs : us.getAuthenticatedClientSessions().values()) {
            ClientModel client = cs.getClient();
            if (client == null) {
                continue;
            }
            ObjectNode entry = F.objectNode();
            entry.put("protocol", cs.getProtocol());
            entry.put("client", client.getClientId());
            entry.put("redirectURI", cs.getRedirectUri());
            ObjectNode req = entry.putObject("req");
            String responseType = cs.getNote(OIDCLoginProtocol.RESPONSE_TYPE_PARAM);
            req.put("type", responseType == null ? "code" : responseType);
            req.put("clientID", client.getClientId());
            req.put("redirectURI", cs.getRedirectUri());
            ArrayNode scope = req.putArray("scope");
            String scopes = cs.getNote(OIDCLoginProtocol.SCOPE_PARAM);
            if (scopes != null) {
                for (String s : scopes.trim().split("\\s+")) {
                    if (!s.isEmpty()) {
                        scope.add(s);
                    }
                }
            }
            byClient.put(client.getClientId(), entry);
        }
        ObjectNode authorize = F.objectNode();
        byClient.forEach(authorize::set);
        return authorize;
    }

    private boolean isSecure() {
        return "https".equalsIgnoreCase(session.getContext().getUri().getBaseUri().getScheme())
                || realm.getSslRequired().isRequired(session.getContext().getConnection());
    }

    private static String label(CredentialModel c) {
        return c.getUserLabel() == null || c.getUserLabel().isBlank() ? c.getType() : c.getUserLabel();
    }
}
