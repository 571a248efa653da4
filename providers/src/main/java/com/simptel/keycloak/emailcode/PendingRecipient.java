package com.simptel.keycloak.emailcode;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.adapter.AbstractInMemoryUserAdapter;

/**
 * The recipient of a registration's code before any account exists: a user model that lives only
 * in memory, carrying the address, for Keycloak's email templates. Never stored.
 */
final class PendingRecipient extends AbstractInMemoryUserAdapter {

    private PendingRecipient(KeycloakSession session, RealmModel realm, String address) {
        super(session, realm, "pending");
        setSingleAttribute(UserModel.EMAIL, address);
        setSingleAttribute(UserModel.USERNAME, address);
    }

    @Override
    public org.keycloak.models.SubjectCredentialManager credentialManager() {
        throw new UnsupportedOperationException("a pending registration has no credentials");
    }

    static UserModel of(KeycloakSession session, RealmModel realm, String address) {
        return address == null || address.isBlank() ? null : new PendingRecipient(session, realm, address);
    }
}
