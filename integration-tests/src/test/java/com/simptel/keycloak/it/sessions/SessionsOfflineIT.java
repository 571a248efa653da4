package com.simptel.keycloak.it.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.support.AdminApi;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offline sessions (an app's offline token) in the sessions API: listed beside the regular ones,
 * read and ended by id, ended by scope=others; and the admin's view of a user's sessions.
 */
@SimptelIT
class SessionsOfflineIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    static final String ANDROID_APP = "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/156.0.0.0 Mobile Safari/537.36";

    @Test
    void anAppsOfflineSessionIsListedMarkedAndReadByIdWithItsClientDeviceAndLastUse(SimptelServer server) {
        TestUser user = users.create("offl-list");
        SessionLogin app = SessionLogin.offline(server, OidcClient.web(server), user, ANDROID_APP);
        SessionLogin web = SessionLogin.web(server, user);

        JsonResponse list = web.api(server).list();

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header("Link")).isNull();
        List<JsonNode> offline = new ArrayList<>();
        list.json().forEach(s -> {
            if (s.path("offline").asBoolean()) {
                offline.add(s);
            }
        });
        assertThat(offline).hasSize(1);
        JsonNode entry = offline.get(0);
        assertThat(entry.path("_id").asText()).isEqualTo(app.sessionId());
        assertThat(entry.path("current").asBoolean()).isFalse();
        assertThat(entry.path("data").path("authorize").has("simptel-web")).isTrue();
        assertThat(entry.path("data").path("authorize").path("simptel-web").path("req").path("scope").toString())
                .contains("offline_access");
        assertThat(entry.path("data").path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(entry.path("data").path("useragent").path("ua").asText()).isEqualTo(ANDROID_APP);
        assertThat(entry.path("data").path("useragent").path("os").path("name").asText()).isEqualTo("Android");
        assertThat(entry.path("data").path("lastAccess").asText()).isNotBlank();
        assertThat(list.json().findValues("current").stream().filter(JsonNode::asBoolean)).hasSize(1);
        assertThat(list.json()).anySatisfy(s -> {
            assertThat(s.path("_id").asText()).isEqualTo(web.sessionId());
            assertThat(s.path("offline").asBoolean()).isFalse();
            assertThat(s.path("current").asBoolean()).isTrue();
        });

        JsonResponse read = web.api(server).offlineById(app.sessionId());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("offline").asBoolean()).isTrue();
        assertThat(read.json().path("_id").asText()).isEqualTo(app.sessionId());
        assertThat(web.api(server).byId(app.sessionId()).status()).isEqualTo(200);
        assertThat(web.api(server).list("?max=1").json()).hasSize(1);
        assertThat(web.api(server).call("getSession", "GET", "/session/" + app.sessionId() + "?offline=maybe",
                null, null, null).status()).isEqualTo(400);
    }

    @Test
    void theOfflineTokensOwnAccessTokenSeesItsSessionAsCurrentAndOffline(SimptelServer server) {
        TestUser user = users.create("offl-own");
        SessionLogin app = SessionLogin.offline(server, OidcClient.web(server), user, ANDROID_APP);
        SessionLogin refreshed = app.withTokens(app.client().refresh(app.refreshToken()));

        JsonResponse current = refreshed.api(server).current();

        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().path("offline").asBoolean()).isTrue();
        assertThat(current.json().path("current").asBoolean()).isTrue();
    }

    @Test
    void deletingTheOfflineSessionByIdStopsItsOfflineTokensAtOnce(SimptelServer server) {
        TestUser user = users.create("offl-del");
        SessionLogin app = SessionLogin.offline(server, OidcClient.web(server), user, ANDROID_APP);
        SessionLogin web = SessionLogin.web(server, user);
        SessionLogin refreshed = app.withTokens(app.client().refresh(app.refreshToken())); // an offline access token
        assertThat(introspect(server, refreshed.accessToken())).isTrue();

        assertThat(web.api(server).logoutById(app.sessionId()).status()).isEqualTo(204);

        JsonResponse refresh = app.client().refresh(refreshed.refreshToken());
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.text("error")).isEqualTo("invalid_grant");
        assertThat(introspect(server, refreshed.accessToken())).isFalse();
        assertThat(refreshed.api(server).current().status()).isEqualTo(401);
        assertThat(web.api(server).byId(app.sessionId()).status()).isEqualTo(404);
        assertThat(web.api(server).list().json()).noneSatisfy(s -> assertThat(s.path("offline").asBoolean()).isTrue());
        assertThat(web.api(server).current().status()).isEqualTo(200);
        assertThat(SessionsApiIT.logoutEvents(server, user)).anySatisfy(e -> {
            assertThat(e.getSessionId()).isEqualTo(app.sessionId());
            assertThat(e.getDetails()).containsEntry("simptel_sessions_action", "logout.session")
                    .containsEntry("offline", "true");
        });
    }

    @Test
    void endingAnOfflineSessionNotifiesItsClientByBackChannel(SimptelServer server) throws Exception {
        try (BackChannelReceiver receiver = BackChannelReceiver.onSimptelWeb(server)) {
            TestUser user = users.create("offl-bcl");
            SessionLogin app = SessionLogin.offline(server, OidcClient.web(server), user, ANDROID_APP);
            SessionLogin other = SessionLogin.spa(server, user);

            assertThat(other.api(server).logoutMany("others").status()).isEqualTo(204);

            assertThat(receiver.nextLogoutSid("a back-channel logout of the offline session")).isEqualTo(app.sessionId());
            assertThat(app.client().refresh(app.refreshToken()).status()).isEqualTo(400);
        }
    }

    @Test
    void signingOutOtherDevicesEndsTheirOfflineSessionsToo(SimptelServer server) {
        TestUser user = users.create("offl-others");
        SessionLogin app = SessionLogin.offline(server, OidcClient.web(server), user, ANDROID_APP);
        SessionLogin web = SessionLogin.web(server, user);
        assertThat(app.client().refresh(app.refreshToken()).status()).isEqualTo(200);
        SessionLogin app2 = SessionLogin.offline(server, OidcClient.web(server), user, ANDROID_APP);
        SessionLogin app2Refreshed = app2.withTokens(app2.client().refresh(app2.refreshToken()));
        assertThat(introspect(server, app2Refreshed.accessToken())).isTrue();

        assertThat(web.api(server).logoutMany("others").status()).isEqualTo(204);

        assertThat(app2.client().refresh(app2Refreshed.refreshToken()).status()).isEqualTo(400);
        assertThat(introspect(server, app2Refreshed.accessToken())).isFalse();
        JsonResponse list = web.api(server).list();
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).path("_id").asText()).isEqualTo(web.sessionId());
        assertThat(web.introspectsActive(server)).isTrue();

        assertThat(web.api(server).logoutMany("all").status()).isEqualTo(204);
        assertThat(web.introspectsActive(server)).isFalse();
    }

    @Test
    void theAdminSeesAUsersSessionsOfflineOnesAndBucketsIncluded(SimptelServer server) {
        TestUser user = users.create("offl-admin");
        SessionLogin app = SessionLogin.offline(server, OidcClient.web(server), user, ANDROID_APP);
        SessionLogin web = SessionLogin.web(server, user);
        assertThat(web.api(server).put("{\"step\":2}").status()).isEqualTo(200);

        JsonResponse asAdmin = new AdminApi(server).get("/simptel-sessions/users/" + user.id());

        assertThat(asAdmin.status()).isEqualTo(200);
        assertThat(asAdmin.json()).anySatisfy(s -> {
            assertThat(s.path("_id").asText()).isEqualTo(app.sessionId());
            assertThat(s.path("offline").asBoolean()).isTrue();
        });
        assertThat(asAdmin.json()).anySatisfy(s -> {
            assertThat(s.path("_id").asText()).isEqualTo(web.sessionId());
            assertThat(s.path("data").path("MFAInputsBucket").path("step").asInt()).isEqualTo(2);
        });
        assertThat(asAdmin.json().findValues("current")).allSatisfy(c -> assertThat(c.asBoolean()).isFalse());
        assertThat(new AdminApi(server).get("/simptel-sessions/users/" + user.id() + "?max=0").status()).isEqualTo(400);
        assertThat(new AdminApi(server).get("/simptel-sessions/users/no-such-user").status()).isEqualTo(404);
    }

    @Test
    void theAdminEndpointIsRefusedWithoutViewUsers(SimptelServer server) {
        TestUser user = users.create("offl-target");
        SessionLogin.web(server, user);
        SessionLogin plain = SessionLogin.web(server, users.create("offl-plain"));
        SessionLogin viewer = SessionLogin.web(server,
                users.user("offl-viewer").clientRoles("realm-management", "view-users").create());

        JsonResponse refused = adminGet(server, plain.accessToken(), "/simptel-sessions/users/" + user.id());
        JsonResponse allowed = adminGet(server, viewer.accessToken(), "/simptel-sessions/users/" + user.id());
        JsonResponse anonymous = adminGet(server, null, "/simptel-sessions/users/" + user.id());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(user.username());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.json()).hasSize(1);
        assertThat(allowed.json().get(0).path("data").path("user").path("_id").asText()).isEqualTo(user.id());
    }

    private static boolean introspect(SimptelServer server, String token) {
        return OidcClient.resourceServer(server).introspect(token).json().path("active").asBoolean(false);
    }

    private static JsonResponse adminGet(SimptelServer server, String token, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/admin/realms/" + SimptelServer.REALM + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return OidcClient.send(request.build());
    }
}
