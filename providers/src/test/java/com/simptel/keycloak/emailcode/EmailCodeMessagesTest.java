package com.simptel.keycloak.emailcode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The theme files of the step, as packed into the JAR: every message key the templates use exists
 * in English, German and French, and every message formats (Keycloak runs them through MessageFormat).
 */
class EmailCodeMessagesTest {

    private static final Pattern MSG_KEY = Pattern.compile("msg\\(\"([A-Za-z]+)\"");

    @ParameterizedTest
    @ValueSource(strings = {"login", "email"})
    void everyKeyOfTheTemplatesExistsInEveryLanguageAndFormats(String type) throws IOException {
        Set<String> keys = new TreeSet<>();
        if (type.equals("login")) {
            keys.addAll(keysIn("theme/simptel/login/login-email-code.ftl", MSG_KEY));
            // set by EmailCodeStep
            keys.addAll(Set.of("emailCodeInvalid", "emailCodeMissing", "emailCodeExpired", "emailCodeExhausted",
                    "emailCodeResendTooSoon", "emailCodeResent", "emailCodeTooManyFailures",
                    "simptelUsernameTakenMeanwhile", "simptelExistingAccountSignIn"));
        } else {
            for (String template : new String[] {"html/email-code.ftl", "text/email-code.ftl",
                    "html/email-existing-account.ftl", "text/email-existing-account.ftl"}) {
                keys.addAll(keysIn("theme/simptel/email/" + template, MSG_KEY));
            }
            keys.addAll(Set.of("emailCodeSubject", "existingAccountSubject"));
        }
        keys.removeIf(k -> !k.startsWith("emailCode") && !k.startsWith("existingAccount") && !k.startsWith("simptel"));
        assertThat(keys).isNotEmpty();

        for (String language : new String[] {"en", "de", "fr"}) {
            Properties messages = messages("theme/simptel/" + type + "/messages/messages_" + language + ".properties");
            for (String key : keys) {
                String value = messages.getProperty(key);
                assertThat(value).as(type + " " + language + " " + key).isNotBlank()
                        .as("an ASCII apostrophe is a quote to MessageFormat and would vanish").doesNotContain("'");
                String formatted = new MessageFormat(value).format(new Object[] {"123456", "10 minutes", "Simptel"});
                assertThat(formatted).as("no MessageFormat quoting trap in " + key).doesNotContain("{0}");
            }
        }
    }

    private static Set<String> keysIn(String resource, Pattern pattern) throws IOException {
        Set<String> keys = new TreeSet<>();
        try (InputStream in = EmailCodeMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Matcher matcher = pattern.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            while (matcher.find()) {
                keys.add(matcher.group(1));
            }
        }
        return keys;
    }

    private static Properties messages(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = EmailCodeMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
