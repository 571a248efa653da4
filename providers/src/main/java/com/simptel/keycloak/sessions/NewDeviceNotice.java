package com.simptel.keycloak.sessions;

import com.simptel.keycloak.emailcode.CodeMail;
import org.keycloak.events.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.authmode.AuthMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.Urls;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The new-device notice (realm attribute {@value #REALM_ATTRIBUTE} = {@code true}): when a session
 * starts on a {@link DeviceKey device} none of the user's other sessions (regular or offline, still
 * valid) was started on, the user gets a mail naming browser, OS, address and time, with a link to
 * the account console's sessions page. Decided in the request that creates the session, sent after
 * its commit. Never for a session the user entered by proving an emailed code (registration,
 * recovery, a sign-in that verified the address): that code's mail already told them.
 */
final class NewDeviceNotice {

    /** Realm attribute switching the notice on ("true"); off when absent. */
    static final String REALM_ATTRIBUTE = "simptel.sessions.newDeviceNotice";
    static final String TEMPLATE = "simptel-new-device.ftl";
    static final String SUBJECT = "simptelNewDeviceSubject";
    /** The {@code simptel_mail} detail of the event recorded when SMTP has answered. */
    static final String MAIL_KIND = "new_device_notice";
    /** Where the account console (v3) shows the user's sessions. */
    static final String ACCOUNT_SESSIONS_PATH = "/account-security/device-activity";

    private static final ObjectMapper JSON = new ObjectMapper();

    private NewDeviceNotice() {
    }

    static boolean enabled(RealmModel realm) {
        return Boolean.parseBoolean(realm.getAttribute(REALM_ATTRIBUTE));
    }

    /** Called once per new session, after its useragent note is written. */
    static void sessionStarted(KeycloakSession session, RealmModel realm, UserSessionModel created, String clientId) {
        if (!enabled(realm) || AuthMode.fromNote(created.getNote(AuthMode.USER_SESSION_NOTE)) != AuthMode.AUTHENTICATION
                || created.getNote(AuthMode.MAILBOX_PROVEN_NOTE) != null) {
            return;
        }
        UserModel user = created.getUser();
        if (user == null || user.getEmail() == null || user.getEmail().isBlank()) {
            return;
        }
        DeviceKey device = DeviceKey.of(created.getNote(SessionNotes.USER_AGENT), created.getIpAddress());
        boolean known = SessionsOfUser.allValid(session, realm, user).stream()
                .filter(us -> !us.getId().equals(created.getId()))
                .map(us -> DeviceKey.of(us.getNote(SessionNotes.USER_AGENT), us.getIpAddress()))
                .anyMatch(other -> other.known() && other.equals(device));
        if (!known) {
            // through our mails' one path: the address's hourly bound and the bounded mail queue
            CodeMail.sendAfterCommit(session, letter(session, realm, user, created, device, clientId));
        }
    }

    private static CodeMail.Letter letter(KeycloakSession session, RealmModel realm, UserModel user,
                                               UserSessionModel created, DeviceKey device, String clientId) {
        Locale locale = session.getContext().resolveLocale(user);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("signedInAt", DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
                .withZone(ZoneOffset.UTC).format(Instant.ofEpochSecond(created.getStarted())) + " UTC");
        attributes.put("ipAddress", created.getIpAddress());
        String[] names = browserAndOs(created.getNote(SessionNotes.USER_AGENT));
        attributes.put("browser", names[0]);
        attributes.put("os", names[1]);
        attributes.put("sessionsUrl", Urls.accountBase(session.getContext().getUri().getBaseUri())
                .build(realm.getName()) + ACCOUNT_SESSIONS_PATH);
        Map<String, String> details = new HashMap<>();
        details.put(CodeMail.MAIL_KIND_DETAIL, MAIL_KIND);
        details.put("session_id", created.getId());
        details.put("browser", device.browser());
        details.put("os", device.os());
        details.put("network", device.network());
        return new CodeMail.Letter(realm.getId(), user.getId(), locale.toLanguageTag(), SUBJECT,
                List.of(realm.getDisplayName() == null ? realm.getName() : realm.getDisplayName()), TEMPLATE,
                attributes, EventType.SEND_VERIFY_EMAIL, details, clientId, created.getIpAddress(), null, created.getId());
    }

    /** Browser and OS names with their versions left out, null where unknown. */
    private static String[] browserAndOs(String note) {
        if (note == null) {
            return new String[2];
        }
        try {
            JsonNode ua = JSON.readTree(note);
            return new String[]{ua.path("browser").path("name").textValue(), ua.path("os").path("name").textValue()};
        } catch (IOException e) {
            return new String[2];
        }
    }
}
