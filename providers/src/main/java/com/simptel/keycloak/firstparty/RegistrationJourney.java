package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.emailcode.CodeNotes;
import com.simptel.keycloak.emailcode.EmailCodeAuthenticatorFactory;
import com.simptel.keycloak.registration.ExistingEmailSafeUserCreation;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.services.validation.Validation;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Registration: username, email and password (and names), checked by the realm's user profile and
 * password policy as the registration page checks them; then the emailed code, which verifies the
 * address. An address that already has an account gets the same answers as a new one: no account
 * is made, the step mails the owner the existing-account notice, and no code is ever accepted.
 */
final class RegistrationJourney {

    private RegistrationJourney() {
    }

    static Outcome run(Exchange x) {
        if (x.expected(null) == Challenge.Next.EMAIL_CODE) {
            UserModel user = x.authSession().getAuthenticatedUser();
            Outcome proven = leg(x).act(x, user);
            return proven.passed() ? LoginJourney.finish(x, user) : proven;
        }
        return register(x);
    }

    private static Outcome register(Exchange x) {
        if (!x.realm().isRegistrationAllowed()) {
            throw ChallengeError.unauthorizedClient("Registration is not allowed in this realm");
        }
        String password = x.params().raw(ChallengeParams.PASSWORD);
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        put(form, UserModel.USERNAME, x.params().get(ChallengeParams.USERNAME));
        put(form, UserModel.EMAIL, x.params().get(ChallengeParams.EMAIL));
        put(form, UserModel.FIRST_NAME, x.params().get(ChallengeParams.GIVEN_NAME));
        put(form, UserModel.LAST_NAME, x.params().get(ChallengeParams.FAMILY_NAME));
        String username = x.realm().isRegistrationEmailAsUsername() ? form.getFirst(UserModel.EMAIL) : form.getFirst(UserModel.USERNAME);
        EventBuilder event = x.event(EventType.REGISTER).detail(Details.REGISTER_METHOD, ChallengeResource.ENDPOINT)
                .detail(Details.USERNAME, username).detail(Details.EMAIL, form.getFirst(UserModel.EMAIL));

        UserProfile profile = x.session().getProvider(UserProfileProvider.class).create(UserProfileContext.REGISTRATION, form);
        boolean taken = false;
        try {
            profile.validate();
        } catch (ValidationException e) {
            Set<String> hidden = ExistingEmailSafeUserCreation.hiddenMessages(x.realm());
            List<ValidationException.Error> shown = e.getErrors().stream()
                    .filter(error -> !hidden.contains(error.getMessage())).toList();
            if (!shown.isEmpty()) {
                event.clone().event(EventType.REGISTER_ERROR).error(Errors.INVALID_REGISTRATION);
                throw invalid(x, Validation.getFormErrorsFromValidation(shown).stream()
                        .map(m -> fieldText(x, m)).collect(Collectors.toList()));
            }
            taken = true;
        }
        if (password == null) {
            event.clone().event(EventType.REGISTER_ERROR).error(Errors.INVALID_REGISTRATION);
            throw invalid(x, List.of(x.messages().text("missingPasswordMessage")));
        }
        PolicyError policy = x.session().getProvider(PasswordPolicyManagerProvider.class).validate(username, password);
        if (policy != null) {
            event.clone().event(EventType.REGISTER_ERROR).error(Errors.INVALID_REGISTRATION);
            throw invalid(x, List.of(x.messages().text(policy.getMessage(), policy.getParameters())));
        }

        UserModel user = null;
        if (taken) {
            UserModel owner = x.session().users().getUserByEmail(x.realm(), form.getFirst(UserModel.EMAIL));
            if (owner != null) {
                x.authSession().setAuthNote(CodeNotes.EXISTING_ACCOUNT_NOTE, owner.getId());
            }
            PasswordCheck.dummyHash(x); // the same work as storing a new account's password
            event.clone().event(EventType.REGISTER_ERROR).detail(Details.EXISTING_USER, owner == null ? "" : owner.getId())
                    .error(Errors.EMAIL_IN_USE);
        } else {
            user = profile.create();
            user.setEnabled(true);
            user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
            x.authSession().setAuthenticatedUser(user);
            event.user(user).success();
        }
        return leg(x).begin(x, user);
    }

    private static EmailCodeLeg leg(Exchange x) {
        return new EmailCodeLeg(FlowSettings.of(x.realm(), x.realm().getRegistrationFlow(),
                EmailCodeAuthenticatorFactory.PROVIDER_ID).orElse(Map.of()));
    }

    /** The page shows a message beside its field; here the field's label leads it, e.g. "Email: ...". */
    private static String fieldText(Exchange x, FormMessage message) {
        String text = x.messages().text(message.getMessage(), message.getParameters());
        return message.getField() == null ? text : x.messages().text(message.getField()) + ": " + text;
    }

    private static ChallengeError invalid(Exchange x, List<String> texts) {
        return ChallengeError.invalidRequest(String.join(" ", texts));
    }

    private static void put(MultivaluedMap<String, String> form, String name, String value) {
        if (value != null) {
            form.putSingle(name, value.trim());
        }
    }
}
