package com.simptel.keycloak.recovery;

import com.simptel.keycloak.common.UserlessAuthenticator;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;

/**
 * Account recovery, second factor: the user types the current code of their authenticator app.
 * Modelled on Keycloak's OTP form, but it also runs for an account that does not exist or has no
 * TOTP, and then looks and behaves exactly like a wrong code, so nobody learns which accounts
 * exist or have TOTP before proving the mailbox. The user's TOTP is never removed or re-enrolled
 * (removing it first enabled a 2FA bypass: Keycloak issue 38593). The decisions are
 * {@link RecoveryTotpStep}'s; this class shows them as pages.
 */
final class RecoveryTotpAuthenticator extends UserlessAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        apply(context, step(context).begin(RecoveryHost.of(context)));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        var form = context.getHttpRequest().getDecodedFormParameters();
        apply(context, step(context).act(RecoveryHost.of(context), form.getFirst(RecoveryPage.CODE_FIELD),
                form.containsKey(RecoveryPage.CONTINUE_FIELD)));
    }

    private static RecoveryTotpStep step(AuthenticationFlowContext context) {
        return new RecoveryTotpStep(RecoveryTotpConfig.of(context.getAuthenticatorConfig()));
    }

    private static void apply(AuthenticationFlowContext context, RecoveryTotpStep.Result result) {
        Response page = switch (result.kind()) {
            case CODE -> RecoveryPage.code(context, null);
            case MISSING_CODE -> RecoveryPage.code(context, RecoveryPage.MSG_MISSING_CODE);
            case WRONG_CODE -> RecoveryPage.code(context, RecoveryPage.MSG_INVALID_CODE);
            case EXHAUSTED -> RecoveryPage.exhausted(context);
            case WITHOUT_TOTP_CONTINUE -> RecoveryPage.withoutTotp(context, true);
            case WITHOUT_TOTP_REFUSED -> RecoveryPage.withoutTotp(context, false);
            case UNAVAILABLE -> RecoveryPage.unavailable(context);
            case RECOVERED -> null;
        };
        if (page == null) {
            if (result.credentialType() != null) {
                context.success(result.credentialType());
            } else {
                context.success();
            }
        } else if (result.countsForBruteForce()) {
            // The flow engine counts this for brute-force detection, against the user or the
            // attempted username (which finds nobody for an unknown account).
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page);
        } else {
            context.challenge(page);
        }
    }
}
