package com.simptel.keycloak.it.support;

import com.simptel.keycloak.harness.DemoUsers;
import com.simptel.keycloak.harness.DemoUsers.DemoTotp;
import com.simptel.keycloak.harness.DemoUsers.DemoUser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The demo users as the run command's banner lists them (read by {@link DemoUsers}, the code the
 * banner uses), and what a person who read the banner types to sign in: the password, then the
 * authenticator app's code for a user with a TOTP device.
 */
public final class DemoUserLogins {

    private static final int PERIOD_SECONDS = 30;
    /**
     * The step before the current one is taken only while this much of the current step is left: a
     * code the server checks after the step has ended must be of the new step's window.
     */
    private static final int PREVIOUS_STEP_MARGIN_SECONDS = 10;
    /** Per TOTP secret, the time steps whose codes a test entered. */
    private static final Map<String, Set<Long>> USED_STEPS = new HashMap<>();

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
     * has seen (otpPolicyCodeReusable false) and accepts the codes of the steps around the current
     * one (look-around 1: the step before, this one, the next), so three sign-ins need no wait; a
     * fourth waits for the clock.
     */
    public static synchronized String unusedCode(DemoTotp device) {
        Set<Long> used = USED_STEPS.computeIfAbsent(device.base32Secret(), secret -> new HashSet<>());
        while (true) {
            long now = Instant.now().getEpochSecond();
            long step = Math.floorDiv(now, PERIOD_SECONDS);
            boolean previousStillSafe = (step + 1) * PERIOD_SECONDS - now > PREVIOUS_STEP_MARGIN_SECONDS;
            for (long candidate : previousStillSafe ? List.of(step - 1, step, step + 1) : List.of(step, step + 1)) {
                if (used.add(candidate)) {
                    return Totp.sha1Base32(device.base32Secret()).atStep(candidate);
                }
            }
            // every code the realm takes now was entered: the next step's window brings a new one
            Await.clockPast(Instant.ofEpochSecond((step + 1) * PERIOD_SECONDS));
        }
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

}
