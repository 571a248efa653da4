package com.simptel.keycloak.sessions;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionPageTest {

    private static final Function<SessionPage.Key, SessionPage.Key> SELF = k -> k;

    @Test
    void pagesVisitEverySessionOnceNewestFirstEvenWhenSessionsStartMeanwhile() {
        List<SessionPage.Key> all = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            all.add(new SessionPage.Key(1000 + i / 4, i % 5 == 0, "id-" + (i * 7919 % 150)));
        }
        List<SessionPage.Key> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SessionPage.Page<SessionPage.Key> page = SessionPage.of(all, SELF, cursor, 7);
            seen.addAll(page.entries());
            cursor = page.next();
            all.add(new SessionPage.Key(5000 + pages, false, "new-" + pages)); // started after the first page
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(22); // 150 / 7, rounded up
        assertThat(seen).hasSize(150).doesNotHaveDuplicates()
                .isSortedAccordingTo(SessionPage.ORDER)
                .noneMatch(k -> k.id().startsWith("new-"));
    }

    @Test
    void orderIsNewestFirstThenRegularBeforeOfflineThenId() {
        SessionPage.Key older = new SessionPage.Key(10, false, "a");
        SessionPage.Key newerOffline = new SessionPage.Key(20, true, "a");
        SessionPage.Key newerRegularB = new SessionPage.Key(20, false, "b");
        SessionPage.Key newerRegularA = new SessionPage.Key(20, false, "a");
        List<SessionPage.Key> page = SessionPage.of(List.of(older, newerOffline, newerRegularB, newerRegularA),
                SELF, null, 100).entries();
        assertThat(page).containsExactly(newerRegularA, newerRegularB, newerOffline, older);
    }

    @Test
    void theLastPageHasNoNextCursorAndAFullPageHasOne() {
        List<SessionPage.Key> three = List.of(new SessionPage.Key(3, false, "c"), new SessionPage.Key(2, false, "b"),
                new SessionPage.Key(1, false, "a"));
        assertThat(SessionPage.of(three, SELF, null, 3).next()).isNull();
        SessionPage.Page<SessionPage.Key> first = SessionPage.of(three, SELF, null, 2);
        assertThat(first.next()).isNotNull().doesNotContain("=", "+", "/");
        assertThat(SessionPage.decode(first.next())).isEqualTo(three.get(1));
        assertThat(SessionPage.of(three, SELF, first.next(), 2).entries()).containsExactly(three.get(2));
    }

    @Test
    void maxIsOneToHundredDefaultingToHundred() {
        assertThat(SessionPage.max(null)).isEqualTo(100);
        assertThat(SessionPage.max("")).isEqualTo(100); // ?max= as absent
        assertThat(SessionPage.max("1")).isEqualTo(1);
        assertThat(SessionPage.max("100")).isEqualTo(100);
        for (String bad : List.of("0", "101", "-3", "ten", " ", "1.5", "99999999999")) {
            assertThatThrownBy(() -> SessionPage.max(bad)).isInstanceOfSatisfying(SessionsApiException.class,
                    e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    void aCursorThisApiDidNotWriteIs400() {
        for (String bad : List.of("not base64!", "bm90aGluZw", "MTAuMi5h", "eC4wLmE", "MTAuMC4")) {
            assertThatThrownBy(() -> SessionPage.decode(bad)).isInstanceOfSatisfying(SessionsApiException.class,
                    e -> assertThat(e.error()).isEqualTo("invalid_request"));
        }
    }
}
