package com.simptel.keycloak.sessions;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PermissionsTest {

    @Test
    void rolesNamedVerbColonResourceFillTheLists() {
        Map<String, List<String>> p = Permissions.fromRoleNames(Stream.of("read:reports", "create:reports",
                "read:invoices", "read:reports", "delete:a:b", "offline_access", "approve:reports", ":x", "read:",
                null, "update:profile"));
        assertThat(p).containsExactly(
                Map.entry("create", List.of("reports")),
                Map.entry("read", List.of("invoices", "reports")),
                Map.entry("update", List.of("profile")),
                Map.entry("delete", List.of("a:b")));
    }

    @Test
    void everyVerbIsPresentEvenWithoutRoles() {
        assertThat(Permissions.fromRoleNames(Stream.empty()))
                .containsOnlyKeys("create", "read", "update", "delete")
                .allSatisfy((verb, list) -> assertThat(list).isEmpty());
    }
}
