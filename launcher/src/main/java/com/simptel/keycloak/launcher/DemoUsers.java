package com.simptel.keycloak.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The demo logins written in realm-config, read from the files so the banner never goes stale. */
public final class DemoUsers {

    public record DemoUser(String realm, String username, String password) {
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
                                    credential.path("value").asText()));
                        }
                    }
                }
            }
        }
        users.sort((a, b) -> a.realm().equals(b.realm()) ? 0 : a.realm().equals("simptel") ? -1 : 1);
        return users;
    }
}
