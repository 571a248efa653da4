package com.simptel.keycloak.recovery;

import com.simptel.keycloak.emailcode.CodeMail;
import org.keycloak.device.DeviceRepresentationProvider;
import org.keycloak.events.EventType;
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
 * and what to do if it was not them. Sent with the realm's email theme and SMTP settings through
 * {@link CodeMail}: after the request's transaction has committed and off the request thread, so
 * SMTP latency does not land on the request and a flow that rolls back sends no notice.
 */
final class RecoveryNotification {

    static final String TEMPLATE = "simptel-recovery-notification.ftl";
    static final String SUBJECT = "simptelRecoveryNotificationSubject";
    /** The {@code simptel_mail} detail of the SEND_RESET_PASSWORD event recorded when SMTP has answered. */
    static final String MAIL_KIND = "recovery_notice";

    /**
     * What the recovery event can know in the request: the notice is queued, there is no address, or
     * the address had its hourly bound of mails already (then nothing is sent).
     */
    enum Outcome {
        QUEUED("queued"), NO_EMAIL("no_email"), BOUNDED("mail_bound_reached");

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
     * Queues the notice; {@code mailboxProven} and {@code totpUsed} say what the person proved, so
     * the mail tells the owner exactly what an intruder would have needed. Whether SMTP took it is
     * recorded later, as SEND_RESET_PASSWORD (or its error) with {@code simptel_mail=recovery_notice}.
     */
    static Outcome send(RecoveryHost host, UserModel user, Instant when, boolean mailboxProven,
                        boolean totpUsed) {
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            return Outcome.NO_EMAIL;
        }
        KeycloakSession session = host.session();
        RealmModel realm = host.realm();
        Locale locale = session.getContext().resolveLocale(user);

        // Everything from the request is read here: the mail is written on another thread.
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
        boolean queued = CodeMail.sendAfterCommit(session, new CodeMail.Letter(realm.getId(), user.getId(), locale.toLanguageTag(),
                SUBJECT, List.of(realm.getDisplayName() == null ? realm.getName() : realm.getDisplayName()),
                TEMPLATE, attributes, EventType.SEND_RESET_PASSWORD, Map.of(CodeMail.MAIL_KIND_DETAIL, MAIL_KIND),
                host.authSession().getClient().getClientId(), host.remoteAddress()));
        return queued ? Outcome.QUEUED : Outcome.BOUNDED;
    }

    /** Browser and OS parsed from the request's User-Agent by Keycloak, or null without one. */
    private static DeviceRepresentation device(KeycloakSession session) {
        DeviceRepresentationProvider devices = session.getProvider(DeviceRepresentationProvider.class);
        return devices == null ? null : devices.deviceRepresentation();
    }
}
