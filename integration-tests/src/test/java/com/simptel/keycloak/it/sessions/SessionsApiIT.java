package com.simptel.keycloak.it.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.simptel.keycloak.it.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The session endpoints on the real server: reads, logouts, extend, refresh, events. */
@SimptelIT
class SessionsApiIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final String IT_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/156.0.0.0 Safari/537.36 simptel-it";

    @Test
    void currentSessionIsTheSessionObjectFilledFromKeycloak(SimptelServer server) {
        TestUser user = users.user("view").realmRoles("read:reports", "create:reports").clientRoles("simptel-web", "read:invoices").create();
        SessionLogin login = SessionLogin.web(server, user);

        JsonResponse r = login.api(server).current();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("ETag")).isEqualTo("\"0\"");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        JsonNode v = r.json();
        assertThat(v.path("_id").asText()).isEqualTo(login.sessionId());
        assertThat(v.path("current").asBoolean()).isTrue();
        JsonNode data = v.path("data");
        assertThat(data.path("sessionID").asText()).isEqualTo(login.sessionId());
        assertThat(data.path("user").path("_id").asText()).isEqualTo(user.id());
        assertThat(data.path("user").path("username").asText()).isEqualTo(user.username());
        assertThat(data.path("user").path("email").asText()).isEqualTo(user.username() + "@simptel.test");
        assertThat(data.path("user").path("firstname").asText()).isEqualTo("Test");
        assertThat(data.path("user").path("active").asBoolean()).isTrue();
        assertThat(data.path("user").path("mfaMethods").isArray()).isTrue();
        assertThat(data.path("email").asText()).isEqualTo(user.username() + "@simptel.test");
        assertThat(data.path("permission").path("read").toString()).isEqualTo("[\"invoices\",\"reports\"]");
        assertThat(data.path("permission").path("create").toString()).isEqualTo("[\"reports\"]");
        assertThat(data.path("permission").path("delete").toString()).isEqualTo("[]");
        assertThat(data.path("useragent").path("ua").asText()).isEqualTo(IT_USER_AGENT);
        assertThat(data.path("useragent").path("browser").path("name").asText()).isEqualTo("Chrome");
        assertThat(data.path("useragent").path("browser").path("major").asText()).isEqualTo("156");
        assertThat(data.path("useragent").path("engine").path("name").asText()).isEqualTo("Blink");
        assertThat(data.path("useragent").path("cpu").path("architecture").asText()).isEqualTo("amd64");
        assertThat(data.path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(data.path("MFAInputsBucket").isObject()).isTrue();
        assertThat(data.path("MFAInputsBucket").isEmpty()).isTrue();
        assertThat(data.path("auth_mode").asText()).isEqualTo("authentication");
        assertThat(data.path("cookie").path("path").asText()).isEqualTo("/realms/simptel/");
        assertThat(data.path("cookie").path("httpOnly").asBoolean()).isTrue();
        JsonNode web = data.path("authorize").path("simptel-web");
        assertThat(web.path("client").asText()).isEqualTo("simptel-web");
        assertThat(web.path("protocol").asText()).isEqualTo("openid-connect");
        assertThat(web.path("redirectURI").asText()).isEqualTo("http://localhost:3000/callback");
        assertThat(web.path("req").path("scope").toString()).contains("\"openid\"");

        Instant expires = Instant.parse(v.path("expires").asText());
        Instant started = Instant.parse(data.path("started").asText());
        RealmRepresentation realm = server.realm().toRepresentation();
        assertThat(expires).isAfter(Instant.now())
                .isBeforeOrEqualTo(Instant.now().plusSeconds(realm.getSsoSessionIdleTimeout() + 1))
                .isBeforeOrEqualTo(started.plusSeconds(realm.getSsoSessionMaxLifespan()));
        assertThat(data.path("cookie").path("originalMaxAge").asLong())
                .isEqualTo(realm.getSsoSessionMaxLifespan() * 1000L);
    }

    @Test
    void accessTokensCarryTheSamePermissionObject(SimptelServer server) {
        TestUser user = users.user("claim").realmRoles("read:reports", "delete:reports").clientRoles("simptel-web", "update:invoices").create();
        SessionLogin login = SessionLogin.web(server, user);

        JsonNode claim = SessionLogin.claims(login.accessToken()).path("permission");
        JsonNode view = login.api(server).current().json().path("data").path("permission");

        assertThat(claim.path("read").toString()).isEqualTo("[\"reports\"]");
        assertThat(claim.path("update").toString()).isEqualTo("[\"invoices\"]");
        assertThat(claim.path("delete").toString()).isEqualTo("[\"reports\"]");
        assertThat(claim).isEqualTo(view);
    }

    @Test
    void demoUserAliceHasHerRealmConfigPermissions(SimptelServer server) {
        SessionLogin login = SessionLogin.through(server, OidcClient.web(server), "alice", "alice-password");
        JsonNode permission = SessionLogin.claims(login.accessToken()).path("permission");
        assertThat(permission.path("read").toString()).isEqualTo("[\"invoices\",\"profile\",\"reports\"]");
        assertThat(permission.path("create").toString()).isEqualTo("[\"reports\"]");
        JsonNode roles = SessionLogin.claims(login.accessToken()).path("realm_access").path("roles");
        assertThat(roles.toString()).contains("offline_access"); // default roles kept
        assertThat(login.api(server).logoutCurrent().status()).isEqualTo(204);
    }

    @Test
    void listShowsAllOfTheCallersSessionsNewestFirstWithTheCurrentMarked(SimptelServer server) throws Exception {
        TestUser user = users.create("list");
        SessionLogin first = SessionLogin.web(server, user);
        Await.nextSecond(); // session start times have second precision: the order needs distinct seconds
        SessionLogin second = SessionLogin.spa(server, user);
        Await.nextSecond();
        SessionLogin third = SessionLogin.web(server, user);
        TestUser other = users.create("list-other");
        SessionLogin.web(server, other);

        JsonResponse r = second.api(server).list();

        assertThat(r.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().forEach(s -> ids.add(s.path("_id").asText()));
        assertThat(ids).containsExactly(third.sessionId(), second.sessionId(), first.sessionId());
        r.json().forEach(s -> {
            assertThat(s.path("current").asBoolean()).isEqualTo(s.path("_id").asText().equals(second.sessionId()));
            assertThat(s.path("data").path("user").path("_id").asText()).isEqualTo(user.id());
        });
        assertThat(r.json().get(1).path("data").path("authorize").has("simptel-spa")).isTrue();
    }

    @Test
    void oneSessionByIdIsTheCallersOwnAndAnotherUsersIdIsJustNotFound(SimptelServer server) {
        TestUser user = users.create("byid");
        SessionLogin a = SessionLogin.web(server, user);
        SessionLogin b = SessionLogin.web(server, user);
        SessionLogin stranger = SessionLogin.web(server, users.create("byid-stranger"));

        JsonResponse own = a.api(server).byId(b.sessionId());
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().path("_id").asText()).isEqualTo(b.sessionId());
        assertThat(own.json().path("current").asBoolean()).isFalse();
        assertThat(a.api(server).byId(a.sessionId()).json().path("current").asBoolean()).isTrue();

        JsonResponse foreign = a.api(server).byId(stranger.sessionId());
        JsonResponse unknown = a.api(server).byId("no-such-session");
        assertError(foreign, 404, "not_found");
        assertError(unknown, 404, "not_found");
        assertThat(foreign.body()).isEqualTo(unknown.body());

        JsonResponse foreignDelete = a.api(server).logoutById(stranger.sessionId());
        assertError(foreignDelete, 404, "not_found");
        assertThat(foreignDelete.body()).isEqualTo(a.api(server).logoutById("no-such-session").body());
        assertThat(stranger.introspectsActive(server)).isTrue();
        assertThat(stranger.api(server).current().status()).isEqualTo(200);
    }

    @Test
    void deletingAnotherOfMySessionsLogsItOutAsKeycloakDoes(SimptelServer server) {
        TestUser user = users.create("signout");
        SessionLogin here = SessionLogin.web(server, user);
        SessionLogin there = SessionLogin.web(server, user);
        assertThat(there.introspectsActive(server)).isTrue();

        assertThat(here.api(server).logoutById(there.sessionId()).status()).isEqualTo(204);

        assertThat(there.introspectsActive(server)).isFalse();
        assertError(there.api(server).current(), 401, "invalid_token");
        assertThat(there.client().refresh(there.refreshToken()).status()).isEqualTo(400);
        assertThat(here.api(server).current().status()).isEqualTo(200);
        assertThat(logoutEvents(server, user)).anySatisfy(e -> {
            assertThat(e.getSessionId()).isEqualTo(there.sessionId());
            assertThat(e.getDetails()).containsEntry("simptel_sessions_action", "logout.session");
        });
    }

    @Test
    void clientsWithABackChannelLogoutUrlAreNotified(SimptelServer server) throws Exception {
        try (BackChannelReceiver receiver = BackChannelReceiver.onSimptelWeb(server)) {
            SessionLogin login = SessionLogin.web(server, users.create("backchannel"));

            assertThat(login.api(server).logoutCurrent().status()).isEqualTo(204);

            assertThat(receiver.nextLogoutSid("a back-channel logout")).isEqualTo(login.sessionId());
        }
    }

    @Test
    void deletingTheCurrentSessionLogsItOut(SimptelServer server) {
        TestUser user = users.create("self");
        SessionLogin login = SessionLogin.web(server, user);

        assertThat(login.api(server).logoutCurrent().status()).isEqualTo(204);

        assertThat(login.introspectsActive(server)).isFalse();
        assertThat(login.api(server).current().status()).isEqualTo(401);
        assertThat(logoutEvents(server, user)).anySatisfy(e -> {
            assertThat(e.getSessionId()).isEqualTo(login.sessionId());
            assertThat(e.getDetails()).containsEntry("simptel_sessions_action", "logout.current");
        });
    }

    @Test
    void deletingTheCurrentSessionByItsIdWorksToo(SimptelServer server) {
        SessionLogin login = SessionLogin.web(server, users.create("selfid"));
        assertThat(login.api(server).logoutById(login.sessionId()).status()).isEqualTo(204);
        assertThat(login.introspectsActive(server)).isFalse();
    }

    @Test
    void logoutOfAllOtherSessionsKeepsTheCurrentOne(SimptelServer server) {
        TestUser user = users.create("others");
        SessionLogin a = SessionLogin.web(server, user);
        SessionLogin b = SessionLogin.web(server, user);
        SessionLogin c = SessionLogin.spa(server, user);

        assertError(b.api(server).logoutMany(null), 400, "invalid_request", "scope");
        assertError(b.api(server).logoutMany("everything"), 400, "invalid_request", "scope");
        assertThat(a.introspectsActive(server)).isTrue();
        assertThat(c.introspectsActive(server)).isTrue();
        assertThat(b.api(server).list().json()).hasSize(3);

        assertThat(b.api(server).logoutMany("others").status()).isEqualTo(204);

        assertThat(a.introspectsActive(server)).isFalse();
        assertThat(c.introspectsActive(server)).isFalse();
        assertThat(b.introspectsActive(server)).isTrue();
        JsonResponse list = b.api(server).list();
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).path("_id").asText()).isEqualTo(b.sessionId());
        assertThat(logoutEvents(server, user)).filteredOn(e -> "logout.others".equals(e.getDetails().get("simptel_sessions_action")))
                .extracting(EventRepresentation::getSessionId).contains(a.sessionId(), c.sessionId());

        assertThat(b.api(server).logoutMany("all").status()).isEqualTo(204);
        assertThat(b.introspectsActive(server)).isFalse();
    }

    @Test
    void extendResetsTheIdleTimerByGetAndPostAndIsRecorded(SimptelServer server) throws Exception {
        TestUser user = users.create("extend");
        SessionLogin login = SessionLogin.web(server, user);
        JsonNode before = login.api(server).current().json();
        // the idle timer can only be seen to move when wall time has passed since the last access
        Await.clockPast(Instant.parse(before.path("data").path("lastAccess").asText()).plusSeconds(2));

        JsonResponse get = login.api(server).extend("GET");
        assertThat(get.status()).isEqualTo(200);
        Instant lastAccessBefore = Instant.parse(before.path("data").path("lastAccess").asText());
        Instant lastAccessAfter = Instant.parse(get.json().path("data").path("lastAccess").asText());
        assertThat(lastAccessAfter).isAfterOrEqualTo(lastAccessBefore.plusSeconds(2));
        assertThat(Instant.parse(get.json().path("expires").asText()))
                .isAfterOrEqualTo(Instant.parse(before.path("expires").asText()).plusSeconds(2));

        JsonResponse post = login.api(server).extend("POST");
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.json().path("_id").asText()).isEqualTo(login.sessionId());

        List<AdminEventRepresentation> events = server.realm().getAdminEvents(List.of("ACTION"), null, null, user.id(),
                null, "users/" + user.id() + "/sessions/" + login.sessionId() + "/extend", null, null, 0, 10);
        assertThat(events).hasSizeGreaterThanOrEqualTo(2);
        assertThat(events.get(0).getResourceType()).isEqualTo("USER_SESSION");
        assertThat(events.get(0).getRepresentation()).contains("\"simptel_sessions_action\":\"extend\"");
    }

    @Test
    void extendNeverGoesPastSsoSessionMax(SimptelServer server) throws Exception {
        RealmRepresentation realm = server.realm().toRepresentation();
        int max = realm.getSsoSessionMaxLifespan();
        try {
            RealmRepresentation change = new RealmRepresentation();
            change.setSsoSessionMaxLifespan(600); // shorter than the 1800 s idle timeout
            server.realm().update(change);
            SessionLogin login = SessionLogin.web(server, users.create("cap"));
            Await.nextSecond(); // extend after the start second, so the cap and not the start bounds it

            JsonResponse r = login.api(server).extend("POST");

            assertThat(r.status()).isEqualTo(200);
            Instant started = Instant.parse(r.json().path("data").path("started").asText());
            assertThat(Instant.parse(r.json().path("expires").asText())).isEqualTo(started.plusSeconds(600));
            assertThat(r.json().path("data").path("cookie").path("originalMaxAge").asLong()).isEqualTo(600_000L);
        } finally {
            RealmRepresentation restore = new RealmRepresentation();
            restore.setSsoSessionMaxLifespan(max);
            server.realm().update(restore);
        }
    }

    @Test
    void refreshAnswersTheFreshViewAfterAProfileAndRoleChange(SimptelServer server) {
        TestUser user = users.user("refresh").realmRoles("read:reports").create();
        SessionLogin login = SessionLogin.web(server, user);
        assertThat(login.api(server).current().json().path("data").path("permission").path("update").toString())
                .isEqualTo("[]");

        // The realm's user profile declares no phone attribute; allow unmanaged ones for this change.
        UPConfig profile = server.realm().users().userProfile().getConfiguration();
        UPConfig.UnmanagedAttributePolicy policy = profile.getUnmanagedAttributePolicy();
        try {
            profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
            server.realm().users().userProfile().update(profile);
            UserRepresentation change = server.realm().users().get(user.id()).toRepresentation();
            change.setFirstName("Renamed");
            change.singleAttribute("phoneNumber", "+41 79 000 00 00");
            server.realm().users().get(user.id()).update(change);
        } finally {
            profile.setUnmanagedAttributePolicy(policy);
            server.realm().users().userProfile().update(profile);
        }
        server.realm().users().get(user.id()).roles().realmLevel()
                .add(List.of(server.realm().roles().get("update:reports").toRepresentation()));

        for (String method : List.of("GET", "POST")) {
            JsonResponse r = login.api(server).refresh(method);
            assertThat(r.status()).isEqualTo(200);
            JsonNode data = r.json().path("data");
            assertThat(data.path("user").path("firstname").asText()).isEqualTo("Renamed");
            assertThat(data.path("user").path("phonenumber").asText()).isEqualTo("+41 79 000 00 00");
            assertThat(data.path("phonenumber").asText()).isEqualTo("+41 79 000 00 00");
            assertThat(data.path("permission").path("update").toString()).isEqualTo("[\"reports\"]");
            assertThat(data.path("permission").path("read").toString()).isEqualTo("[\"reports\"]");
        }
    }

    @Test
    void sessionsLastAsLongAsTheRealmSaysAfterExtend(SimptelServer server) {
        SessionLogin login = SessionLogin.web(server, users.create("expiry"));
        JsonNode v = login.api(server).extend("GET").json();
        Instant lastAccess = Instant.parse(v.path("data").path("lastAccess").asText());
        int idle = server.realm().toRepresentation().getSsoSessionIdleTimeout();
        assertThat(Duration.between(lastAccess, Instant.parse(v.path("expires").asText())).getSeconds()).isEqualTo(idle);
    }

    @Test
    void aMethodAPathDoesNotServeIs405WithAllowAndTheApisErrorBody(SimptelServer server) {
        SessionLogin login = SessionLogin.web(server, users.create("methods"));
        SessionsApi api = login.api(server);
        String id = "/session/" + login.sessionId();
        String[][] cases = {
                {"POST", "/sessions/bucket", "/bucket", "PUT, PATCH, OPTIONS"},
                {"GET", "/sessions/bucket", "/bucket", "PUT, PATCH, OPTIONS"},
                {"DELETE", "/sessions/bucket", "/bucket", "PUT, PATCH, OPTIONS"},
                {"PATCH", "/sessions/session", "/session", "GET, DELETE, OPTIONS"},
                {"PUT", "/sessions/session", "/session", "GET, DELETE, OPTIONS"},
                {"POST", "/sessions/session", "/session", "GET, DELETE, OPTIONS"},
                {"PUT", "/sessions", "", "GET, DELETE, OPTIONS"},
                {"POST", "/sessions", "", "GET, DELETE, OPTIONS"},
                {"PATCH", "/sessions", "", "GET, DELETE, OPTIONS"},
                {"PUT", "/sessions/session/extend", "/session/extend", "GET, POST, OPTIONS"},
                {"PATCH", "/sessions/session/refresh", "/session/refresh", "GET, POST, OPTIONS"},
                {"PUT", "/sessions/session/{id}", id, "GET, DELETE, OPTIONS"},
                {"POST", "/sessions/session/{id}", id, "GET, DELETE, OPTIONS"}};
        for (String[] c : cases) {
            JsonResponse r = api.notServed(c[0], c[1], c[2]);
            assertThat(r.status()).as("%s %s: %s", c[0], c[2], r).isEqualTo(405);
            assertThat(r.header("Allow")).as("%s %s", c[0], c[2]).isEqualTo(c[3]);
            assertThat(r.json().path("error").asText()).isEqualTo("method_not_allowed");
            assertThat(r.json().path("error_description").asText()).startsWith(c[0] + " is not served");
        }
        // as for any JAX-RS resource, the method is checked before the token; a browser app may read why
        JsonResponse anonymous = new SessionsApi(server, null).with(Map.of("Origin", "http://localhost:5173"))
                .notServed("POST", "/sessions/bucket", "/bucket");
        assertThat(anonymous.status()).isEqualTo(405);
        assertThat(anonymous.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
        assertThat(anonymous.header("Access-Control-Expose-Headers")).contains("Allow");

        // a path the API does not have is 404 with the API's body; the paths it has still work
        JsonResponse unknown = OidcClient.send(HttpRequest.newBuilder(URI.create(api.base() + "/nothing/here"))
                .header("Authorization", "Bearer " + login.accessToken()).GET().build());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).isEqualTo("not_found");
        assertThat(unknown.json().path("error_description").asText()).contains("/sessions/nothing/here");
        assertThat(api.current().status()).isEqualTo(200);
        assertThat(api.byId(login.sessionId()).status()).isEqualTo(200);
        assertThat(api.put("{\"after\":405}").status()).isEqualTo(200);
        assertThat(api.extend("POST").status()).isEqualTo(200);
        assertThat(api.preflight("preflightBucket", "/bucket", "http://localhost:5173", "PATCH", "if-match")
                .header("Access-Control-Allow-Methods")).contains("PATCH");
    }

    static List<EventRepresentation> logoutEvents(SimptelServer server, TestUser user) {
        return server.realm().getEvents(List.of("LOGOUT"), null, user.id(), null, null, null, 0, 100);
    }
}
