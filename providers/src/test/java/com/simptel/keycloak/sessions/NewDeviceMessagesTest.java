package com.simptel.keycloak.sessions;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message key of the new-device notice exists in English, German and French and formats
 * with Keycloak's MessageFormat as written (the intro with its five values).
 */
class NewDeviceMessagesTest {

    private static final Pattern MSG_CALL = Pattern.compile("msg\\(\"(simptelNewDevice[A-Za-z0-9]+)\"");

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr"})
    void emailThemeHasEveryNewDeviceKey(String language) throws IOException {
        Properties messages = load("theme/simptel/email/messages/messages_" + language + ".properties");
        Set<String> needed = keysIn("theme/simptel/email/html/" + NewDeviceNotice.TEMPLATE);
        needed.addAll(keysIn("theme/simptel/email/text/" + NewDeviceNotice.TEMPLATE));
        needed.add(NewDeviceNotice.SUBJECT);
        assertThat(needed).hasSizeGreaterThanOrEqualTo(7);
        Locale locale = Locale.forLanguageTag(language);
        for (String key : needed) {
            String pattern = messages.getProperty(key);
            assertThat(pattern).as(key + " in " + language).isNotBlank();
            String formatted = new MessageFormat(pattern, locale).format(new Object[] {"A", "B", "C", "D", "E"});
            assertThat(formatted).as(key).doesNotContain("{");
            assertThat(pattern.replace("''", "")).as(key + " has a lone apostrophe").doesNotContain("'");
        }
        String intro = new MessageFormat(messages.getProperty("simptelNewDeviceIntro"), locale)
                .format(new Object[] {"Simptel", "Chrome", "Linux", "192.0.2.1", "now"});
        assertThat(intro).contains("Simptel", "Chrome", "Linux", "192.0.2.1", "now");
    }

    private static Set<String> keysIn(String template) throws IOException {
        try (InputStream in = resource(template)) {
            Matcher matcher = MSG_CALL.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return matcher.results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Properties load(String path) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = resource(path)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    private static InputStream resource(String path) {
        InputStream in = NewDeviceMessagesTest.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("Not on the class path: " + path);
        }
        return in;
    }
}
