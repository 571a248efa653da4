package com.simptel.keycloak.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RealmImportStampTest {

    @TempDir
    Path dir;

    private Path realmConfig() throws Exception {
        Path config = Files.createDirectories(dir.resolve("realm-config"));
        Files.writeString(config.resolve("a-realm.json"),
                "{\"host\":\"${SMTP_HOST:localhost}\",\"secret\":\"${WEB_SECRET:demo}\",\"port\":\"${SMTP_PORT}\"}");
        return config;
    }

    @Test
    void nothingChangedWhenFilesAndValuesAreTheSame() throws Exception {
        Path config = realmConfig();
        Path stamp = dir.resolve("stamp");
        RealmImportStamp.of(config, Map.of("SMTP_PORT", "3025")).write(stamp);

        assertThat(RealmImportStamp.of(config, Map.of("SMTP_PORT", "3025", "UNRELATED", "x")).changesSince(stamp))
                .isEmpty();
    }

    @Test
    void namesTheVariablesAndFilesThatChanged() throws Exception {
        Path config = realmConfig();
        Path stamp = dir.resolve("stamp");
        RealmImportStamp.of(config, Map.of("SMTP_PORT", "3025")).write(stamp);

        assertThat(RealmImportStamp.of(config, Map.of("SMTP_PORT", "23025", "SMTP_HOST", "localhost"))
                .changesSince(stamp)).containsExactlyInAnyOrder("SMTP_PORT", "SMTP_HOST");

        Files.writeString(config.resolve("a-realm.json"), "{}");
        assertThat(RealmImportStamp.of(config, Map.of()).changesSince(stamp))
                .contains("a-realm.json", "SMTP_PORT", "SMTP_HOST", "WEB_SECRET");
    }

    @Test
    void namesAChangedDemoUsersFile() throws Exception {
        Path config = realmConfig();
        Files.writeString(config.resolve("a-users-0.json"), "{\"realm\":\"a\",\"users\":[]}");
        Path stamp = dir.resolve("stamp");
        RealmImportStamp.of(config, Map.of()).write(stamp);

        Files.writeString(config.resolve("a-users-0.json"), "{\"realm\":\"a\",\"users\":[{\"username\":\"x\"}]}");
        assertThat(RealmImportStamp.of(config, Map.of()).changesSince(stamp)).containsExactly("a-users-0.json");
    }

    @Test
    void noStampMeansNothingToCompare() throws Exception {
        assertThat(RealmImportStamp.of(realmConfig(), Map.of()).changesSince(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void valuesAreNotWrittenInClear() throws Exception {
        Path stamp = dir.resolve("stamp");
        RealmImportStamp.of(realmConfig(), Map.of("WEB_SECRET", "s3cr3t-value")).write(stamp);

        assertThat(Files.readString(stamp)).contains("WEB_SECRET=").doesNotContain("s3cr3t-value");
    }
}
