package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.recovery.RecoveryPage;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Our recovery step (the authenticator app's code, after the mailbox is proven), by the page's
 * state: the code ({@code next: otp}); too many wrong codes (the journey ends); no authenticator app
 * where the realm lets the user go on ({@code next: new_password}: the new password is the answer
 * that goes on); no app where it refuses, or the step unusable ({@code access_denied}).
 */
final class RecoveryTotpJson implements StepForm {

    @Override
    public boolean answered(ChallengeParams params) {
        return params.raw(ChallengeParams.OTP) != null || params.raw(ChallengeParams.NEW_PASSWORD) != null;
    }

    @Override
    public MultivaluedMap<String, String> form(ChallengeParams params) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        FormFields.copy(params, form, ChallengeParams.OTP, RecoveryPage.CODE_FIELD);
        if (params.raw(ChallengeParams.OTP) == null && params.raw(ChallengeParams.NEW_PASSWORD) != null) {
            form.putSingle(RecoveryPage.CONTINUE_FIELD, "");
        }
        return form;
    }

    @Override
    public Challenge ask(StepView view) {
        Object mode = view.page().attribute(RecoveryPage.MODE_ATTRIBUTE);
        String key = view.page().message() == null ? null : view.page().message().getMessage();
        if (RecoveryPage.Mode.EXHAUSTED.value().equals(mode)) {
            return Challenge.collect("otp", or(key, "simptelRecoveryTooManyAttempts")).withTriesLeft(0).ending();
        }
        if (RecoveryPage.Mode.WITHOUT_TOTP_CONTINUE.value().equals(mode)) {
            return Challenge.collect(NewPasswordJson.NEXT, or(key, "simptelRecoveryWithoutTotpContinue"));
        }
        if (RecoveryPage.Mode.WITHOUT_TOTP_REFUSED.value().equals(mode) || RecoveryPage.Mode.UNAVAILABLE.value().equals(mode)) {
            return Challenge.denied(or(key, "simptelRecoveryUnavailable"));
        }
        return view.collect("otp", "simptelChallengeOtp");
    }

    private static String or(String key, String fallback) {
        return key == null ? fallback : key;
    }
}
