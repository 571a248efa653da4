package com.simptel.keycloak.firstparty;

import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.List;

/**
 * Username (or email) and password, as Keycloak's username-password form checks them: the attempted
 * name noted for the brute-force detector, a dummy hash for an unknown name so it takes as long as a
 * wrong password, a locked or disabled user answered like a wrong password and not counted again,
 * a wrong password counted in the password category.
 */
final class PasswordCheck {

    private PasswordCheck() {
    }

    /** The user whose password this is, or null (one answer for every reason, the event says which). */
    static UserModel verify(Exchange x, String username, String password) {
        x.authSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, username);
        UserModel user = KeycloakModelUtils.findUserByNameOrEmail(x.session(), x.realm(), username.trim());
        if (user == null || user.getServiceAccountClientLink() != null) {
            dummyHash(x);
            failed(x, null, username, Errors.USER_NOT_FOUND);
            return null;
        }
        String lockError = BruteForce.lockError(x.session(), x.realm(), user);
        boolean valid = user.credentialManager().isValid(UserCredentialModel.password(password));
        if (lockError != null) {
            failed(x, user, username, lockError);
            return null;
        }
        if (!valid) {
            failed(x, user, username, Errors.INVALID_USER_CREDENTIALS);
            BruteForce.failed(x.session(), x.realm(), x.authSession(), x.event(), BruteForce.PASSWORD_AUTHENTICATOR);
            return null;
        }
        AuthenticatorUtil.addAuthCredential(x.authSession(), PasswordCredentialModel.TYPE);
        return user;
    }

    private static void failed(Exchange x, UserModel user, String username, String error) {
        EventBuilder event = x.event(EventType.LOGIN_ERROR).detail(Details.USERNAME, username);
        if (user != null) {
            event.user(user);
        }
        event.error(error);
    }

    /** Keycloak's own stand-in hash for an unknown name, the cost of checking one password. */
    static void dummyHash(Exchange x) {
        AuthenticatorUtils.dummyHash(new AuthenticationProcessor().setSession(x.session()).setRealm(x.realm())
                .createAuthenticatorContext(null, null, List.of()));
    }
}
