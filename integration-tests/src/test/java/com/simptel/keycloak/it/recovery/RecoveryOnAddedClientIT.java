package com.simptel.keycloak.it.recovery;

import com.nimbusds.jwt.JWTClaimsSet;
import com.simptel.keycloak.it.support.Jwt;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import com.simptel.keycloak.it.support.HttpBrowser;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.OidcClient;
import com.simptel.keycloak.it.support.RealmFixtures;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A client a realm admin adds after import gets auth_mode accountRecovery (realm default scope simptel-claims). */
@SimptelIT
class RecoveryOnAddedClientIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    @Test
    void recoveryThroughAClientAddedThroughTheAdminApiGivesAccountRecoveryAndPermissions(SimptelServer server)
            throws Exception {
        TestUser user = users.user("rec-added").withTotp().create();
        server.realm().users().get(user.id()).roles().realmLevel()
                .add(List.of(server.realm().roles().get("read:reports").toRepresentation()));
        String redirectUri = "http://localhost:9996/cb";
        try (RealmFixtures.TestClient client = RealmFixtures.createClientFromJson(server, "{\"clientId\":\"it-added-rec-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"publicClient\":false,\"redirectUris\":[\""
                + redirectUri + "\"]}")) {
            OidcClient oidc = new OidcClient(server, SimptelServer.REALM, client.clientId(), client.secret(), redirectUri);

            RecoveryJourney journey = RecoveryJourney.start(new HttpBrowser(server.baseUrl()), oidc);
            journey.chooseUser(user, server.mail());
            journey.proveMailbox();
            journey.enterCode(user.totp().now());
            journey.setNewPassword("New-password-" + UUID.randomUUID().toString().substring(0, 6));
            JsonResponse tokens = journey.tokens(OidcClient.Auth.BASIC);

            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            JWTClaimsSet access = Jwt.claims(tokens.text("access_token"));
            assertThat(access.getStringClaim("auth_mode")).isEqualTo("accountRecovery");
            assertThat(Jwt.claims(tokens.text("id_token")).getStringClaim("auth_mode"))
                    .isEqualTo("accountRecovery");
            assertThat(access.getJSONObjectClaim("permission").get("read")).asList().containsExactly("reports");
        }
    }
}
