package com.simptel.keycloak.it.sessions;

import com.simptel.keycloak.harness.MailText;
import com.simptel.keycloak.it.support.RealmEvents;
import com.simptel.keycloak.it.support.SimptelIT;
import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.TestUsers;
import com.simptel.keycloak.it.support.TestUsers.TestUser;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The new-device notice: one mail when a session starts on a device (browser family, OS family,
 * network) none of the user's other sessions started on; none for the same device; none while the
 * realm setting is off. "None" is asserted only after a later notice's event has arrived.
 */
@SimptelIT
class SessionsNewDeviceIT {

    @RegisterExtension
    static final TestUsers users = new TestUsers();

    private static final String SETTING = "simptel.sessions.newDeviceNotice";
    private static final String CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/156.0.0.0 Safari/537.36";
    private static final String CHROME_LINUX_UPDATED = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/157.0.0.0 Safari/537.36";
    private static final String FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101"
            + " Firefox/140.0";
    private static final String SAFARI_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/18.0 Safari/605.1.15";
    private static final String EDGE_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0";

    @AfterEach
    void settingOff(SimptelServer server) {
        setting(server, false);
    }

    @Test
    void anotherBrowserGetsOneMailTheSameDeviceNone(SimptelServer server) throws Exception {
        setting(server, true);
        TestUser user = users.create("newdev");

        SessionLogin first = SessionLogin.web(server, user, CHROME_LINUX); // no session yet: a new device too
        notices(server, user, 1);
        SessionLogin firefox = SessionLogin.web(server, user, FIREFOX_WINDOWS);
        List<EventRepresentation> events = notices(server, user, 2);
        SessionLogin sameDevice = SessionLogin.web(server, user, CHROME_LINUX_UPDATED); // browser update, same device
        SessionLogin safari = SessionLogin.web(server, user, SAFARI_MAC);
        events = notices(server, user, 3);

        assertThat(events).extracting(EventRepresentation::getSessionId)
                .containsExactlyInAnyOrder(first.sessionId(), firefox.sessionId(), safari.sessionId())
                .doesNotContain(sameDevice.sessionId());
        assertThat(events).filteredOn(e -> e.getSessionId().equals(firefox.sessionId())).singleElement()
                .satisfies(e -> assertThat(e.getDetails()).containsEntry("browser", "Firefox")
                        .containsEntry("os", "Windows").containsEntry("network", "127.0.0.0/24"));
        List<MimeMessage> mails = server.mail().awaitMessagesTo(user.email(), 3, Duration.ofSeconds(20));
        assertThat(mails).hasSize(3);
        MimeMessage toFirefox = mails.stream().filter(m -> text(m).contains("Firefox on Windows")).findFirst()
                .orElseThrow(() -> new AssertionError("No notice names Firefox on Windows"));
        assertThat(toFirefox.getSubject()).isEqualTo("New sign-in to your Simptel account");
        assertThat(text(toFirefox)).contains("New sign-in to your Simptel account: Firefox on Windows, from 127.0.0.1, at")
                .contains(server.realmUrl() + "/account/account-security/device-activity")
                .contains("If this was not you");
    }

    @Test
    void noMailWhileTheSettingIsOff(SimptelServer server) {
        TestUser user = users.create("newdev-off");
        SessionLogin whileOff = SessionLogin.web(server, user, EDGE_WINDOWS);
        setting(server, true);
        SessionLogin whileOn = SessionLogin.web(server, user, SAFARI_MAC);

        List<EventRepresentation> events = notices(server, user, 1);

        assertThat(events).extracting(EventRepresentation::getSessionId).containsExactly(whileOn.sessionId())
                .doesNotContain(whileOff.sessionId());
        assertThat(server.mail().awaitMessagesTo(user.email(), 1, Duration.ofSeconds(20))).hasSize(1);
    }

    private static List<EventRepresentation> notices(SimptelServer server, TestUser user, int count) {
        List<EventRepresentation> found = RealmEvents.await(server, "SEND_VERIFY_EMAIL", user.id(), count,
                "new-device notices", RealmEvents.detail("simptel_mail", "new_device_notice"));
        assertThat(found).hasSize(count);
        return found;
    }

    private static void setting(SimptelServer server, boolean on) {
        RealmRepresentation realm = server.realm().toRepresentation();
        Map<String, String> attributes = new HashMap<>(realm.getAttributes() == null ? Map.of() : realm.getAttributes());
        attributes.put(SETTING, Boolean.toString(on));
        realm.setAttributes(attributes);
        server.realm().update(realm);
        assertThat(server.realm().toRepresentation().getAttributes()).containsEntry(SETTING, Boolean.toString(on));
    }

    private static String text(MimeMessage message) {
        return MailText.of(message).plain();
    }
}
