package com.simptel.keycloak.common;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * An authenticator that must run, and look the same, whether or not the flow has found a user
 * (an unknown name, a registration with a taken address), so that its page never tells which.
 * It sets nothing up for the user and holds no resources.
 */
public abstract class UserlessAuthenticator implements Authenticator {

    @Override
    public final boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
