package com.simptel.keycloak.sessions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityTagsTest {

    @Test
    void strongTagInAListMatches() {
        assertThat(EntityTags.matches("\"abc\"", "abc")).isTrue();
        assertThat(EntityTags.matches("\"x\", \"abc\"", "abc")).isTrue();
        assertThat(EntityTags.matches("*", "abc")).isTrue();
    }

    @Test
    void otherOrWeakTagsDoNot() {
        assertThat(EntityTags.matches("\"abd\"", "abc")).isFalse();
        assertThat(EntityTags.matches("W/\"abc\"", "abc")).isFalse();
        assertThat(EntityTags.matches("\"ab\"", "abc")).isFalse();
    }

    @Test
    void malformedHeaderIs400() {
        assertThatThrownBy(() -> EntityTags.matches("abc", "abc"))
                .isInstanceOfSatisfying(SessionsApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> EntityTags.matches("\"abc", "abc")).isInstanceOf(SessionsApiException.class);
        assertThatThrownBy(() -> EntityTags.matches(" ", "abc")).isInstanceOf(SessionsApiException.class);
    }

    @Test
    void quoteAndAny() {
        assertThat(EntityTags.quote("v1")).isEqualTo("\"v1\"");
        assertThat(EntityTags.isAny(" * ")).isTrue();
        assertThat(EntityTags.isAny("\"*\"")).isFalse();
        assertThat(EntityTags.isAny(null)).isFalse();
    }
}
