package com.simptel.keycloak.it.support;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Throwaway clients made through the admin API for one test, removed on close, so tests never
 * change the demo clients others rely on. Throwaway users come from {@link TestUsers}.
 */
public final class RealmFixtures {

    private RealmFixtures() {
    }

    /** A client of realm simptel; deleted on close. */
    public record TestClient(RealmResource realm, String id, String clientId, String secret) implements AutoCloseable {
        @Override
        public void close() {
            realm.clients().get(id).remove();
        }
    }

    /**
     * A confidential client-credentials client whose tokens carry simptel-resource-server in their
     * audience, with extra client attributes (e.g. {@code access.token.lifespan}).
     */
    public static TestClient createServiceClient(SimptelServer server, String prefix, Map<String, String> attributes) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        client.setSecret("secret-" + UUID.randomUUID());
        client.setPublicClient(false);
        client.setStandardFlowEnabled(false);
        client.setServiceAccountsEnabled(true);
        // PKCE, implicit flow and password grant are left to the realm's OAuth 2.1 client policy.
        client.setAttributes(new HashMap<>(attributes));
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("audience: simptel-resource-server");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", "simptel-resource-server",
                "access.token.claim", "true", "introspection.token.claim", "true"));
        client.setProtocolMappers(List.of(audience));
        RealmResource realm = server.realm();
        try (Response response = realm.clients().create(client)) {
            return new TestClient(realm, CreatedResponseUtil.getCreatedId(response), client.getClientId(), client.getSecret());
        }
    }

    /**
     * A client made from raw JSON through the admin REST API (as kcadm or Terraform make one),
     * with the secret Keycloak gave it (null for a public client); deleted on close.
     */
    public static TestClient createClientFromJson(SimptelServer server, String json) {
        JsonResponse created = new AdminApi(server).post("/clients", json);
        String id = AdminApi.createdId(created);
        RealmResource realm = server.realm();
        ClientRepresentation client = realm.clients().get(id).toRepresentation();
        String secret = Boolean.TRUE.equals(client.isPublicClient()) ? null : realm.clients().get(id).getSecret().getValue();
        return new TestClient(realm, id, client.getClientId(), secret);
    }

    /** An {@link OidcClient} for a fixture client. */
    public static OidcClient oidc(SimptelServer server, TestClient client) {
        return new OidcClient(server, SimptelServer.REALM, client.clientId(), client.secret(), null);
    }

    /**
     * The realm's bound of mails per address and hour (realm attribute {@code simptel.mail.perAddressPerHour});
     * null or "" for the default. For tests that send many mails to one address on purpose.
     */
    public static void setMailBound(SimptelServer server, String perHour) {
        Map<String, String> attributes = new HashMap<>(server.realm().toRepresentation().getAttributes());
        attributes.put("simptel.mail.perAddressPerHour", perHour == null ? "" : perHour);
        RealmRepresentation update = new RealmRepresentation();
        update.setAttributes(attributes);
        server.realm().update(update);
    }
}
