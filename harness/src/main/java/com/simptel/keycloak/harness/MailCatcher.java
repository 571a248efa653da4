package com.simptel.keycloak.harness;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server on loopback (GreenMail) that accepts mail for any address and keeps it
 * in memory, so tests and people can read what Keycloak sent.
 */
public final class MailCatcher implements AutoCloseable {

    private final GreenMail greenMail;
    private final String host;
    private final int port;

    private MailCatcher(GreenMail greenMail, String host, int port) {
        this.greenMail = greenMail;
        this.host = host;
        this.port = port;
    }

    public static MailCatcher start(String host, int port) {
        GreenMail greenMail = new GreenMail(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        return new MailCatcher(greenMail, host, port);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    /** Every message received so far, oldest first. */
    public List<MimeMessage> messages() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    /** Messages received so far for one recipient, oldest first. */
    public List<MimeMessage> messagesTo(String address) {
        return messages().stream().filter(m -> isAddressedTo(m, address)).toList();
    }

    /**
     * Waits until {@code address} has received at least {@code count} messages and returns all of
     * them, oldest first; fails after {@code timeout}.
     */
    public List<MimeMessage> awaitMessagesTo(String address, int count, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<MimeMessage> received = messagesTo(address);
            if (received.size() >= count) {
                return received;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + count + " message(s) to " + address + " within "
                        + timeout.toSeconds() + " s, got " + received.size());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for mail", e);
            }
        }
    }

    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("Could not purge the mail catcher", e);
        }
    }

    private static boolean isAddressedTo(MimeMessage message, String address) {
        try {
            return message.getAllRecipients() != null && Arrays.stream(message.getAllRecipients())
                    .anyMatch(a -> a.toString().toLowerCase().contains(address.toLowerCase()));
        } catch (MessagingException e) {
            return false;
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
