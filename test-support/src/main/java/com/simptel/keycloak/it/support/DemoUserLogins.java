package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.DemoUsers;
import com.simptel.keycloak.harness.DemoUsers.DemoTotp;
import com.simptel.keycloak.harness.DemoUsers.DemoUser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo users as the run command's banner lists them (read by {@link DemoUsers}, the code the
 * banner uses), and what a person who read the banner types to sign in: the password, then the
 * authenticator app's code for a user with a TOTP device.
 */
public final class DemoUserLogins {

    private static final int PERIOD_SECONDS = 30;
    /** Per TOTP secret, the last time step whose code a test entered. */
    private static final Map<String, Long> LAST_STEP = new HashMap<>();

    private DemoUserLogins() {
    }

    public static List<DemoUser> users(SimptelServer server) {
        try {
            return DemoUsers.read(server.realmConfig());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DemoUser user(SimptelServer server, String realm, String username) {
        return users(server).stream().filter(u -> u.realm().equals(realm) && u.username().equals(username))
                .findFirst().orElseThrow(() -> new AssertionError("No demo user " + username + " in realm " + realm
                        + " in " + server.realmConfig()));
    }

    /** The user's TOTP device as the banner prints it, if the user has one. */
    public static Optional<DemoTotp> totp(SimptelServer server, DemoUser user) {
        try {
            return DemoUsers.readTotp(server.realmConfig()).stream()
                    .filter(t -> t.realm().equals(user.realm()) && t.username().equals(user.username())).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A code of the device that no test of this run entered before: the realm refuses a code it
     * has seen (otpPolicyCodeReusable false) and accepts the next step's code (look-ahead 1), so
     * each call takes the next unused step, waiting for the clock when both are used.
     */
    public static synchronized String unusedCode(DemoTotp device) {
        long step = Math.max(currentStep(), LAST_STEP.getOrDefault(device.base32Secret(), Long.MIN_VALUE) + 1);
        while (step > currentStep() + 1) {
            waitForNextStep();
        }
        LAST_STEP.put(device.base32Secret(), step);
        return Totp.sha1Base32(device.base32Secret()).atStep(step);
    }

    /**
     * Signs the user in to {@code client} (of the user's realm) with {@code login}, the username
     * or the email, through the login pages; answers the token response.
     */
    public static JsonResponse signIn(SimptelServer server, OidcClient client, DemoUser user, String login) {
        Optional<DemoTotp> device = totp(server, user);
        return client.login(new HttpBrowser(server.baseUrl()), login, user.password(),
                device.isEmpty() ? null : () -> unusedCode(device.get()));
    }

    private static long currentStep() {
        return Math.floorDiv(Instant.now().getEpochSecond(), PERIOD_SECONDS);
    }

    /** A code is accepted once per time step: a second sign-in must wait for the next step. */
    private static void waitForNextStep() {
        Await.clockPast(Instant.ofEpochSecond((currentStep() + 1) * PERIOD_SECONDS).minusNanos(1));
    }
}
