package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON answers of the endpoint, never cached (the draft: {@code Cache-Control: no-store}). */
final class ChallengeAnswers {

    private ChallengeAnswers() {
    }

    static Response issued(String code, String clientId, String email, String mode, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("applicationId", clientId);
        data.put("email", email);
        data.put("mode", mode);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("authorization_code", code);
        body.put("data", data);
        body.put("message", message);
        return json(200, body);
    }

    static Response challenge(Challenge challenge, String handle, ChallengeMessages messages) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", challenge.error());
        body.put("error_description", messages.text(challenge.messageKey(), challenge.messageParams()));
        if (challenge.next() != null) {
            body.put("auth_session", handle);
            body.put("next", challenge.next());
        }
        if (challenge.triesLeft() != null) {
            body.put("tries_left", challenge.triesLeft());
        }
        body.putAll(challenge.extras());
        return json(403, body);
    }

    /** {@code redirect_to_web} with the pushed request the app opens in a browser. */
    static Response redirectToWeb(String description, Map<String, Object> pushed) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", Challenge.REDIRECT_TO_WEB);
        body.put("error_description", description);
        body.put("request_uri", pushed.get("request_uri"));
        body.put("expires_in", pushed.get("expires_in"));
        return json(403, body);
    }

    static Response error(ChallengeError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.error());
        body.put("error_description", error.getMessage());
        Response.ResponseBuilder response = builder(error.status(), body);
        if (error.status() == 401) {
            response.header("WWW-Authenticate", "Basic realm=\"authorization-challenge\"");
        }
        return response.build();
    }

    private static Response json(int status, Map<String, Object> body) {
        return builder(status, body).build();
    }

    private static Response.ResponseBuilder builder(int status, Map<String, Object> body) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        noStore.setNoTransform(false);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body)
                .cacheControl(noStore).header("Pragma", "no-cache");
    }
}
