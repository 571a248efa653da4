package com.simptel.keycloak.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.openqa.selenium.virtualauthenticator.Credential;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WebAuthn credential that Chromium's virtual authenticator registered (its private key exported
 * through WebDriver), answering request options the way {@code navigator.credentials.get} would:
 * a real ES256 assertion over the authenticator data and the client data, base64url as the
 * endpoint takes them.
 */
public final class SoftwarePasskey {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final byte[] id;
    private final byte[] userHandle;
    private final PrivateKey key;
    private int signCount;

    public SoftwarePasskey(Credential credential) {
        try {
            this.id = credential.getId();
            this.userHandle = credential.getUserHandle();
            this.key = KeyFactory.getInstance("EC").generatePrivate(credential.getPrivateKey());
            this.signCount = credential.getSignCount();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String id() {
        return B64URL.encodeToString(id);
    }

    /** The assertion for the options of a JSON answer ({@code webauthn}), made at {@code origin}. */
    public Map<String, String> assertion(JsonNode options, String origin) {
        try {
            byte[] clientData = ("{\"type\":\"webauthn.get\",\"challenge\":\"" + options.path("challenge").asText()
                    + "\",\"origin\":\"" + origin + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
            signCount += 1;
            byte[] authenticatorData = ByteBuffer.allocate(37)
                    .put(sha256(options.path("rpId").asText().getBytes(StandardCharsets.UTF_8)))
                    .put((byte) 0x05) // user present, user verified
                    .putInt(signCount).array();
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(key);
            signature.update(authenticatorData);
            signature.update(sha256(clientData));
            Map<String, String> answer = new LinkedHashMap<>();
            answer.put("clientDataJSON", B64URL.encodeToString(clientData));
            answer.put("authenticatorData", B64URL.encodeToString(authenticatorData));
            answer.put("signature", B64URL.encodeToString(signature.sign()));
            answer.put("credentialId", id());
            answer.put("userHandle", userHandle == null ? "" : B64URL.encodeToString(userHandle));
            return answer;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
