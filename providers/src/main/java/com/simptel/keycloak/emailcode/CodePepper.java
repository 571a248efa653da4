package com.simptel.keycloak.emailcode;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import javax.crypto.SecretKey;

/**
 * The realm's HMAC secret (Keycloak keeps one per realm, "hmac-generated-hs512") used as pepper for
 * code hashes. The key id goes into the code state, so a code still verifies after a key rotation
 * while the old key is enabled.
 */
public record CodePepper(String keyId, byte[] secret) {

    private static final CodePepper NONE = new CodePepper("", new byte[0]);

    public static CodePepper active(KeycloakSession session, RealmModel realm) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        return of(key);
    }

    /** The pepper a state was made with; null when that key is gone (then no code of it can verify). */
    public static CodePepper forKeyId(KeycloakSession session, RealmModel realm, String keyId) {
        if (keyId == null || keyId.isEmpty()) {
            return NONE;
        }
        KeyWrapper key = session.keys().getKey(realm, keyId, KeyUse.SIG, Algorithm.HS512);
        return key == null ? null : of(key);
    }

    private static CodePepper of(KeyWrapper key) {
        SecretKey secret = key == null ? null : key.getSecretKey();
        if (secret == null || secret.getEncoded() == null) {
            return NONE;
        }
        return new CodePepper(key.getKid(), secret.getEncoded());
    }
}
