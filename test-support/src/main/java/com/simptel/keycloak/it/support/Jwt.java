package com.simptel.keycloak.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.text.ParseException;

/**
 * What a token Keycloak issued says (access, ID, refresh or logout token), read without checking
 * its signature: the tests read what Keycloak put in. The one place tests parse a JWT;
 * {@code DiscoveryAndJwksIT} checks signatures against the realm's keys.
 */
public final class Jwt {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Jwt() {
    }

    public static JWTClaimsSet claims(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AssertionError("Not a signed JWT: " + token, e);
        }
    }

    /** A string claim, null when absent. */
    public static String claim(String token, String name) {
        try {
            return claims(token).getStringClaim(name);
        } catch (ParseException e) {
            throw new AssertionError("Claim " + name + " is not a string in " + token, e);
        }
    }

    /** The payload as JSON, for reading nested claims with Jackson paths. */
    public static JsonNode payload(String token) {
        try {
            return JSON.readTree(SignedJWT.parse(token).getPayload().toString());
        } catch (ParseException | IOException e) {
            throw new AssertionError("Not a signed JWT: " + token, e);
        }
    }
}
