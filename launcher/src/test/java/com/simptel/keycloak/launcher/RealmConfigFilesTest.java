package com.simptel.keycloak.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.simptel.keycloak.harness.DemoUsers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * realm-config as operators and the run command use it: the realm files (what a production
 * deployment imports) hold no users and no credentials; the demo users live in
 * {@code <realm>-users-<n>.json} files, which Keycloak's directory import reads after the realm.
 */
class RealmConfigFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Keycloak's directory import reads <realm>-users-<n>.json only, after <realm>-realm.json.
    private static final Pattern USERS_FILE = Pattern.compile(".+-users-[0-9]+\\.json");
    private final Path realmConfig = Path.of(System.getProperty("simptel.realm.config", "../realm-config"));

    @Test
    void realmFilesHoldNoUsersAndNoCredentials() throws IOException {
        List<Path> realmFiles = files("-realm.json");
        assertThat(realmFiles).extracting(p -> p.getFileName().toString())
                .contains("simptel-realm.json", "simptel-external-realm.json");
        for (Path file : realmFiles) {
            JsonNode realm = JSON.readTree(file.toFile());
            assertThat(realm.has("users")).as("%s has users", file.getFileName()).isFalse();
            assertThat(realm.has("federatedUsers")).as("%s has federatedUsers", file.getFileName()).isFalse();
            List<String> found = new ArrayList<>();
            walk(realm, "$", found);
            assertThat(found).as("credentials in %s", file.getFileName()).isEmpty();
        }
    }

    @Test
    void everyOtherFileIsAUsersFileOfARealmFile() throws IOException {
        List<Path> others = files(".json").stream()
                .filter(p -> !p.getFileName().toString().endsWith("-realm.json")).toList();
        assertThat(others).isEqualTo(usersFiles());
        assertThat(others).extracting(p -> p.getFileName().toString())
                .contains("simptel-users-0.json", "simptel-external-users-0.json");
        for (Path file : others) {
            JsonNode users = JSON.readTree(file.toFile());
            String realm = users.path("realm").asText();
            assertThat(file.getFileName().toString()).startsWith(realm + "-users-");
            assertThat(realmConfig.resolve(realm + "-realm.json")).isRegularFile();
            assertThat(users.path("users").isArray()).isTrue();
        }
    }

    @Test
    void everyDemoUserHasTheRealmsDefaultRoles() throws IOException {
        for (Path file : usersFiles()) {
            JsonNode users = JSON.readTree(file.toFile());
            String defaultRoles = "default-roles-" + users.path("realm").asText();
            for (JsonNode user : users.path("users")) {
                List<String> roles = new ArrayList<>();
                user.path("realmRoles").forEach(r -> roles.add(r.asText()));
                assertThat(roles).as("realm roles of %s", user.path("username").asText()).contains(defaultRoles);
            }
        }
    }

    @Test
    void theBannerListsEveryDemoUserWithEmailAndPassword() throws IOException {
        List<DemoUsers.DemoUser> users = DemoUsers.read(realmConfig);
        assertThat(users).extracting(u -> u.realm() + " " + u.username() + " " + u.email() + " " + u.password())
                .containsExactly(
                        "simptel alice alice@simptel.local alice-password",
                        "simptel bob bob@simptel.local bob-password",
                        "simptel carol carol@simptel.local carol-password",
                        "simptel-external erin erin@external.example erin-password");
        assertThat(DemoUsers.readTotp(realmConfig)).extracting(t -> t.realm() + " " + t.username())
                .containsExactly("simptel carol");
    }

    private List<Path> usersFiles() throws IOException {
        return files(".json").stream().filter(p -> USERS_FILE.matcher(p.getFileName().toString()).matches()).toList();
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> list = Files.list(realmConfig)) {
            return list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Collects the paths of credential-like fields: user credentials, OTP secrets, password hashes, literal client secrets. */
    private static void walk(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey();
                String at = path + "." + name;
                // (A "credentials" string, as in a conditional-credential authenticator's config, names types only.)
                if (name.equals("credentials") && field.getValue().isArray()
                        || List.of("secretData", "credentialData", "hashedPassword").contains(name)) {
                    found.add(at);
                } else if ((name.equals("secret") || name.equals("password"))
                        && !field.getValue().asText().startsWith("${")) {
                    found.add(at + " (not read from the environment)");
                }
                walk(field.getValue(), at, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", found);
            }
        }
    }
}
