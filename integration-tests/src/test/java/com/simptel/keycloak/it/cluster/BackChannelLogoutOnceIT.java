package com.simptel.keycloak.it.cluster;

import com.simptel.keycloak.it.sessions.SessionLogin;
import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.RealmFixtures;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's back-channel logout URL is called once per logout, by the node that ends the
 * session, not once per node that holds it.
 *
 * <p>"Once" without a sleep: Keycloak records the LOGOUT event after the back-channel calls of
 * that logout. A second session of the same client is signed in only after the first one's event,
 * and logged out at the other node; once its call and its event have arrived, any further call
 * caused by the first logout would have had to come later than a call caused by a logout that
 * began after it had finished. Then the first session's sid must have been delivered exactly once.
 */
@SimptelIT
class BackChannelLogoutOnceIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @Test
    void theBackChannelLogoutUrlIsCalledOnceForALogoutAtEitherNode(SimptelServer server) throws Exception {
        List<String> deliveredSids = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/backchannel-logout", exchange -> {
            // recorded before Keycloak gets its answer, so every call Keycloak completed is in the list
            deliveredSids.add(sidOfLogoutToken(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String redirectUri = "http://localhost:9996/cb";
        try (RealmFixtures.TestClient client = RealmFixtures.createClientFromJson(server, "{\"clientId\":\"it-bclogout-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"publicClient\":false,\"standardFlowEnabled\":true,"
                + "\"frontchannelLogout\":false,\"redirectUris\":[\"" + redirectUri + "\"],\"attributes\":{"
                + "\"backchannel.logout.url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/backchannel-logout\",\"backchannel.logout.session.required\":\"true\"}}")) {
            OidcClient oidc = new OidcClient(server, SimptelServer.REALM, client.clientId(), client.secret(), redirectUri);
            TestUser user = users.create("bclogout");

            SessionLogin first = signIn(server, oidc, user);
            JsonResponse firstLogout = first.api(server).at(server.cluster().node(2).baseUrl()).logoutCurrent();
            assertThat(firstLogout.status()).as(firstLogout.toString()).isEqualTo(204);
            awaitDelivery(deliveredSids, first.sessionId());
            awaitLogoutEvent(server, user, first.sessionId());

            SessionLogin second = signIn(server, oidc, user);
            JsonResponse secondLogout = second.api(server).at(server.cluster().node(1).baseUrl()).logoutCurrent();
            assertThat(secondLogout.status()).as(secondLogout.toString()).isEqualTo(204);
            awaitDelivery(deliveredSids, second.sessionId());
            awaitLogoutEvent(server, user, second.sessionId());

            assertThat(deliveredSids).as("sids of every logout_token received")
                    .containsExactlyInAnyOrder(first.sessionId(), second.sessionId());
        } finally {
            receiver.stop(0);
        }
    }

    private static SessionLogin signIn(SimptelServer server, OidcClient oidc, TestUser user) {
        JsonResponse tokens = oidc.login(new HttpBrowser(server.baseUrl()), user.username(), user.password());
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        String access = tokens.text("access_token");
        return new SessionLogin(access, tokens.text("refresh_token"), tokens.text("id_token"),
                SessionLogin.claims(access).path("sid").asText(), oidc);
    }

    private static void awaitDelivery(List<String> deliveredSids, String sid) {
        Await.until("a logout_token with sid " + sid + " is received", DELIVERY, () -> deliveredSids.contains(sid));
    }

    private static void awaitLogoutEvent(SimptelServer server, TestUser user, String sid) {
        RealmEvents.await(server, "LOGOUT", user.id(), 1, "logout of session " + sid,
                e -> sid.equals(e.getSessionId()));
    }

    private static String sidOfLogoutToken(String form) {
        if (!form.startsWith("logout_token=")) {
            return "not a logout_token: " + form;
        }
        String token = URLDecoder.decode(form.substring("logout_token=".length()), StandardCharsets.UTF_8);
        try {
            return SessionLogin.claims(token).path("sid").asText();
        } catch (AssertionError e) {
            return "not a JWT: " + token;
        }
    }
}
