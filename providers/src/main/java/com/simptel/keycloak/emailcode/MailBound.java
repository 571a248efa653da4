package com.simptel.keycloak.emailcode;

import com.simptel.keycloak.common.Settings;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * At most N mails of ours to one address in any hour (realm attribute {@value #REALM_ATTRIBUTE},
 * default {@value #DEFAULT_PER_HOUR}): codes, notices, whatever goes through {@link CodeMail}. Bounds
 * mail bombing, and with it the number of live codes a guesser can aim at (see docs/email-code.md).
 *
 * <p>Counted in Keycloak's cluster-wide single-use store without a read-then-write: each mail claims
 * the first free one of N numbered slots with {@link SingleUseObjectProvider#putIfAbsent}, which
 * Infinispan runs on the key's primary owner, so two requests (or two nodes) at the same moment
 * always claim different slots and never more than N are held. A slot lives an hour from its claim,
 * so any 60-minute window holds at most N mails. The address is kept only as a hash in the keys.
 */
public final class MailBound {

    public static final String REALM_ATTRIBUTE = "simptel.mail.perAddressPerHour";
    /** Single-use store key of one of an address's slots for the hour. */
    static final String KEY_PREFIX = "simptel.mail-bound.";
    static final int DEFAULT_PER_HOUR = 10;
    static final int MAX_PER_HOUR = 1000;
    static final long WINDOW_SECONDS = 3600;

    private MailBound() {
    }

    /** Mails per address and hour in this realm. */
    public static int perHour(RealmModel realm) {
        return Settings.clampedInt(realm.getAttribute(REALM_ATTRIBUTE), DEFAULT_PER_HOUR, 1, MAX_PER_HOUR);
    }

    /** Claims one mail to {@code address}; false when the hour's bound is reached (then send nothing). */
    public static boolean claim(KeycloakSession session, RealmModel realm, String address) {
        SingleUseObjectProvider store = session.singleUseObjects();
        String prefix = KEY_PREFIX + realm.getId() + "." + fingerprint(address) + ".";
        int bound = perHour(realm);
        for (int i = 1; i <= bound; i++) {
            if (store.putIfAbsent(prefix + i, WINDOW_SECONDS)) {
                return true;
            }
        }
        return false;
    }

    static String fingerprint(String address) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(address.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
