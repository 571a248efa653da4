package com.simptel.keycloak.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterleavedRoundsTest {

    private static final ExpectedAnswer SESSION_LIST = ExpectedAnswer.array(200, 2, "id", "expires");
    private static final ExpectedAnswer USERINFO = ExpectedAnswer.object(200, "sub");
    private static final String TWO_SESSIONS = "[{\"id\":\"a\",\"expires\":1},{\"id\":\"b\",\"expires\":2}]";

    @Test
    void theExpectedStatusWithABodyOfTheExpectedShapeMatches() {
        assertThat(SESSION_LIST.mismatch(200, TWO_SESSIONS)).isNull();
        assertThat(USERINFO.mismatch(200, "{\"sub\":\"u\",\"email\":\"e\"}")).isNull();
    }

    @Test
    void anHtmlPageAnswered200IsAnotherAnswer() {
        String mismatch = SESSION_LIST.mismatch(200, "<!DOCTYPE html>\n<html><head><title>Account</title></head></html>");

        assertThat(mismatch).startsWith("200 <!DOCTYPE html> <html>").contains("expected 200 with a JSON array of 2 objects");
    }

    @Test
    void aWrongStatusShapeOrSizeIsAnotherAnswer() {
        assertThat(USERINFO.mismatch(401, "{\"error\":\"invalid_token\"}")).startsWith("401 {\"error\":\"invalid_token\"}");
        assertThat(USERINFO.mismatch(200, "{\"error\":\"x\"}")).isNotNull();
        assertThat(USERINFO.mismatch(200, "{\"sub\":null}")).isNotNull();
        assertThat(USERINFO.mismatch(200, "")).isNotNull();
        assertThat(SESSION_LIST.mismatch(200, "[{\"id\":\"a\",\"expires\":1}]")).isNotNull();
        assertThat(SESSION_LIST.mismatch(200, "[{\"_id\":\"a\",\"expires\":1},{\"_id\":\"b\",\"expires\":2}]")).isNotNull();
        assertThat(SESSION_LIST.mismatch(200, "{\"id\":\"a\",\"expires\":1}")).isNotNull();
    }

    @Test
    void aLongAnswerIsQuotedShortened() {
        String mismatch = USERINFO.mismatch(500, "x".repeat(1000));

        assertThat(mismatch).hasSizeLessThan(200).contains("...");
    }

    @Test
    void onlyExpectedAnswersCountInTheRequestsAndTheRate() {
        InterleavedRounds.Result result = new InterleavedRounds.Result("GET userinfo");
        assertThat(result.record(USERINFO, 200, "{\"sub\":\"u\"}", 1_000_000)).isTrue();
        assertThat(result.record(USERINFO, 200, "{\"sub\":\"u\"}", 3_000_000)).isTrue();
        assertThat(result.record(USERINFO, 403, "{\"error\":\"forbidden\"}", 500_000)).isFalse();
        assertThat(result.record(USERINFO, 200, "<html></html>", 500_000)).isFalse();
        result.noAnswer(new java.net.http.HttpTimeoutException("timed out"));
        result.nanos = 1_000_000_000L;

        assertThat(result.count()).isEqualTo(2);
        assertThat(result.rps()).isEqualTo(2.0);
        assertThat(result.unexpectedCount()).isEqualTo(3);
        assertThat(result.row()).isEqualTo("| GET userinfo | 2 | 2.0 | 1.00 | 3.00 | 3 |");
    }

    @Test
    void anyOtherAnswerFailsTheRunNamingWhatWasAnswered() {
        InterleavedRounds.Result result = new InterleavedRounds.Result("GET account/sessions");
        result.record(SESSION_LIST, 200, TWO_SESSIONS, 1);
        result.record(SESSION_LIST, 200, "<html>account console</html>", 1);
        result.record(SESSION_LIST, 200, "<html>account console</html>", 1);

        assertThatThrownBy(result::requireOnlyExpected)
                .isInstanceOf(InterleavedRounds.UnexpectedAnswers.class)
                .hasMessageContaining("GET account/sessions: 2 answers other than the expected one")
                .hasMessageContaining("2 x 200 <html>account console</html> (expected 200 with a JSON array of 2 objects");
    }

    @Test
    void onlyExpectedAnswersPassTheCheck() throws Exception {
        InterleavedRounds.Result result = new InterleavedRounds.Result("GET /sessions");
        result.record(SESSION_LIST, 200, TWO_SESSIONS, 1);

        assertThat(result.requireOnlyExpected()).isSameAs(result);
    }

    @Test
    void roundsAddUpAndKeepEveryOtherAnswer() {
        InterleavedRounds.Result total = new InterleavedRounds.Result("GET userinfo");
        InterleavedRounds.Result first = new InterleavedRounds.Result("GET userinfo");
        first.record(USERINFO, 200, "{\"sub\":\"u\"}", 2_000_000);
        first.nanos = 500_000_000L;
        InterleavedRounds.Result second = new InterleavedRounds.Result("GET userinfo");
        second.record(USERINFO, 200, "{\"sub\":\"u\"}", 2_000_000);
        second.record(USERINFO, 502, "Bad Gateway", 2_000_000);
        second.nanos = 500_000_000L;

        total.add(first);
        total.add(second);

        assertThat(total.count()).isEqualTo(2);
        assertThat(total.rps()).isEqualTo(2.0);
        assertThat(total.unexpectedCount()).isEqualTo(1);
    }

    @Test
    void beyondTenKindsOfAnswerTheRestAreSummed() {
        InterleavedRounds.Result result = new InterleavedRounds.Result("GET userinfo");
        for (int i = 0; i < 15; i++) {
            result.record(USERINFO, 400 + i, "{}", 1);
        }

        assertThat(result.unexpectedCount()).isEqualTo(15);
        assertThatThrownBy(result::requireOnlyExpected).hasMessageContaining("5 x other answers");
    }
}
