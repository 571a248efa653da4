package com.simptel.keycloak.recovery;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message key the recovery page, the notice mail and the step use exists in English,
 * German and French, and formats with Keycloak's MessageFormat as written.
 */
class RecoveryMessagesTest {

    private static final Pattern MSG_CALL = Pattern.compile("msg\\(\"(simptelRecovery[A-Za-z0-9]+)\"");

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr"})
    void loginThemeHasEveryRecoveryKey(String language) throws IOException {
        Properties messages = load("theme/simptel/login/messages/messages_" + language + ".properties");
        Set<String> needed = keysIn("theme/simptel/login/" + RecoveryPage.TEMPLATE);
        needed.addAll(Set.of(RecoveryPage.MSG_INVALID_CODE, RecoveryPage.MSG_MISSING_CODE,
                RecoveryPage.MSG_TOO_MANY_ATTEMPTS, RecoveryPage.MSG_WITHOUT_TOTP_CONTINUE,
                RecoveryPage.MSG_WITHOUT_TOTP_REFUSED, RecoveryPage.MSG_UNAVAILABLE));
        assertThat(needed).hasSizeGreaterThan(8);
        assertFormats(messages, needed, language);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr"})
    void emailThemeHasEveryRecoveryKey(String language) throws IOException {
        Properties messages = load("theme/simptel/email/messages/messages_" + language + ".properties");
        Set<String> needed = keysIn("theme/simptel/email/html/" + RecoveryNotification.TEMPLATE);
        needed.addAll(keysIn("theme/simptel/email/text/" + RecoveryNotification.TEMPLATE));
        needed.addAll(Set.of(RecoveryNotification.SUBJECT, "simptelRecoveryNotificationIntroMailboxTotp",
                "simptelRecoveryNotificationIntroTotp", "simptelRecoveryNotificationIntroMailbox"));
        assertThat(needed).hasSizeGreaterThan(8);
        assertFormats(messages, needed, language);
        assertThat(new MessageFormat(messages.getProperty(RecoveryNotification.SUBJECT), Locale.forLanguageTag(language))
                .format(new Object[] {"Simptel"})).contains("Simptel");
    }

    private static void assertFormats(Properties messages, Set<String> keys, String language) {
        for (String key : keys) {
            String pattern = messages.getProperty(key);
            assertThat(pattern).as(key + " in " + language).isNotBlank();
            // Keycloak formats every message with MessageFormat: a lone ASCII apostrophe would swallow text.
            String formatted = new MessageFormat(pattern, Locale.forLanguageTag(language)).format(new Object[] {"X"});
            assertThat(formatted.replace("X", "")).as(key).doesNotContain("{");
            assertThat(pattern.replace("''", "")).as(key + " has a lone apostrophe").doesNotContain("'");
        }
    }

    private static Set<String> keysIn(String template) throws IOException {
        try (InputStream in = resource(template)) {
            Matcher matcher = MSG_CALL.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return matcher.results().map(m -> m.group(1)).collect(Collectors.toCollection(java.util.TreeSet::new));
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
        InputStream in = RecoveryMessagesTest.class.getClassLoader().getResourceAsStream(path);
        assertThat(in).as(path + " on the classpath").isNotNull();
        return in;
    }
}
