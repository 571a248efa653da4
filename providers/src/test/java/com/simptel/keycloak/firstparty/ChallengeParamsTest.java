package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same parameters from a form and from JSON; repeated, nested and over-long ones refused. */
class ChallengeParamsTest {

    @Test
    void formAndJsonGiveTheSameValues() {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle("username", "alice");
        form.putSingle("password", " pw with spaces ");
        form.putSingle("resend_email_code", "true");
        ChallengeParams fromForm = ChallengeParams.fromForm(form);
        ChallengeParams fromJson = ChallengeParams.fromJson(
                "{\"username\":\"alice\",\"password\":\" pw with spaces \",\"resend_email_code\":true}");

        for (ChallengeParams params : List.of(fromForm, fromJson)) {
            assertThat(params.get("username")).isEqualTo("alice");
            assertThat(params.raw("password")).isEqualTo(" pw with spaces ");
            assertThat(params.isTrue("resend_email_code")).isTrue();
            assertThat(params.get("otp")).isNull();
        }
    }

    @Test
    void blankValuesCountAsAbsentAndJsonNullIsAbsent() {
        ChallengeParams params = ChallengeParams.fromJson("{\"username\":\"  \",\"otp\":null,\"password\":\"\"}");

        assertThat(params.get("username")).isNull();
        assertThat(params.get("otp")).isNull();
        assertThat(params.raw("password")).isNull();
    }

    @Test
    void repeatedNestedMalformedAndOverLongParametersAreInvalidRequest() {
        MultivaluedMap<String, String> repeated = new MultivaluedHashMap<>();
        repeated.put("username", List.of("a", "b"));

        for (Runnable parse : List.<Runnable>of(
                () -> ChallengeParams.fromForm(repeated),
                () -> ChallengeParams.fromJson("{\"username\":\"a\",\"username\":\"b\"}"),
                () -> ChallengeParams.fromJson("{\"username\":[\"a\"]}"),
                () -> ChallengeParams.fromJson("[1]"),
                () -> ChallengeParams.fromJson("{\"username\":"),
                () -> ChallengeParams.fromJson(""),
                () -> ChallengeParams.fromJson("{\"password\":\"" + "x".repeat(5000) + "\"}"))) {
            assertThatThrownBy(parse::run).isInstanceOf(ChallengeError.class)
                    .satisfies(e -> {
                        assertThat(((ChallengeError) e).status()).isEqualTo(400);
                        assertThat(((ChallengeError) e).error()).isEqualTo("invalid_request");
                    });
        }
    }
}
