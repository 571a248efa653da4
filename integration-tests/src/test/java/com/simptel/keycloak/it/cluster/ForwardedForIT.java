package com.simptel.keycloak.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak believes X-Forwarded-For ({@code --proxy-headers=xforwarded}), so the balancer must
 * overwrite it with the address it saw: a client that sends its own value through the balancer
 * still gets its real address in its session's {@code ip} and in the LOGIN event. The same request
 * sent to a node directly shows why the nodes must only be reachable through the balancer.
 */
@SimptelIT
class ForwardedForIT {

    /** A private address: Keycloak (sslRequired "external") takes plain HTTP from it, so the control test can sign in. */
    private static final String SPOOFED = "10.66.0.7";
    /** The balancer listens on 127.0.0.1 only: the peer it sees is this test's loopback address. */
    private static final String PEER = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aSpoofedForwardedForThroughTheBalancerReachesNeitherTheSessionNorTheEvent(SimptelServer server) throws Exception {
        TestUser user = users.create("xff");
        long before = System.currentTimeMillis();
        String access = signIn(server.baseUrl(), user, SPOOFED + ", 198.51.100.7");

        JsonNode session = currentSession(server.baseUrl(), access, SPOOFED);
        assertThat(session.path("data").path("ip").asText()).isEqualTo(PEER);

        List<EventRepresentation> logins = RealmEvents.await(server, "LOGIN", user.id(), 1, "sign-in through the balancer",
                RealmEvents.since(before));
        assertThat(logins).extracting(EventRepresentation::getIpAddress).containsOnly(PEER);
    }

    /** The control: a node reached directly takes the header as it is, which the balancer prevents. */
    @Test
    void aNodeReachedDirectlyBelievesTheHeader(SimptelServer server) throws Exception {
        TestUser user = users.create("xff-direct");
        String node = server.cluster().node(1).baseUrl();
        String access = signIn(node, user, SPOOFED);
        assertThat(currentSession(node, access, SPOOFED).path("data").path("ip").asText()).isEqualTo(SPOOFED);
    }

    /** A JSON sign-in (authorization challenge endpoint, then the token endpoint), every request with the header. */
    private String signIn(String baseUrl, TestUser user, String forwardedFor) throws IOException, InterruptedException {
        String realm = baseUrl + "/realms/" + SimptelServer.REALM;
        Pkce pkce = Pkce.s256();
        HttpResponse<String> challenge = http.send(form(realm + "/authorization-challenge", forwardedFor,
                "client_id=simptel-app&username=" + enc(user.username()) + "&password=" + enc(user.password())
                        + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(challenge.statusCode()).as(challenge.body()).isEqualTo(200);
        String code = JSON.readTree(challenge.body()).path("authorization_code").asText();
        HttpResponse<String> tokens = http.send(form(realm + "/protocol/openid-connect/token", forwardedFor,
                "grant_type=authorization_code&client_id=simptel-app&code=" + enc(code) + "&code_verifier=" + pkce.verifier()),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return JSON.readTree(tokens.body()).path("access_token").asText();
    }

    private JsonNode currentSession(String baseUrl, String access, String forwardedFor) throws IOException, InterruptedException {
        HttpResponse<String> current = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + SimptelServer.REALM
                        + "/sessions/session")).header("Authorization", "Bearer " + access)
                .header("X-Forwarded-For", forwardedFor).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(current.statusCode()).as(current.body()).isEqualTo(200);
        return JSON.readTree(current.body());
    }

    private static HttpRequest form(String url, String forwardedFor, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", forwardedFor).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
