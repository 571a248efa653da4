package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BucketJsonTest {

    private final BucketJson json = new BucketJson(4);

    @Test
    void readsAnObjectAndWritesItCompact() {
        ObjectNode bucket = json.parseBody("application/json; charset=UTF-8",
                bytes("{ \"otp\" : \"123456\", \"n\": [1, {\"x\": null}] }"), BucketJson.JSON);
        assertThat(json.serialize(bucket)).isEqualTo("{\"otp\":\"123456\",\"n\":[1,{\"x\":null}]}");
    }

    @Test
    void keysAreData() {
        ObjectNode bucket = json.parseBody("application/json", bytes("{\"__proto__\":{\"$ref\":\"#\"},\"\":\"\\u0000\"}"),
                BucketJson.JSON);
        assertThat(json.serialize(bucket)).isEqualTo("{\"__proto__\":{\"$ref\":\"#\"},\"\":\"\\u0000\"}");
    }

    @Test
    void wrongOrMissingMediaTypeIs415() {
        assertStatus(() -> json.parseBody("text/plain", bytes("{}"), BucketJson.JSON), 415);
        assertStatus(() -> json.parseBody(null, bytes("{}"), BucketJson.JSON), 415);
        assertStatus(() -> json.parseBody("application/json", bytes("{}"), BucketJson.MERGE_PATCH_JSON), 415);
        assertStatus(() -> json.parseBody("application/json;charset=iso-8859-1", bytes("{}"), BucketJson.JSON), 415);
        assertThat(json.parseBody("Application/Merge-Patch+JSON", bytes("{}"), BucketJson.MERGE_PATCH_JSON)).isEmpty();
    }

    @Test
    void emptyMalformedOrNonObjectBodiesAre400() {
        assertStatus(() -> json.parseBody("application/json", new byte[0], BucketJson.JSON), 400);
        assertStatus(() -> json.parseBody("application/json", bytes("  \n"), BucketJson.JSON), 400);
        assertStatus(() -> json.parseBody("application/json", bytes("{\"a\":"), BucketJson.JSON), 400);
        assertStatus(() -> json.parseBody("application/json", bytes("{} {}"), BucketJson.JSON), 400);
        assertStatus(() -> json.parseBody("application/json", bytes("[1]"), BucketJson.JSON), 400);
        assertStatus(() -> json.parseBody("application/json", bytes("\"s\""), BucketJson.JSON), 400);
        assertStatus(() -> json.parseBody("application/json", bytes("null"), BucketJson.JSON), 400);
        assertStatus(() -> json.parseBody("application/json", bytes("{\"a\":1,\"a\":2}"), BucketJson.JSON), 400);
    }

    @Test
    void unpairedSurrogatesAre400WhereverTheyAre() {
        for (String body : new String[] {"{\"a\":\"\\ud800\"}", "{\"\\udc00\":1}", "{\"a\":[\"x\\ud83d\"]}",
                "{\"a\":{\"b\":\"\\ude00x\"}}", "{\"a\":\"\\ude00\\ud83d\"}"}) {
            assertThatThrownBy(() -> json.parseBody("application/json", bytes(body), BucketJson.JSON))
                    .as(body).isInstanceOfSatisfying(SessionsApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.error()).isEqualTo("invalid_request");
                        assertThat(e.description()).containsIgnoringCase("surrogate");
                    });
        }
        assertThatThrownBy(() -> json.parseBody("application/json", bytes("{\"a\":\"\\ud800\"}"), BucketJson.JSON))
                .hasMessageContaining("RFC 7493");
        // the same character sent as raw (CESU-8) bytes instead of an escape
        byte[] raw = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        assertStatus(() -> json.parseBody("application/json", raw, BucketJson.JSON), 400);
    }

    @Test
    void surrogatePairsAreOneCharacterAndStayAsTheyAre() {
        ObjectNode bucket = json.parseBody("application/json", bytes("{\"\\ud83d\\ude00\":\"\\ud83d\\ude00 \u00fc\"}"),
                BucketJson.JSON);
        assertThat(bucket.get("\ud83d\ude00").textValue()).isEqualTo("\ud83d\ude00 \u00fc");
        assertThat(json.serialize(bucket)).isEqualTo("{\"\ud83d\ude00\":\"\ud83d\ude00 \u00fc\"}");
    }

    @Test
    void nestingLimitCountsTheBucketAsLevelOne() {
        assertThat(json.parseBody("application/json", bytes("{\"a\":{\"b\":[{\"c\":1}]}}"), BucketJson.JSON)).isNotNull();
        assertStatus(() -> json.parseBody("application/json", bytes("{\"a\":{\"b\":[{\"c\":[1]}]}}"), BucketJson.JSON), 400);
    }

    @Test
    void unreadableStoredNoteIsTheEmptyBucket() {
        assertThat(json.parseStored(null)).isEmpty();
        assertThat(json.parseStored("not json")).isEmpty();
        assertThat(json.parseStored("{\"a\":1}").get("a").asInt()).isEqualTo(1);
    }

    @Test
    void sizeIsUtf8Bytes() {
        assertThat(BucketJson.utf8Length("{\"ä\":1}")).isEqualTo(8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertStatus(Runnable r, int status) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(SessionsApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.description()).isNotBlank();
        });
    }
}
