package com.simptel.keycloak.it.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.Page;
import com.simptel.keycloak.it.support.Pkce;
import com.simptel.keycloak.it.support.SimptelServer;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A user of its own for one test (created through the admin API), so tests never see each
 * other's sessions. {@link #login} opens a new browser, hence a new Keycloak user session.
 */
final class SessionUser {

    private static final ObjectMapper JSON = new ObjectMapper();

    final SimptelServer server;
    final String id;
    final String username;
    final String password;

    private SessionUser(SimptelServer server, String id, String username, String password) {
        this.server = server;
        this.id = id;
        this.username = username;
        this.password = password;
    }

    static SessionUser create(SimptelServer server, String prefix, List<String> realmRoles,
                              Map<String, List<String>> clientRoles) {
        RealmResource realm = server.realm();
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        UserRepresentation rep = new UserRepresentation();
        rep.setUsername(username);
        rep.setEmail(username + "@simptel.test");
        rep.setFirstName("Test");
        rep.setLastName(prefix);
        rep.setEmailVerified(true);
        rep.setEnabled(true);
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        rep.setCredentials(List.of(credential));
        String id;
        try (Response response = realm.users().create(rep)) {
            id = CreatedResponseUtil.getCreatedId(response);
        }
        if (!realmRoles.isEmpty()) {
            realm.users().get(id).roles().realmLevel().add(realmRoles.stream()
                    .map(r -> realm.roles().get(r).toRepresentation()).toList());
        }
        clientRoles.forEach((clientId, roles) -> {
            ClientRepresentation client = realm.clients().findByClientId(clientId).get(0);
            List<RoleRepresentation> reps = roles.stream()
                    .map(r -> realm.clients().get(client.getId()).roles().get(r).toRepresentation()).toList();
            realm.users().get(id).roles().clientLevel(client.getId()).add(reps);
        });
        return new SessionUser(server, id, username, password);
    }

    /** A user of realm-config (alice, bob). */
    static SessionUser existing(SimptelServer server, String username, String password) {
        String id = server.realm().users().searchByUsername(username, true).get(0).getId();
        return new SessionUser(server, id, username, password);
    }

    static SessionUser create(SimptelServer server, String prefix) {
        return create(server, prefix, List.of(), Map.of());
    }

    /** Signs in through simptel-web (confidential) in a new browser: a new user session. */
    Login login() {
        return login(OidcClient.web(server), OidcClient.Auth.BASIC);
    }

    /** Signs in through simptel-spa (public, PKCE) in a new browser. */
    Login loginSpa() {
        return login(OidcClient.spa(server), OidcClient.Auth.NONE);
    }

    /** Signs in through any client in a new browser. */
    Login login(OidcClient client, OidcClient.Auth auth) {
        HttpBrowser browser = new HttpBrowser(server.baseUrl());
        Pkce pkce = Pkce.s256();
        String state = UUID.randomUUID().toString();
        Page page = browser.open(client.authorizationUrl(pkce, state, "openid profile email"));
        Page back = page.form("#kc-form-login").set("username", username).set("password", password).submit();
        Map<String, String> params = client.redirectParamsTo(back);
        JsonResponse tokens = client.exchangeCode(params.get("code"), pkce.verifier(), auth);
        if (tokens.status() != 200) {
            throw new AssertionError("Token request failed: " + tokens);
        }
        String access = tokens.text("access_token");
        return new Login(access, tokens.text("refresh_token"), tokens.text("id_token"),
                claims(access).path("sid").asText(), client);
    }

    static JsonNode claims(String jwt) {
        try {
            String payload = jwt.split("\\.")[1];
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("Not a JWT: " + jwt, e);
        }
    }

    /** Tokens of one login, and the user session they belong to. */
    record Login(String accessToken, String refreshToken, String idToken, String sessionId, OidcClient client) {

        SessionsApi api(SimptelServer server) {
            return new SessionsApi(server, accessToken);
        }

        boolean introspectsActive(SimptelServer server) {
            JsonResponse r = OidcClient.resourceServer(server).introspect(accessToken);
            return r.json().path("active").asBoolean(false);
        }
    }
}
