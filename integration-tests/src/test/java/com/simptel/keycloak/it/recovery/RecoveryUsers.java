package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.SimptelServerExtension;
import com.simptel.keycloak.it.support.Totp;
import com.simptel.keycloak.launcher.Base32;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Users made for one test class through the admin API, each with what the case needs (email,
 * TOTP with a secret the test knows, a preferred locale), and removed after the class. Register
 * as {@code @RegisterExtension static final RecoveryUsers users = new RecoveryUsers();}.
 */
final class RecoveryUsers implements BeforeAllCallback, AfterAllCallback {

    static final String OLD_PASSWORD = "Old-password-1";

    /** One test user; {@code totp} is null for a user without an authenticator app. */
    record TestUser(String id, String username, String email, Totp totp) {
    }

    private final List<String> created = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private SimptelServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = SimptelServerExtension.server(context);
    }

    TestUser withTotp(String prefix) {
        return create(prefix, true, true, null);
    }

    TestUser create(String prefix, boolean withEmail, boolean withTotp, String locale) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String email = withEmail ? username + "@recovery.test" : null;

        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(email);
        user.setEmailVerified(withEmail);
        user.setFirstName("Test");
        user.setLastName(prefix);
        user.setEnabled(true);
        if (locale != null) {
            user.setAttributes(Map.of("locale", List.of(locale)));
        }
        List<CredentialRepresentation> credentials = new ArrayList<>();
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(OLD_PASSWORD);
        password.setTemporary(false);
        credentials.add(password);

        Totp totp = null;
        if (withTotp) {
            byte[] secret = new byte[20];
            random.nextBytes(secret);
            String base32 = Base32.encode(secret);
            totp = Totp.sha1Base32(base32);
            credentials.add(otpCredential(base32));
        }
        user.setCredentials(credentials);

        try (Response response = server.realm().users().create(user)) {
            if (response.getStatus() != 201) {
                throw new AssertionError("Creating " + username + " failed: " + response.getStatus() + " "
                        + response.readEntity(String.class));
            }
            String id = CreatedResponseUtil.getCreatedId(response);
            created.add(id);
            return new TestUser(id, username, email, totp);
        }
    }

    /** A well-formed code that none of the time steps the realm accepts right now would produce. */
    static String wrongCode(Totp totp) {
        Set<String> valid = new HashSet<>();
        for (int step = -2; step <= 2; step++) {
            valid.add(totp == null ? "" : totp.stepsFromNow(step));
        }
        for (int candidate = 123456; ; candidate = (candidate + 111111) % 1_000_000) {
            String code = String.format(Locale.ROOT, "%06d", candidate);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }

    /** The credential JSON Keycloak's import and admin API accept for a TOTP device. */
    static CredentialRepresentation otpCredential(String base32Secret) {
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp");
        otp.setUserLabel("Test authenticator app");
        otp.setSecretData("{\"value\":\"" + base32Secret + "\"}");
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,"
                + "\"algorithm\":\"HmacSHA1\",\"secretEncoding\":\"BASE32\"}");
        return otp;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (String id : created) {
            try {
                server.realm().users().delete(id).close();
            } catch (RuntimeException ignored) {
                // the server may already be gone at the end of the run
            }
        }
        created.clear();
    }
}
