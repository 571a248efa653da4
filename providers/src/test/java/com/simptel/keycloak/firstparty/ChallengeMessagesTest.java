package com.simptel.keycloak.firstparty;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Every text the endpoint answers with exists in English, German and French and formats. */
class ChallengeMessagesTest {

    private static final List<String> KEYS = List.of("simptelChallengePassword", "simptelChallengeOtp",
            "simptelChallengeEmailCode", "simptelChallengeNewPassword", "simptelChallengeRedirectToWeb",
            "simptelChallengeSignedIn", "simptelChallengeRegistered", "simptelChallengeRecovered");

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr"})
    void everyAnswerHasItsText(String language) throws IOException {
        Properties messages = new Properties();
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("theme/simptel/login/messages/messages_" + language + ".properties")) {
            assertThat(in).isNotNull();
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        for (String key : KEYS) {
            String value = messages.getProperty(key);
            assertThat(value).as(language + " " + key).isNotBlank().doesNotContain("'");
            assertThat(new MessageFormat(value).format(new Object[] {"6"})).doesNotContain("{0}");
        }
    }
}
