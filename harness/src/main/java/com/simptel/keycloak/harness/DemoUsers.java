package com.simptel.keycloak.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The demo logins written in realm-config (the {@code <realm>-users-<n>.json} files), read from the
 * files so the banner never goes stale.
 */
public final class DemoUsers {

    /** A demo user as first imported: sign-in works with the username or the email address. */
    public record DemoUser(String realm, String username, String email, String password) {
    }

    /** A demo user's TOTP device from realm-config, with the secret as authenticator apps take it. */
    public record DemoTotp(String realm, String username, String base32Secret) {

        /** The otpauth URI an authenticator app imports (most apps also accept the secret typed in). */
        public String otpauthUri() {
            return "otpauth://totp/" + realm + ":" + username + "?secret=" + base32Secret + "&issuer=" + realm
                    + "&algorithm=SHA1&digits=6&period=30";
        }
    }

    private DemoUsers() {
    }

    public static List<DemoUser> read(Path realmConfigDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<DemoUser> users = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(realmConfigDir, "*.json")) {
            for (Path file : files) {
                JsonNode realm = json.readTree(file.toFile());
                for (JsonNode user : realm.path("users")) {
                    for (JsonNode credential : user.path("credentials")) {
                        if ("password".equals(credential.path("type").asText()) && credential.has("value")) {
                            users.add(new DemoUser(realm.path("realm").asText(), user.path("username").asText(),
                                    user.path("email").asText(null), credential.path("value").asText()));
                        }
                    }
                }
            }
        }
        // Realm simptel first; within a realm, the order of the file.
        users.sort(Comparator.comparing((DemoUser u) -> !u.realm().equals("simptel")).thenComparing(DemoUser::realm));
        return users;
    }

    /** TOTP devices of demo users (credentials of type otp), for the run banner. */
    public static List<DemoTotp> readTotp(Path realmConfigDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<DemoTotp> devices = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(realmConfigDir, "*.json")) {
            for (Path file : files) {
                JsonNode realm = json.readTree(file.toFile());
                for (JsonNode user : realm.path("users")) {
                    for (JsonNode credential : user.path("credentials")) {
                        if (!"otp".equals(credential.path("type").asText()) || !credential.has("secretData")) {
                            continue;
                        }
                        String secret = json.readTree(credential.path("secretData").asText()).path("value").asText();
                        String encoding = json.readTree(credential.path("credentialData").asText("{}"))
                                .path("secretEncoding").asText("");
                        devices.add(new DemoTotp(realm.path("realm").asText(), user.path("username").asText(),
                                "BASE32".equalsIgnoreCase(encoding) ? secret
                                        : Base32.encode(secret.getBytes(StandardCharsets.UTF_8))));
                    }
                }
            }
        }
        return devices;
    }
}
