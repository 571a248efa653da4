package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.Base32;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Throwaway users of realm simptel, made through the admin API for one test class and deleted
 * after it, so tests never change the demo users others rely on (a wrong password on alice would
 * count towards her brute-force lockout). Register per class:
 * {@code @RegisterExtension static final TestUsers users = new TestUsers();}, then
 * {@code users.create("prefix")} or {@code users.user("prefix").withTotp().create()}.
 */
public final class TestUsers implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** One test user; {@code email} is null for a user without one, {@code totp} for one without an app. */
    public record TestUser(String id, String username, String email, String password, Totp totp) {
    }

    private final SecureRandom random = new SecureRandom();
    private final List<String> created = new ArrayList<>();
    private SimptelServer server;

    public TestUsers() {
    }

    /** For tools outside JUnit (the benchmarks): users of {@code server}, deleted on {@link #close()}. */
    public TestUsers(SimptelServer server) {
        this.server = server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = SimptelServerExtension.server(context);
    }

    @Override
    public void close() {
        afterAll(null);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (String id : created) {
            try {
                server.realm().users().delete(id).close();
            } catch (RuntimeException ignored) {
                // the test deleted it already, or the server is gone at the end of the run
            }
        }
        created.clear();
    }

    /** A user with a random name after {@code prefix}, a verified email and a password, nothing else. */
    public TestUser create(String prefix) {
        return user(prefix).create();
    }

    /** A user to describe further before {@link Spec#create()}. */
    public Spec user(String prefix) {
        return new Spec(prefix);
    }

    /** What a test user has; defaults: a verified address at simptel.test and a random password. */
    public final class Spec {
        private final String prefix;
        private String username;
        private String emailDomain = "simptel.test";
        private boolean withEmail = true;
        private boolean emailVerified = true;
        private String password = "pw-" + UUID.randomUUID();
        private boolean withTotp;
        private String locale;
        private final List<String> requiredActions = new ArrayList<>();
        private final List<String> realmRoles = new ArrayList<>();
        private final Map<String, List<String>> clientRoles = new LinkedHashMap<>();

        private Spec(String prefix) {
            this.prefix = prefix;
            this.username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        }

        /** An exact username instead of a random one (the address follows it). */
        public Spec username(String username) {
            this.username = username;
            return this;
        }

        public Spec emailDomain(String domain) {
            this.emailDomain = domain;
            return this;
        }

        public Spec withoutEmail() {
            this.withEmail = false;
            this.emailVerified = false;
            return this;
        }

        public Spec emailVerified(boolean verified) {
            this.emailVerified = verified;
            return this;
        }

        public Spec password(String password) {
            this.password = password;
            return this;
        }

        /** An authenticator app with a random secret the test knows ({@link TestUser#totp()}). */
        public Spec withTotp() {
            this.withTotp = true;
            return this;
        }

        /** The user's preferred locale (attribute {@code locale}). */
        public Spec locale(String locale) {
            this.locale = locale;
            return this;
        }

        public Spec requiredActions(String... actions) {
            requiredActions.addAll(List.of(actions));
            return this;
        }

        public Spec realmRoles(String... roles) {
            realmRoles.addAll(List.of(roles));
            return this;
        }

        public Spec clientRoles(String clientId, String... roles) {
            clientRoles.computeIfAbsent(clientId, k -> new ArrayList<>()).addAll(List.of(roles));
            return this;
        }

        public TestUser create() {
            String email = withEmail ? username + "@" + emailDomain : null;
            UserRepresentation user = new UserRepresentation();
            user.setUsername(username);
            user.setEmail(email);
            user.setEmailVerified(emailVerified);
            user.setFirstName("Test");
            user.setLastName(prefix);
            user.setEnabled(true);
            if (locale != null) {
                user.setAttributes(Map.of("locale", List.of(locale)));
            }
            if (!requiredActions.isEmpty()) {
                user.setRequiredActions(List.copyOf(requiredActions));
            }
            List<CredentialRepresentation> credentials = new ArrayList<>();
            credentials.add(passwordCredential(password));
            Totp totp = null;
            if (withTotp) {
                byte[] secret = new byte[20];
                random.nextBytes(secret);
                String base32 = Base32.encode(secret);
                totp = Totp.sha1Base32(base32);
                credentials.add(otpCredential(base32));
            }
            user.setCredentials(credentials);

            RealmResource realm = server.realm();
            String id;
            try (Response response = realm.users().create(user)) {
                if (response.getStatus() != 201) {
                    throw new AssertionError("Creating " + username + " failed: " + response.getStatus() + " "
                            + response.readEntity(String.class));
                }
                id = CreatedResponseUtil.getCreatedId(response);
            }
            created.add(id);
            UserResource resource = realm.users().get(id);
            if (!realmRoles.isEmpty()) {
                resource.roles().realmLevel().add(realmRoles.stream()
                        .map(r -> realm.roles().get(r).toRepresentation()).toList());
            }
            clientRoles.forEach((clientId, roles) -> {
                ClientRepresentation client = realm.clients().findByClientId(clientId).get(0);
                resource.roles().clientLevel(client.getId()).add(roles.stream()
                        .map(r -> realm.clients().get(client.getId()).roles().get(r).toRepresentation()).toList());
            });
            return new TestUser(id, username, email, password, totp);
        }
    }

    /** A password credential as the admin API takes it. */
    public static CredentialRepresentation passwordCredential(String value) {
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(value);
        password.setTemporary(false);
        return password;
    }

    /** The credential JSON Keycloak's import and admin API accept for a TOTP device. */
    private static CredentialRepresentation otpCredential(String base32Secret) {
        return otpCredential("Test authenticator app", base32Secret);
    }

    /** An authenticator app (TOTP, SHA-1, 6 digits, 30 s) with a label, as the admin API takes it. */
    public static CredentialRepresentation otpCredential(String label, String base32Secret) {
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp");
        otp.setUserLabel(label);
        otp.setSecretData("{\"value\":\"" + base32Secret + "\"}");
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,"
                + "\"algorithm\":\"HmacSHA1\",\"secretEncoding\":\"BASE32\"}");
        return otp;
    }
}
