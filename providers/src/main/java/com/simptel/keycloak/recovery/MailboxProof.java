package com.simptel.keycloak.recovery;

import com.simptel.keycloak.emailcode.EmailCodeAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.Map;

/**
 * Whether the emailed-code step proved the user's mailbox earlier in this flow. Read from the
 * flow engine's own record of executions that succeeded in this authentication session, so it
 * holds whatever sub-flow the admin put the step in and cannot be set by the browser.
 */
final class MailboxProof {

    /** The emailed one-time-code step. */
    static final String EMAIL_CODE_AUTHENTICATOR = EmailCodeAuthenticatorFactory.PROVIDER_ID;

    private MailboxProof() {
    }

    static boolean proven(RealmModel realm, AuthenticationSessionModel authSession) {
        for (Map.Entry<String, AuthenticationSessionModel.ExecutionStatus> status
                : authSession.getExecutionStatus().entrySet()) {
            if (status.getValue() != AuthenticationSessionModel.ExecutionStatus.SUCCESS) {
                continue;
            }
            AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(status.getKey());
            if (execution != null && EMAIL_CODE_AUTHENTICATOR.equals(execution.getAuthenticator())) {
                return true;
            }
        }
        return false;
    }
}
