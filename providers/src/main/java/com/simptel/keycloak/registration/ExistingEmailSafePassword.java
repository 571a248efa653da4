package com.simptel.keycloak.registration;

import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.forms.RegistrationPassword;

/**
 * Keycloak's "Password Validation" for the registration form, which stores the password on the new
 * user, except that a registration for an address that already has an account creates no user and so
 * stores nothing (Keycloak's own action would fail there).
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
                + " without email disclosure (Simptel)': validates password and confirmation and stores the password"
                + " on the new user; stores nothing when the address already had an account.";
    }

    @Override
    public void success(FormContext context) {
        if (context.getUser() == null) {
            return;
        }
        super.success(context);
    }
}
