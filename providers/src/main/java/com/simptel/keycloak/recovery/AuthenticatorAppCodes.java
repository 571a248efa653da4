package com.simptel.keycloak.recovery;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

import java.util.List;

/**
 * Checks a code against the user's authenticator apps through Keycloak's OTP credential provider,
 * so the realm's OTP policy applies (look-ahead window, and the replay guard that refuses a code
 * already accepted once). The user's credentials are only read, never changed or removed.
 */
public final class AuthenticatorAppCodes {

    private AuthenticatorAppCodes() {
    }

    public static boolean hasAny(UserModel user) {
        return user.credentialManager().isConfiguredFor(OTPCredentialModel.TYPE);
    }

    /**
     * True if the code is valid now for one of the user's OTP credentials. All of them are tried,
     * because the page must not list a user's devices (that would tell who has one).
     */
    public static boolean matches(UserModel user, String code) {
        List<CredentialModel> credentials = user.credentialManager()
                .getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE).toList();
        for (CredentialModel credential : credentials) {
            if (user.credentialManager().isValid(
                    new UserCredentialModel(credential.getId(), OTPCredentialModel.TYPE, code))) {
                return true;
            }
        }
        return false;
    }
}
