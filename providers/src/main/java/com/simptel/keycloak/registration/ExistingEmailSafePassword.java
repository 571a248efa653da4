package com.simptel.keycloak.registration;

import com.simptel.keycloak.emailcode.PendingAccount;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.forms.RegistrationPage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.authentication.forms.RegistrationPassword;

/**
 * Keycloak's "Password Validation" for the registration form. The form creates no user (see
 * {@link ExistingEmailSafeUserCreation}), so the password is kept only as the realm's password hash
 * in the pending registration, stored on the account when the emailed code creates it; for an address
 * of a proven account it is hashed the same way and dropped.
 */
public final class ExistingEmailSafePassword extends RegistrationPassword {

    public static final String PROVIDER_ID = "simptel-registration-password";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Password validation (Simptel)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's password validation for the registration form, for use with 'Registration user creation"
                + " without email disclosure (Simptel)': validates password and confirmation and keeps only its hash until the emailed code creates"
                + " the account.";
    }

    @Override
    public void success(FormContext context) {
        if (context.getUser() != null) {
            super.success(context);
            return;
        }
        // hashed for every registration, kept only for a pending one: same work whether or not the address is taken
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        PendingAccount.hashPassword(context.getSession(), context.getRealm(), authSession,
                context.getHttpRequest().getDecodedFormParameters().getFirst(RegistrationPage.FIELD_PASSWORD),
                PendingAccount.present(authSession));
    }
}
