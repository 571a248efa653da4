package com.simptel.keycloak.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables that realm-config/*.json reads at import. One place, so the run
 * command, the tests and docker-compose agree on their names.
 */
public final class RealmEnvironment {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private RealmEnvironment() {
    }

    /** The demo's environment: the new-device notice on, as realm-config defaults it. */
    public static Map<String, String> of(String publicUrl, String smtpHost, int smtpPort) {
        return of(publicUrl, smtpHost, smtpPort, true);
    }

    /**
     * @param newDeviceNotice the realm attribute simptel.sessions.newDeviceNotice of realm simptel: the
     *                        tests import it off (else every test sign-in mails its user), and the
     *                        notice's own tests switch it on through the admin API
     */
    public static Map<String, String> of(String publicUrl, String smtpHost, int smtpPort, boolean newDeviceNotice) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("SIMPTEL_PUBLIC_URL", publicUrl);
        // The demo "external" provider is a second realm on this same server: browsers reach it
        // at the public URL, Keycloak's own back-channel calls (token, keys, userinfo) too.
        env.put("SIMPTEL_EXTERNAL_ISSUER", publicUrl + "/realms/simptel-external");
        env.put("SIMPTEL_EXTERNAL_BACKCHANNEL", publicUrl + "/realms/simptel-external");
        env.put("SIMPTEL_SMTP_HOST", smtpHost);
        env.put("SIMPTEL_SMTP_PORT", Integer.toString(smtpPort));
        env.put("SIMPTEL_NEW_DEVICE_NOTICE", Boolean.toString(newDeviceNotice));
        return env;
    }
}
