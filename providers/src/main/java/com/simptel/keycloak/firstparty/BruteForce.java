package com.simptel.keycloak.firstparty;

import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's brute-force detector, reached the way the login page reaches it: failures through the
 * flow engine's failure path ({@link AuthenticationProcessor#logFailure}, which finds the user from
 * the authentication session and the category from the authenticator), the lockout check through
 * {@link AuthenticatorUtils}. No call depends on the detector's own API, which changed within 26.x.
 */
final class BruteForce {

    /** Keycloak's username-password form: its failures count in the password category. */
    static final String PASSWORD_AUTHENTICATOR = "auth-username-password-form";
    /** Keycloak's OTP form: its failures count in the OTP category. */
    static final String OTP_AUTHENTICATOR = "auth-otp-form";

    private BruteForce() {
    }

    /** The event error for a disabled or locked-out user, or null when the user may try. */
    static String lockError(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!user.isEnabled()) {
            return Errors.USER_DISABLED;
        }
        return AuthenticatorUtils.getDisabledByBruteForceEventError(session.getProvider(BruteForceProtector.class),
                session, realm, user);
    }

    static void failed(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                       EventBuilder event, String authenticator) {
        AuthenticationProcessor processor = new AuthenticationProcessor();
        processor.setSession(session).setRealm(realm).setAuthenticationSession(authSession)
                .setConnection(session.getContext().getConnection()).setEventBuilder(event)
                .setRequest(session.getContext().getHttpRequest()).setUriInfo(session.getContext().getUri());
        processor.logFailure(authenticator);
    }
}
