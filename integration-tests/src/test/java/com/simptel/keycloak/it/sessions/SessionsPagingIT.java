package com.simptel.keycloak.it.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.simptel.keycloak.it.support.Await;
import com.simptel.keycloak.it.support.JsonResponse;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /sessions in pages: max, after, the Link header, over a user with 150 sessions. */
@SimptelIT
class SessionsPagingIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    /** The API's order: newest first, then regular before offline, then by id. */
    private static final Comparator<JsonNode> ORDER = Comparator
            .comparing((JsonNode s) -> Instant.parse(s.path("data").path("started").asText())).reversed()
            .thenComparing(s -> s.path("offline").asBoolean())
            .thenComparing(s -> s.path("_id").asText());

    @Test
    void pagesOverOneHundredFiftySessionsShowEachOnceInOrderWhileANewOneStarts(SimptelServer server) {
        TestUser user = users.create("paging");
        Set<String> created = new HashSet<>();
        SessionLogin caller = null;
        for (int i = 0; i < 150; i++) {
            caller = SessionLogin.web(server, user);
            created.add(caller.sessionId());
        }
        SessionsApi api = caller.api(server);

        JsonResponse unpaged = api.list();
        assertThat(unpaged.status()).isEqualTo(200);
        assertThat(unpaged.json()).hasSize(100);
        assertThat(SessionsApi.nextLink(unpaged)).contains("max=100").contains("after=");

        List<JsonNode> seen = new ArrayList<>();
        String query = "?max=40";
        String added = null;
        int pages = 0;
        while (query != null) {
            JsonResponse page = api.list(query);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().size()).isBetween(1, 40);
            page.json().forEach(seen::add);
            String next = SessionsApi.nextLink(page);
            query = next == null ? null : SessionsApi.query(next);
            if (pages++ == 0) {
                Await.nextSecond(); // start times have second precision: the new one is then strictly the newest
                added = SessionLogin.web(server, user).sessionId(); // starts while the caller pages
            }
        }

        List<String> ids = seen.stream().map(s -> s.path("_id").asText()).toList();
        assertThat(pages).isEqualTo(4);
        assertThat(ids).hasSize(150).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created)
                .doesNotContain(added);
        assertThat(seen).isSortedAccordingTo(ORDER);
        assertThat(api.list("?max=1").json().get(0).path("_id").asText()).isEqualTo(added);
    }

    @Test
    void badPagingParametersAre400WithAJsonError(SimptelServer server) {
        SessionsApi api = SessionLogin.web(server, users.create("paging-bad")).api(server);
        for (String query : List.of("?max=0", "?max=101", "?max=ten", "?max=-1", "?after=bm90LWEtY3Vyc29y",
                "?after=%25%25", "?max=5&after=MTAuMi5h")) {
            JsonResponse r = api.list(query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.json().path("error").asText()).as(query).isEqualTo("invalid_request");
            assertThat(r.json().path("error_description").asText()).as(query).isNotBlank();
        }
        assertThat(api.list("?max=&after=").status()).isEqualTo(200); // empty values as absent
        JsonResponse one = api.list("?max=1");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json()).hasSize(1);
        assertThat(one.header("Link")).isNull();
    }
}
