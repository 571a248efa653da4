package com.simptel.keycloak.launcher;

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

    public static Map<String, String> of(String publicUrl, String smtpHost, int smtpPort) {
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
        return env;
    }
}
