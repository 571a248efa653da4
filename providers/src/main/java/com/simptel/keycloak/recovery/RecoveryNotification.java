package com.simptel.keycloak.recovery;

import org.jboss.logging.Logger;
import org.keycloak.device.DeviceRepresentationProvider;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.account.DeviceRepresentation;
import org.keycloak.services.Urls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mail a user gets after their account was recovered: when, from which address and browser,
 * and what to do if it was not them. Sent with the realm's email theme and SMTP settings.
 */
final class RecoveryNotification {

    private static final Logger LOG = Logger.getLogger(RecoveryNotification.class);

    static final String TEMPLATE = "simptel-recovery-notification.ftl";
    static final String SUBJECT = "simptelRecoveryNotificationSubject";

    /** How the sending went, recorded in the recovery event. */
    enum Outcome {
        SENT("sent"), NO_EMAIL("no_email"), FAILED("failed");

        private final String value;

        Outcome(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }
    }

    private RecoveryNotification() {
    }

    /**
     * Sends the notice; {@code mailboxProven} and {@code totpUsed} say what the person proved, so
     * the mail tells the owner exactly what an intruder would have needed.
     */
    static Outcome send(RecoveryHost host, UserModel user, Instant when, boolean mailboxProven,
                        boolean totpUsed) {
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            return Outcome.NO_EMAIL;
        }
        KeycloakSession session = host.session();
        RealmModel realm = host.realm();
        Locale locale = session.getContext().resolveLocale(user);

        Map<String, Object> attributes = new HashMap<>();
        attributes.put("introKey", mailboxProven && totpUsed ? "simptelRecoveryNotificationIntroMailboxTotp"
                : totpUsed ? "simptelRecoveryNotificationIntroTotp" : "simptelRecoveryNotificationIntroMailbox");
        attributes.put("recoveredAt", DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(locale).withZone(ZoneOffset.UTC).format(when) + " UTC");
        attributes.put("ipAddress", host.remoteAddress());
        DeviceRepresentation device = device(session);
        attributes.put("browser", device == null || device.getBrowser() == null
                ? null : device.getBrowser().replace('/', ' '));
        attributes.put("os", device == null || device.getOs() == null || "Other".equals(device.getOs())
                ? null : device.getOs());
        attributes.put("accountUrl", Urls.accountBase(session.getContext().getUri().getBaseUri())
                .build(realm.getName()).toString());
        try {
            session.getProvider(EmailTemplateProvider.class)
                    .setRealm(realm)
                    .setUser(user)
                    .setAuthenticationSession(host.authSession())
                    .send(SUBJECT, List.of(realm.getDisplayName() == null ? realm.getName() : realm.getDisplayName()),
                            TEMPLATE, attributes);
            return Outcome.SENT;
        } catch (EmailException e) {
            // The recovery itself stands (the user proved what was asked); the event records the miss.
            LOG.warnf("Could not send the account-recovery notice to user %s in realm %s: %s",
                    user.getId(), realm.getName(), e.getMessage());
            return Outcome.FAILED;
        }
    }

    /** Browser and OS parsed from the request's User-Agent by Keycloak, or null without one. */
    private static DeviceRepresentation device(KeycloakSession session) {
        DeviceRepresentationProvider devices = session.getProvider(DeviceRepresentationProvider.class);
        return devices == null ? null : devices.deviceRepresentation();
    }
}
