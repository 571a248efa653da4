package com.simptel.keycloak.it.firstparty;

import com.simptel.keycloak.it.support.SimptelServer;
import com.simptel.keycloak.it.support.Totp;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import com.simptel.keycloak.launcher.Base32;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A throwaway user of realm simptel for these tests, with what the case needs (an unverified email,
 * an authenticator app whose secret the test knows); deleted on close.
 */
record FirstPartyUser(RealmResource realm, String id, String username, String email, String password, Totp totp)
        implements AutoCloseable {

    static final String PASSWORD = "Fp-password-1";
    private static final SecureRandom RANDOM = new SecureRandom();

    static FirstPartyUser create(SimptelServer server, String prefix, boolean emailVerified, boolean withTotp) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@first-party.test");
        user.setEmailVerified(emailVerified);
        user.setFirstName("Test");
        user.setLastName(prefix);
        user.setEnabled(true);
        List<CredentialRepresentation> credentials = new ArrayList<>();
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(PASSWORD);
        password.setTemporary(false);
        credentials.add(password);
        Totp totp = null;
        if (withTotp) {
            String secret = base32Secret();
            totp = Totp.sha1Base32(secret);
            CredentialRepresentation otp = new CredentialRepresentation();
            otp.setType("otp");
            otp.setUserLabel("Test authenticator app");
            otp.setSecretData("{\"value\":\"" + secret + "\"}");
            otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,"
                    + "\"algorithm\":\"HmacSHA1\",\"secretEncoding\":\"BASE32\"}");
            credentials.add(otp);
        }
        user.setCredentials(credentials);
        RealmResource realm = server.realm();
        try (Response response = realm.users().create(user)) {
            if (response.getStatus() != 201) {
                throw new AssertionError("Creating " + username + " failed: " + response.getStatus());
            }
            return new FirstPartyUser(realm, CreatedResponseUtil.getCreatedId(response), username, user.getEmail(),
                    PASSWORD, totp);
        }
    }

    UserRepresentation representation() {
        return realm.users().get(id).toRepresentation();
    }

    /** A well-formed code none of the time steps the realm accepts now would produce. */
    String wrongTotp() {
        Set<String> valid = new HashSet<>();
        for (int step = -2; step <= 2; step++) {
            valid.add(totp.stepsFromNow(step));
        }
        for (int candidate = 123456; ; candidate = (candidate + 111111) % 1_000_000) {
            String code = String.format(Locale.ROOT, "%06d", candidate);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }

    @Override
    public void close() {
        try {
            realm.users().delete(id).close();
        } catch (RuntimeException ignored) {
            // the server may already be gone at the end of the run
        }
    }

    private static String base32Secret() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return Base32.encode(bytes);
    }

    /** Events of a type (for a user, or any), waiting up to 15 s for one matching {@code wanted}. */
    static List<EventRepresentation> awaitEvents(SimptelServer server, String type, String userId,
                                                 Predicate<EventRepresentation> wanted) {
        List<EventRepresentation>[] last = new List[1];
        await(() -> {
            last[0] = server.realm().getEvents(List.of(type), null, userId, null, null, null, 0, 200);
            return last[0].stream().anyMatch(wanted);
        }, "an event " + type + " for " + userId);
        return last[0];
    }

    static void await(BooleanSupplier condition, String what) {
        await(condition, what, Duration.ofSeconds(45));
    }

    static void await(BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited in vain for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted", e);
            }
        }
    }
}
