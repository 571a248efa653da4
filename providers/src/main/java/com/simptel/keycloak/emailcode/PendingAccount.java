package com.simptel.keycloak.emailcode;

import com.fasterxml.jackson.core.type.TypeReference;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.PasswordCredentialProvider;
import org.keycloak.credential.PasswordCredentialProviderFactory;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A registration waiting for its address to be proven: the registration form's validated profile
 * and the password, only as the realm's password hash (Keycloak's {@link PasswordHashProvider} with
 * the realm's password policy), kept in notes of the authentication session. No account exists
 * until the emailed code is accepted; then {@link #create} makes it with the email verified.
 *
 * <p>An address belongs to whoever proves it: an account holding the address whose email was never
 * verified does not own it. At creation such an account is removed (its password must sign nobody
 * in, and it must not become the owner's account), while a verified one sends the prover to the
 * existing-account path.
 */
public final class PendingAccount {

    static final String PROFILE_NOTE = "simptel.registration.pending.profile";
    static final String PASSWORD_NOTE = "simptel.registration.pending.password";
    /** Set after a reset for a username taken meanwhile: the form data to show again. */
    public static final String USERNAME_TAKEN_NOTE = "simptel.registration.username-taken";

    /** How creation came out. */
    public enum Outcome { CREATED, PROVEN_ACCOUNT_EXISTS, USERNAME_TAKEN, INVALID }

    public record Created(Outcome outcome, UserModel user) {
    }

    private PendingAccount() {
    }

    /** Keeps the form's profile attributes (never a password field) until the address is proven. */
    public static void saveProfile(AuthenticationSessionModel authSession, Map<String, List<String>> form) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            if (!name.startsWith("password")) {
                kept.put(name, values);
            }
        });
        authSession.setAuthNote(PROFILE_NOTE, write(kept));
        authSession.removeAuthNote(PASSWORD_NOTE);
    }

    /** Notes for the form action's buildPage after the flow's reset (which clears all notes). */
    public static final String AGAIN_MESSAGE_NOTE = "simptel.registration.again-message";

    /**
     * What to run after the flow is reset to the registration form: keep the profile (not the password)
     * and the message for the form to show.
     */
    public static Runnable showFormAgain(AuthenticationSessionModel authSession, String messageKey) {
        String profile = authSession.getAuthNote(PROFILE_NOTE);
        return () -> {
            if (profile != null) {
                authSession.setAuthNote(USERNAME_TAKEN_NOTE, profile);
            }
            authSession.setAuthNote(AGAIN_MESSAGE_NOTE, messageKey);
        };
    }

    /** The form data and message to show once, after {@link #showFormAgain}; null when none. Clears them. */
    public static Map.Entry<Map<String, List<String>>, String> takeFormAgain(AuthenticationSessionModel authSession) {
        String message = authSession.getAuthNote(AGAIN_MESSAGE_NOTE);
        if (message == null) {
            return null;
        }
        Map<String, List<String>> profile = read(authSession.getAuthNote(USERNAME_TAKEN_NOTE));
        authSession.removeAuthNote(AGAIN_MESSAGE_NOTE);
        authSession.removeAuthNote(USERNAME_TAKEN_NOTE);
        return Map.entry(profile == null ? Map.of() : profile, message);
    }

    /** Forgets a pending registration of this flow (e.g. the address turned out to have an owner). */
    public static void forget(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(PROFILE_NOTE);
        authSession.removeAuthNote(PASSWORD_NOTE);
    }

    /**
     * Hashes the password as Keycloak would store it (same algorithm, same cost). Called for every
     * registration, pending or not, so both take the same time; kept only when {@code keep}.
     */
    public static void hashPassword(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                                    String password, boolean keep) {
        PasswordPolicy policy = realm.getPasswordPolicy();
        PasswordHashProvider hash = policy != null && policy.getHashAlgorithm() != null
                ? session.getProvider(PasswordHashProvider.class, policy.getHashAlgorithm()) : null;
        if (hash == null) {
            hash = session.getProvider(PasswordHashProvider.class);
        }
        PasswordCredentialModel credential = hash.encodedCredential(password == null ? "" : password,
                policy == null ? -1 : policy.getHashIterations());
        if (keep) {
            authSession.setAuthNote(PASSWORD_NOTE, write(Map.of(
                    "data", List.of(credential.getCredentialData()), "secret", List.of(credential.getSecretData()))));
        }
    }

    public static boolean present(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(PROFILE_NOTE) != null;
    }

    /** The address the registrant gave, or null without a pending registration. */
    public static String email(AuthenticationSessionModel authSession) {
        Map<String, List<String>> profile = read(authSession.getAuthNote(PROFILE_NOTE));
        List<String> email = profile == null ? null : profile.get(UserModel.EMAIL);
        return email == null || email.isEmpty() || email.get(0) == null ? null : email.get(0).trim();
    }

    /** The profile kept, for showing the form again. */
    public static Map<String, List<String>> profile(AuthenticationSessionModel authSession) {
        Map<String, List<String>> profile = read(authSession.getAuthNote(PROFILE_NOTE));
        return profile == null ? Map.of() : profile;
    }

    /**
     * The address is proven: create the account with its email verified and the password hash, through
     * Keycloak's user profile (validated again: the username may have been taken meanwhile).
     */
    static Created create(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                          EventBuilder event) {
        Map<String, List<String>> profileData = read(authSession.getAuthNote(PROFILE_NOTE));
        String email = email(authSession);
        if (profileData == null || email == null) {
            return new Created(Outcome.INVALID, null);
        }
        EventBuilder register = event.clone().event(EventType.REGISTER).detail(Details.REGISTER_METHOD, "form")
                .detail(Details.EMAIL, email);
        UserModel holder = holderOf(session, realm, email);
        if (holder != null && holder.isEmailVerified()) {
            register.detail(Details.EXISTING_USER, holder.getId()).error(org.keycloak.events.Errors.EMAIL_IN_USE);
            return new Created(Outcome.PROVEN_ACCOUNT_EXISTS, holder);
        }
        if (holder != null) {
            // never proven: not the owner's account, and its password must sign nobody in
            event.clone().event(EventType.DELETE_ACCOUNT)
                    .user(holder).detail(Details.EMAIL, email).detail("removed_unverified_account", holder.getId())
                    .detail(Details.REASON, "unverified_account_replaced").success();
            session.users().removeUser(realm, holder);
        }
        UserProfile profile = session.getProvider(UserProfileProvider.class).create(UserProfileContext.REGISTRATION, profileData);
        try {
            profile.validate();
        } catch (ValidationException e) {
            boolean usernameTaken = e.hasError(Messages.USERNAME_EXISTS) || e.hasError(Messages.EMAIL_EXISTS);
            register.error(usernameTaken ? org.keycloak.events.Errors.USERNAME_IN_USE
                    : org.keycloak.events.Errors.INVALID_REGISTRATION);
            return new Created(usernameTaken ? Outcome.USERNAME_TAKEN : Outcome.INVALID, null);
        }
        UserModel user;
        try {
            user = profile.create();
        } catch (ModelDuplicateException e) {
            register.error(org.keycloak.events.Errors.USERNAME_IN_USE);
            return new Created(Outcome.USERNAME_TAKEN, null);
        }
        user.setEnabled(true);
        user.setEmailVerified(true);
        authSession.setAuthNote(AuthenticationManager.NEW_USER_REGISTERED, "true"); // as Keycloak's own form does
        storePassword(session, realm, user, authSession.getAuthNote(PASSWORD_NOTE));
        forget(authSession);
        register.user(user).detail(Details.USERNAME, user.getUsername()).success();
        return new Created(Outcome.CREATED, user);
    }

    private static UserModel holderOf(KeycloakSession session, RealmModel realm, String email) {
        if (realm.isDuplicateEmailsAllowed()) {
            return null;
        }
        try {
            return session.users().getUserByEmail(realm, email);
        } catch (ModelDuplicateException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static void storePassword(KeycloakSession session, RealmModel realm, UserModel user, String note) {
        Map<String, List<String>> stored = read(note);
        if (stored == null) {
            return;
        }
        CredentialModel model = new CredentialModel();
        model.setType(PasswordCredentialModel.TYPE);
        model.setCredentialData(stored.get("data").get(0));
        model.setSecretData(stored.get("secret").get(0));
        PasswordCredentialModel password = PasswordCredentialModel.createFromCredentialModel(model);
        password.setCreatedDate(Time.currentTimeMillis());
        CredentialProvider<?> provider = session.getProvider(CredentialProvider.class, PasswordCredentialProviderFactory.PROVIDER_ID);
        if (provider instanceof PasswordCredentialProvider passwords) {
            passwords.createCredential(realm, user, password);
        } else {
            user.credentialManager().createStoredCredential(password);
        }
    }

    private static String write(Map<String, List<String>> value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<String>> read(String note) {
        if (note == null) {
            return null;
        }
        try {
            return JsonSerialization.readValue(note, new TypeReference<Map<String, List<String>>>() { });
        } catch (IOException e) {
            return null;
        }
    }
}
