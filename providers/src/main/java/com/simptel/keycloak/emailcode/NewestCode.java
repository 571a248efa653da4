package com.simptel.keycloak.emailcode;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Map;

/**
 * The newest code mailed to an address for one purpose (flow path), kept in Keycloak's cluster-wide
 * single-use store for its lifetime. It lets the owner of the address get in when someone else has
 * used up the address's hourly mail bound: the owner's own flow then gets no mail, but the newest code
 * in the owner's mailbox (sent for a flow someone else started) works in the owner's flow, once,
 * within its lifetime and its own tries there ({@link CodeTries} counts these apart from the tries in
 * the flow it was sent for). Only a flow whose own code was not mailed looks here.
 */
final class NewestCode {

    /** Single-use store key of the newest code mailed to an address for a purpose. */
    static final String KEY_PREFIX = "simptel.email-code.newest.";

    private static final String STATE = "state";

    private NewestCode() {
    }

    static void remember(KeycloakSession session, RealmModel realm, String purpose, String address, CodeState state,
                         long lifetimeSeconds) {
        session.singleUseObjects().put(key(realm, purpose, address), Math.max(1, lifetimeSeconds),
                Map.of(STATE, state.encode()));
    }

    /** The newest mailed code for the address and purpose, or null. */
    static CodeState find(KeycloakSession session, RealmModel realm, String purpose, String address) {
        Map<String, String> notes = session.singleUseObjects().get(key(realm, purpose, address));
        return notes == null ? null : CodeState.decode(notes.get(STATE));
    }

    /** The id under which tries from other flows are counted. */
    static String adoptedTriesId(CodeState state) {
        return state.id() + ".adopted";
    }

    private static String key(RealmModel realm, String purpose, String address) {
        return KEY_PREFIX + realm.getId() + "." + purpose + "." + MailBound.fingerprint(address);
    }
}
