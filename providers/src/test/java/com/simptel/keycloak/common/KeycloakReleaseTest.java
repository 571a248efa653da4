package com.simptel.keycloak.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeycloakReleaseTest {

    @Test
    void comparesMajorAndMinor() {
        assertThat(KeycloakRelease.atLeast("26.7.3", 26, 7)).isTrue();
        assertThat(KeycloakRelease.atLeast("26.7.0", 26, 7)).isTrue();
        assertThat(KeycloakRelease.atLeast("26.10.1", 26, 7)).isTrue();
        assertThat(KeycloakRelease.atLeast("27.0.0", 26, 7)).isTrue();
        assertThat(KeycloakRelease.atLeast("26.5.6", 26, 7)).isFalse();
        assertThat(KeycloakRelease.atLeast("26.4.7", 26, 7)).isFalse();
        assertThat(KeycloakRelease.atLeast("25.0.6", 26, 7)).isFalse();
    }

    @Test
    void readsProductAndSnapshotVersions() {
        assertThat(KeycloakRelease.atLeast("26.4.7.redhat-00001", 26, 4)).isTrue();
        assertThat(KeycloakRelease.atLeast("26.8.0-SNAPSHOT", 26, 7)).isTrue();
        assertThat(KeycloakRelease.atLeast("999.0.0-SNAPSHOT", 26, 7)).isTrue();
    }

    @Test
    void anUnreadableVersionIsNotNewer() {
        assertThat(KeycloakRelease.atLeast(null, 26, 7)).isFalse();
        assertThat(KeycloakRelease.atLeast("unknown", 26, 7)).isFalse();
        assertThat(KeycloakRelease.atLeast("26", 26, 7)).isFalse();
    }
}
