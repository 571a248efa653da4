package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.MailCatcher;
import com.simptel.keycloak.harness.MailText;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emailed codes as a person reads them: the code stands on a line of its own in the mail's
 * plain text (and appears in its HTML part too). The one place tests find a code in a mail.
 */
public final class MailCodes {

    /** A line that is only a code (6 to 10 digits). */
    public static final Pattern CODE_LINE = Pattern.compile("(?m)^\\s*(\\d{6,10})\\s*$");
    /** How long a test waits for a mail: the mail thread sends after the response. */
    public static final Duration MAIL_WAIT = Duration.ofSeconds(30);

    private MailCodes() {
    }

    /** Whether the mail holds a code line. */
    public static boolean hasCode(MimeMessage message) {
        return CODE_LINE.matcher(MailText.of(message).plain()).find();
    }

    /** The code of a code mail: on a line of its own in the plain text, and in the HTML part. */
    public static String codeIn(MimeMessage message) {
        MailText text = MailText.of(message);
        Matcher matcher = CODE_LINE.matcher(text.plain());
        assertThat(matcher.find()).as("a code line in:\n" + text.plain()).isTrue();
        String code = matcher.group(1);
        assertThat(text.html()).as("the HTML part shows the code too").contains(code);
        return code;
    }

    /** The code in the n-th mail (1-based) to {@code address}, waiting for that mail. */
    public static String nthCode(MailCatcher mail, String address, int n) {
        List<MimeMessage> mails = mail.awaitMessagesTo(address, n, MAIL_WAIT);
        return codeIn(mails.get(n - 1));
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
