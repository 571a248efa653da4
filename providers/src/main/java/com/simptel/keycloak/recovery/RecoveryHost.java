package com.simptel.keycloak.recovery;

import com.simptel.keycloak.common.ClientAddress;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What the TOTP recovery step needs from the flow it runs in: the reset-credentials flow's context
 * as Keycloak's flow engine hands it (pages and JSON alike).
 *
 * @param user          the account being recovered; null for an unknown or disabled one
 * @param event         the flow's event builder (failures are recorded on it, as Keycloak's OTP form does)
 * @param mailboxProven whether the emailed-code step succeeded earlier in this flow
 */
record RecoveryHost(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                           UserModel user, EventBuilder event, boolean mailboxProven, String remoteAddress) {

    static RecoveryHost of(AuthenticationFlowContext context) {
        return new RecoveryHost(context.getSession(), context.getRealm(), context.getAuthenticationSession(),
                context.getUser(), context.getEvent(),
                MailboxProof.proven(context.getRealm(), context.getAuthenticationSession()),
                ClientAddress.of(context.getConnection()));
    }
}
