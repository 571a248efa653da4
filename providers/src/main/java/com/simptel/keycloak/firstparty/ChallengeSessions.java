package com.simptel.keycloak.firstparty;

import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The {@code auth_session} of a journey: a handle to one of Keycloak's authentication sessions
 * (cluster-wide, expiring on its own), {@code <root id>.<tab id>.<secret>}. The secret has 256 random
 * bits and only its SHA-256 is kept, as a note, compared in constant time. The handle works for the
 * client and the flow it was made for, until the code is issued or the flow ends, and never past the
 * realm's login timeout.
 */
final class ChallengeSessions {

    static final String SECRET_NOTE = "simptel.first-party.secret";
    static final String FLOW_NOTE = "simptel.first-party.flow";
    static final String STARTED_NOTE = "simptel.first-party.started";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeycloakSession session;
    private final RealmModel realm;

    ChallengeSessions(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** An authentication session and the handle the app must send back. */
    record Opened(AuthenticationSessionModel authSession, String handle) {
    }

    Opened start(ClientModel client, ChallengeFlow flow) {
        RootAuthenticationSessionModel root = session.authenticationSessions().createRootAuthenticationSession(realm);
        AuthenticationSessionModel authSession = root.createAuthenticationSession(client);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String secretText = B64.encodeToString(secret);
        authSession.setAuthNote(SECRET_NOTE, hash(secretText));
        authSession.setAuthNote(FLOW_NOTE, flow.value());
        authSession.setAuthNote(STARTED_NOTE, Integer.toString(Time.currentTime()));
        return new Opened(authSession, root.getId() + "." + authSession.getTabId() + "." + secretText);
    }

    /**
     * The journey's session, or {@code invalid_session} for a handle that is malformed, unknown,
     * expired, finished, of another client, or of another flow than {@code flowParam} (when given).
     */
    Opened find(String handle, ClientModel client, String flowParam) {
        String[] parts = handle.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw ChallengeError.invalidSession();
        }
        RootAuthenticationSessionModel root = session.authenticationSessions().getRootAuthenticationSession(realm, parts[0]);
        AuthenticationSessionModel authSession = root == null ? null : root.getAuthenticationSession(client, parts[1]);
        if (authSession == null) {
            throw ChallengeError.invalidSession();
        }
        String expected = authSession.getAuthNote(SECRET_NOTE);
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                hash(parts[2]).getBytes(StandardCharsets.US_ASCII))) {
            throw ChallengeError.invalidSession();
        }
        if (flowParam != null && !flowParam.equals(authSession.getAuthNote(FLOW_NOTE))) {
            throw ChallengeError.invalidSession();
        }
        if (expired(authSession)) {
            end(authSession);
            throw ChallengeError.invalidSession();
        }
        return new Opened(authSession, handle);
    }

    static ChallengeFlow flowOf(AuthenticationSessionModel authSession) {
        return ChallengeFlow.of(authSession.getAuthNote(FLOW_NOTE));
    }

    /** The journey is over: its handle is worthless from now on. */
    void end(AuthenticationSessionModel authSession) {
        session.authenticationSessions().removeRootAuthenticationSession(realm, authSession.getParentSession());
    }

    private boolean expired(AuthenticationSessionModel authSession) {
        try {
            int started = Integer.parseInt(authSession.getAuthNote(STARTED_NOTE));
            return Time.currentTime() - started > realm.getAccessCodeLifespanLogin();
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static String hash(String secret) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
