package com.simptel.keycloak.it.sessions;

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
import org.keycloak.representations.idm.RealmRepresentation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.simptel.keycloak.it.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may call what: 401 cases, service accounts, admins, CORS. */
@SimptelIT
class SessionsAccessIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void noTokenIs401WithABearerChallenge(SimptelServer server) {
        JsonResponse r = new SessionsApi(server, null).current();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"simptel\"");
        assertThat(r.json().path("error").asText()).isEqualTo("unauthorized");
        assertThat(r.json().path("error_description").asText()).isNotBlank();
        assertError(new SessionsApi(server, null).list(), 401, "unauthorized");
        assertError(new SessionsApi(server, null).put("{}"), 401, "unauthorized");
    }

    @Test
    void aTamperedSignatureIs401(SimptelServer server) {
        String token = SessionLogin.web(server, users.create("sig")).accessToken();
        String[] parts = token.split("\\.");
        char last = parts[2].charAt(10);
        String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + (last == 'A' ? 'B' : 'A')
                + parts[2].substring(11);

        JsonResponse r = new SessionsApi(server, forged).current();

        assertInvalidToken(r);
        assertThat(new SessionsApi(server, token).current().status()).isEqualTo(200);
    }

    @Test
    void notABearerHeaderIs401(SimptelServer server) {
        JsonResponse r = new SessionsApi(server, null)
                .with(Map.of("Authorization", OidcClient.basic("simptel-web", "simptel-web-secret"))).current();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"simptel\", error=");
    }

    @Test
    void anExpiredTokenIs401(SimptelServer server) throws Exception {
        RealmRepresentation realm = server.realm().toRepresentation();
        int lifespan = realm.getAccessTokenLifespan();
        String token;
        try {
            RealmRepresentation change = new RealmRepresentation();
            change.setAccessTokenLifespan(2);
            server.realm().update(change);
            token = SessionLogin.web(server, users.create("expired")).accessToken();
        } finally {
            RealmRepresentation restore = new RealmRepresentation();
            restore.setAccessTokenLifespan(lifespan);
            server.realm().update(restore);
        }
        // expiry is checked in whole seconds against the token's exp: only wall time can pass it
        Await.clockPast(Instant.ofEpochSecond(SessionLogin.claims(token).path("exp").asLong()).plusMillis(1500));
        assertInvalidToken(new SessionsApi(server, token).current());
    }

    @Test
    void aTokenOfAnotherRealmIs401(SimptelServer server) {
        String masterToken = server.admin().tokenManager().getAccessTokenString();
        assertInvalidToken(new SessionsApi(server, masterToken).current());
    }

    @Test
    void aTokenOfALoggedOutSessionIs401(SimptelServer server) {
        SessionLogin login = SessionLogin.web(server, users.create("gone"));
        // Keycloak's own back-channel logout with the refresh token
        JsonResponse logout = login.client().postForm(login.client().endpoint("logout"),
                Map.of("refresh_token", login.refreshToken()), OidcClient.Auth.BASIC);
        assertThat(logout.status()).isEqualTo(204);
        assertInvalidToken(new SessionsApi(server, login.accessToken()).current());
    }

    @Test
    void refreshAndIdTokensAreNoAccessTokens(SimptelServer server) {
        SessionLogin login = SessionLogin.web(server, users.create("rt"));
        assertInvalidToken(new SessionsApi(server, login.refreshToken()).current());
        assertInvalidToken(new SessionsApi(server, login.idToken()).current());
        assertThat(new SessionsApi(server, login.accessToken()).current().status()).isEqualTo(200);
    }

    @Test
    void serviceAccountsHaveNoCurrentSession(SimptelServer server) {
        String token = OidcClient.service(server).clientCredentials(OidcClient.Auth.BASIC).text("access_token");
        SessionsApi api = new SessionsApi(server, token);
        SessionLogin someone = SessionLogin.web(server, users.create("sa-target"));

        someone.api(server).put("{\"mine\":1}");
        for (JsonResponse r : List.of(api.current(), api.list(), api.logoutCurrent(), api.logoutMany("others"),
                api.extend("GET"), api.extend("POST"), api.refresh("GET"), api.refresh("POST"), api.put("{\"a\":1}"),
                api.patch("{\"a\":1}"))) {
            assertError(r, 403, "forbidden", "service account");
        }
        for (JsonResponse r : List.of(api.byId(someone.sessionId()), api.logoutById(someone.sessionId()),
                api.byId("no-such-session"))) {
            assertError(r, 403, "forbidden", "view-users");
        }
        assertThat(someone.introspectsActive(server)).isTrue();
        assertThat(SessionsApi.bucket(someone.api(server).current()).toString()).isEqualTo("{\"mine\":1}");
    }

    @Test
    void viewUsersReadsAnySessionAndManageUsersDeletesIt(SimptelServer server) {
        SessionLogin target = SessionLogin.web(server, users.create("target"));
        SessionLogin viewer = SessionLogin.web(server, users.user("viewer").clientRoles("realm-management", "view-users").create());
        TestUser manager = users.user("manager").clientRoles("realm-management", "manage-users").create();
        SessionLogin managerLogin = SessionLogin.web(server, manager);

        JsonResponse read = viewer.api(server).byId(target.sessionId());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("_id").asText()).isEqualTo(target.sessionId());
        assertThat(read.json().path("current").asBoolean()).isFalse();
        assertThat(read.json().path("data").path("user").path("lastname").asText()).isEqualTo("target");

        JsonResponse viewerDelete = viewer.api(server).logoutById(target.sessionId());
        assertError(viewerDelete, 403, "forbidden", "manage-users");
        assertThat(target.introspectsActive(server)).isTrue();
        assertThat(viewer.api(server).byId(target.sessionId()).status()).isEqualTo(200);
        assertError(viewer.api(server).byId("no-such-session"), 404, "not_found");

        assertThat(managerLogin.api(server).byId(target.sessionId()).status()).isEqualTo(200);
        assertThat(managerLogin.api(server).logoutById(target.sessionId()).status()).isEqualTo(204);
        assertThat(target.introspectsActive(server)).isFalse();

        List<AdminEventRepresentation> events = server.realm().getAdminEvents(List.of("DELETE"), null, null,
                manager.id(), null, "users/*/sessions/" + target.sessionId(), null, null, 0, 10);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.getResourceType()).isEqualTo("USER_SESSION"));
    }

    @Test
    void preflightAllowsWhatABrowserAppNeeds(SimptelServer server) {
        SessionsApi api = new SessionsApi(server, null);
        for (String[] op : new String[][] {{"preflightSessions", ""}, {"preflightCurrentSession", "/session"},
                {"preflightBucket", "/bucket"}}) {
            JsonResponse r = api.preflight(op[0], op[1], "http://localhost:5173", "PUT",
                    "authorization, content-type, if-match");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
            assertThat(r.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(r.headers().allValues("Access-Control-Allow-Methods").toString())
                    .contains("GET", "PUT", "PATCH", "DELETE", "POST");
            assertThat(String.join(",", r.headers().allValues("Access-Control-Allow-Headers")).toLowerCase())
                    .contains("authorization", "content-type", "if-match");
        }
    }

    @Test
    void responsesAllowTheWebOriginsOfTheTokensClientOnly(SimptelServer server) {
        SessionLogin spa = SessionLogin.spa(server, users.create("cors"));
        SessionsApi api = spa.api(server);

        JsonResponse allowed = api.with(Map.of("Origin", "http://localhost:5173")).current();
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
        assertThat(allowed.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(allowed.header("Access-Control-Expose-Headers")).containsIgnoringCase("ETag");

        JsonResponse put = api.with(Map.of("Origin", "http://localhost:5173")).put("{\"from\":\"spa\"}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");

        JsonResponse otherApp = api.with(Map.of("Origin", "http://localhost:3000")).current();
        assertError(otherApp, 403, "forbidden", "Origin");
        assertThat(otherApp.header("Access-Control-Allow-Origin")).isNull();

        JsonResponse evil = api.with(Map.of("Origin", "https://evil.example")).put("{\"from\":\"evil\"}");
        assertError(evil, 403, "forbidden", "Origin");
        assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
        assertThat(api.current().json().path("data").path("MFAInputsBucket").path("from").asText()).isEqualTo("spa");

        JsonResponse unauthorized = new SessionsApi(server, null).with(Map.of("Origin", "http://localhost:5173")).current();
        assertError(unauthorized, 401, "unauthorized");
        assertThat(unauthorized.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
    }

    private static void assertInvalidToken(JsonResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"simptel\", error=\"invalid_token\"");
        assertThat(r.json().path("error").asText()).isEqualTo("invalid_token");
        assertThat(r.json().path("error_description").asText()).isNotBlank();
    }
}
