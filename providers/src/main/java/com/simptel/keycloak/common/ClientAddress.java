package com.simptel.keycloak.common;

import org.keycloak.common.ClientConnection;

/**
 * The one rule for the client's address in what our steps record (events, mails, notices): the
 * address Keycloak's own events record, after its proxy settings ({@code --proxy-headers}) applied.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(ClientConnection connection) {
        return connection.getRemoteHost();
    }
}
