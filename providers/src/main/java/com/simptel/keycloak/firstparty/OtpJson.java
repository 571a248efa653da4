package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.models.credential.OTPCredentialModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's OTP form: {@code next: otp}. A user with several authenticator apps is offered the
 * choice, as the page offers it: {@code otp_credentials} lists them, {@code otp_credential} picks one.
 */
final class OtpJson implements StepForm {

    @Override
    public boolean answered(ChallengeParams params) {
        return params.raw(ChallengeParams.OTP) != null;
    }

    @Override
    public MultivaluedMap<String, String> form(ChallengeParams params) {
        MultivaluedMap<String, String> form = FormFields.of(params, ChallengeParams.OTP);
        FormFields.copy(params, form, ChallengeParams.OTP_CREDENTIAL, "selectedCredentialId");
        return form;
    }

    @Override
    public Challenge ask(StepView view) {
        Challenge challenge = view.collect("otp", "simptelChallengeOtp");
        if (view.user() == null) {
            return challenge;
        }
        List<Map<String, String>> devices = view.user().credentialManager()
                .getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .map(credential -> {
                    Map<String, String> device = new LinkedHashMap<>();
                    device.put("id", credential.getId());
                    device.put("label", credential.getUserLabel() == null ? "" : credential.getUserLabel());
                    return device;
                }).toList();
        return devices.size() > 1 ? challenge.with("otp_credentials", devices) : challenge;
    }
}
