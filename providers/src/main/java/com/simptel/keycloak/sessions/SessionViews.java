package com.simptel.keycloak.sessions;

import com.simptel.keycloak.authmode.AuthMode;
import com.simptel.keycloak.sessions.SessionRepresentation.Authentication;
import com.simptel.keycloak.sessions.SessionRepresentation.Authorization;
import com.simptel.keycloak.sessions.SessionRepresentation.Cookie;
import com.simptel.keycloak.sessions.SessionRepresentation.MfaMethod;
import com.simptel.keycloak.sessions.SessionRepresentation.Request;
import com.simptel.keycloak.sessions.SessionRepresentation.User;
import jakarta.ws.rs.core.Response;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The session object of the sessions API, filled from Keycloak's user session, user and client
 * sessions. Always read live: a profile or role change shows in the next view.
 */
final class SessionViews {

    /** User attributes holding the phone fields (user profile attribute names). */
    static final String PHONE_ATTRIBUTE = "phoneNumber";
    static final String PHONE_VERIFIED_ATTRIBUTE = "phoneNumberVerified";

    private static final Set<String> FIRST_FACTOR_TYPES =
            Set.of(PasswordCredentialModel.TYPE, PasswordCredentialModel.PASSWORD_HISTORY);
    /** What a session shows when no user agent was recorded for it. */
    private static final String UNKNOWN_USER_AGENT = "{\"ua\":null}";

    private final KeycloakSession session;
    private final RealmModel realm;

    SessionViews(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The parts that depend on the user only: computed once for a list of their sessions. */
    record UserPart(User user, Map<String, List<String>> permission) {
    }

    UserPart userPart(UserModel user) {
        List<MfaMethod> methods = user.credentialManager().getStoredCredentialsStream()
                .filter(c -> !FIRST_FACTOR_TYPES.contains(c.getType()))
                .map(c -> new MfaMethod(c.getType(), label(c)))
                .toList();
        List<String> issuers = session.users().getFederatedIdentitiesStream(realm, user)
                .map(f -> f.getIdentityProvider()).sorted().toList();
        Long created = user.getCreatedTimestamp();
        User view = new User(user.getId(), user.getUsername(), user.getEmail(), user.getFirstName(),
                user.getLastName(), user.getFirstAttribute(PHONE_ATTRIBUTE), user.isEmailVerified(),
                Boolean.parseBoolean(user.getFirstAttribute(PHONE_VERIFIED_ATTRIBUTE)), user.isEnabled(),
                created == null ? null : Instant.ofEpochMilli(created).toString(), methods,
                (int) methods.stream().map(MfaMethod::name).distinct().count(), new Authentication(issuers));
        Map<String, List<String>> permission = Permissions.fromRoleNames(
                RoleUtils.getDeepUserRoleMappings(user).stream().map(RoleModel::getName));
        return new UserPart(view, permission);
    }

    SessionRepresentation view(UserSessionModel us, UserPart user, boolean current, SessionNotes.Bucket bucket) {
        String expires = Instant.ofEpochMilli(expiresMillis(us)).toString();
        long startedMillis = TimeUnit.SECONDS.toMillis(us.getStarted());
        long max = SessionExpirationUtils.calculateUserSessionMaxLifespanTimestamp(us.isOffline(), us.isRememberMe(),
                startedMillis, realm);
        long originalMaxAge = (max == -1 ? expiresMillis(us) : max) - startedMillis;
        Cookie cookie = new Cookie(originalMaxAge, expires, isSecure(), true, "/realms/" + realm.getName() + "/");
        String userAgent = us.getNote(SessionNotes.USER_AGENT);
        SessionRepresentation.Data data = new SessionRepresentation.Data(cookie, user.user(), user.user().email(),
                user.user().phonenumber(), userAgent == null ? UNKNOWN_USER_AGENT : userAgent, us.getIpAddress(),
                user.permission(), bucket.json(), us.getId(),
                AuthMode.fromNote(us.getNote(AuthMode.USER_SESSION_NOTE)).value(), us.isRememberMe(),
                Instant.ofEpochSecond(us.getStarted()).toString(),
                Instant.ofEpochSecond(us.getLastSessionRefresh()).toString(), authorize(us));
        return new SessionRepresentation(us.getId(), expires, current, us.isOffline(), data);
    }

    /** 200 with the session's view and its bucket's version as ETag. */
    Response response(UserSessionModel us, UserModel user, boolean current, SessionNotes.Bucket bucket) {
        return JsonResponses.ok(view(us, userPart(user), current, bucket), EntityTags.quote(bucket.version()));
    }

    /**
     * The moment the session ends unless used: idle timeout from the last refresh, capped by its max
     * (an offline session's by the realm's Offline Session Idle and, if limited, Offline Session Max).
     */
    long expiresMillis(UserSessionModel us) {
        long idle = SessionExpirationUtils.calculateUserSessionIdleTimestamp(us.isOffline(), us.isRememberMe(),
                TimeUnit.SECONDS.toMillis(us.getLastSessionRefresh()), realm);
        long max = SessionExpirationUtils.calculateUserSessionMaxLifespanTimestamp(us.isOffline(), us.isRememberMe(),
                TimeUnit.SECONDS.toMillis(us.getStarted()), realm);
        return max == -1 ? idle : Math.min(idle, max);
    }

    private Map<String, Authorization> authorize(UserSessionModel us) {
        Map<String, Authorization> byClient = new TreeMap<>();
        for (AuthenticatedClientSessionModel cs : us.getAuthenticatedClientSessions().values()) {
            ClientModel client = cs.getClient();
            if (client == null) {
                continue;
            }
            String responseType = cs.getNote(OIDCLoginProtocol.RESPONSE_TYPE_PARAM);
            String scopes = cs.getNote(OIDCLoginProtocol.SCOPE_PARAM);
            List<String> scope = scopes == null ? List.of()
                    : Arrays.stream(scopes.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
            Request request = new Request(responseType == null ? "code" : responseType, client.getClientId(),
                    cs.getRedirectUri(), scope);
            byClient.put(client.getClientId(), new Authorization(cs.getProtocol(), client.getClientId(),
                    cs.getRedirectUri(), request));
        }
        return byClient;
    }

    private boolean isSecure() {
        return "https".equalsIgnoreCase(session.getContext().getUri().getBaseUri().getScheme())
                || realm.getSslRequired().isRequired(session.getContext().getConnection());
    }

    private static String label(CredentialModel c) {
        return c.getUserLabel() == null || c.getUserLabel().isBlank() ? c.getType() : c.getUserLabel();
    }
}
