package com.simptel.keycloak.registration;

import com.simptel.keycloak.emailcode.CodeNotes;
import com.simptel.keycloak.emailcode.PendingAccount;
import jakarta.ws.rs.core.MultivaluedHashMap;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.authentication.forms.RegistrationPage;
import org.keycloak.authentication.forms.RegistrationUserCreation;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;
import java.util.Set;

/**
 * Keycloak's "Registration User Profile Creation" that creates no account before the address is
 * proven, and never says "Email already exists".
 *
 * <p>The validated form waits as a {@link PendingAccount} in the authentication session; the
 * emailed-code step mails the code to its address and creates the account, email verified, when the
 * code is accepted. A registration whose only problem is an address held by a proven (verified)
 * account passes the form the same way, but the flow goes on with no recipient: the same code page,
 * the owner gets a notice instead of a code, no code is accepted. An address held only by an account
 * that never proved it counts as free (the address belongs to whoever proves it). Either way no
 * account is created and the username stays free. Any other form error is shown as usual, minus the
 * "exists" message. Must be used with {@link ExistingEmailSafePassword} in place of Keycloak's
 * password action, which needs a user.
 */
public final class ExistingEmailSafeUserCreation extends RegistrationUserCreation {

    public static final String PROVIDER_ID = "simptel-registration-user-creation";

    /** Request attribute from validate() to success(): the account that owns the address. */
    private static final String OWNER_ATTRIBUTE = ExistingEmailSafeUserCreation.class.getName() + ".owner";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Registration user creation without email disclosure (Simptel)";
    }

    @Override
    public String getHelpText() {
        return "Replaces 'Registration User Profile Creation' (must be first in the form). A registration with an"
                + " address that already has an account is not refused with 'Email already exists'. No account is"
                + " created by the form: the 'Email code' step creates it, email verified, when the code mailed to the"
                + " address is accepted; for an address of a verified account the owner gets a notice instead, and the"
                + " page looks the same. Use with 'Password validation (Simptel)'.";
    }

    @Override
    public void validate(ValidationContext context) {
        Filtering filtering = new Filtering(context, hiddenMessages(context.getRealm()));
        super.validate(filtering);
        if (filtering.succeeded) {
            context.success();
            return;
        }
        if (filtering.errors == null) {
            return;
        }
        List<FormMessage> shown = filtering.errors.stream().filter(m -> !filtering.hidden.contains(m.getMessage())).toList();
        boolean addressTaken = shown.size() < filtering.errors.size();
        if (shown.isEmpty() && addressTaken) {
            String email = context.getHttpRequest().getDecodedFormParameters().getFirst(RegistrationPage.FIELD_EMAIL);
            UserModel owner = email == null ? null : context.getSession().users().getUserByEmail(context.getRealm(), email.trim());
            // no owner found (a username equal to the address): go on all the same, with nobody to notify
            context.getSession().setAttribute(OWNER_ATTRIBUTE, owner == null ? "" : owner.getId());
            context.success();
            return;
        }
        if (filtering.error != null) {
            context.error(filtering.error);
        }
        if (filtering.excludeOthers) {
            context.excludeOtherErrors();
        }
        context.validationError(filtering.formData, shown);
    }

    @Override
    public void buildPage(FormContext context, LoginFormsProvider form) {
        super.buildPage(context, form);
        Map.Entry<Map<String, List<String>>, String> again = PendingAccount.takeFormAgain(context.getAuthenticationSession());
        if (again != null) {
            MultivaluedHashMap<String, String> data = new MultivaluedHashMap<>();
            again.getKey().forEach(data::put);
            form.setFormData(data);
            form.addError(new FormMessage(RegistrationPage.FIELD_USERNAME, again.getValue()));
        }
    }

    @Override
    public void success(FormContext context) {
        String ownerId = context.getSession().getAttribute(OWNER_ATTRIBUTE, String.class);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        UserModel owner = ownerId == null || ownerId.isEmpty() ? null
                : context.getSession().users().getUserById(context.getRealm(), ownerId);
        EventBuilder event = context.getEvent().detail(Details.REGISTER_METHOD, "form")
                .detail(Details.USERNAME, form.getFirst(RegistrationPage.FIELD_USERNAME))
                .detail(Details.EMAIL, form.getFirst(RegistrationPage.FIELD_EMAIL));
        if (ownerId == null || owner != null && !owner.isEmailVerified()) {
            // no account until the code is accepted; the REGISTER event is recorded then
            authSession.removeAuthNote(CodeNotes.EXISTING_ACCOUNT_NOTE);
            PendingAccount.saveProfile(authSession, form);
            authSession.setClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM, context.getRealm().isRegistrationEmailAsUsername()
                    ? form.getFirst(RegistrationPage.FIELD_EMAIL) : form.getFirst(RegistrationPage.FIELD_USERNAME));
        } else {
            PendingAccount.forget(authSession);
            if (owner != null) {
                authSession.setAuthNote(CodeNotes.EXISTING_ACCOUNT_NOTE, ownerId);
            }
            // the truth is for realm admins only: a REGISTER_ERROR event naming the existing account
            event.detail(Details.EXISTING_USER, ownerId).error(Errors.EMAIL_IN_USE);
        }
        context.newEvent().event(EventType.LOGIN);
        context.getEvent().client(context.getAuthenticationSession().getClient().getClientId())
                .detail(Details.REDIRECT_URI, context.getAuthenticationSession().getRedirectUri())
                .detail(Details.AUTH_METHOD, context.getAuthenticationSession().getProtocol());
    }

    /** The validation messages that would tell that an address has an account: answered as if it had none. */
    public static Set<String> hiddenMessages(RealmModel realm) {
        // with email as username, a taken address shows up as a taken username too
        return realm.isRegistrationEmailAsUsername()
                ? Set.of(Messages.EMAIL_EXISTS, Messages.USERNAME_EXISTS)
                : Set.of(Messages.EMAIL_EXISTS);
    }

    /** Lets Keycloak's validation run unchanged and keeps its verdict for us to filter. */
    private static final class Filtering implements ValidationContext {
        private final ValidationContext delegate;
        private final Set<String> hidden;
        private boolean succeeded;
        private boolean excludeOthers;
        private String error;
        private List<FormMessage> errors;
        private MultivaluedMap<String, String> formData;

        Filtering(ValidationContext delegate, Set<String> hidden) {
            this.delegate = delegate;
            this.hidden = hidden;
        }

        @Override
        public void validationError(MultivaluedMap<String, String> formData, List<FormMessage> errors) {
            this.formData = formData;
            this.errors = errors;
        }

        @Override
        public void error(String error) {
            this.error = error;
        }

        @Override
        public void success() {
            succeeded = true;
        }

        @Override
        public void excludeOtherErrors() {
            excludeOthers = true;
        }

        @Override
        public EventBuilder getEvent() {
            return delegate.getEvent();
        }

        @Override
        public EventBuilder newEvent() {
            return delegate.newEvent();
        }

        @Override
        public AuthenticationExecutionModel getExecution() {
            return delegate.getExecution();
        }

        @Override
        public UserModel getUser() {
            return delegate.getUser();
        }

        @Override
        public void setUser(UserModel user) {
            delegate.setUser(user);
        }

        @Override
        public RealmModel getRealm() {
            return delegate.getRealm();
        }

        @Override
        public AuthenticationSessionModel getAuthenticationSession() {
            return delegate.getAuthenticationSession();
        }

        @Override
        public ClientConnection getConnection() {
            return delegate.getConnection();
        }

        @Override
        public UriInfo getUriInfo() {
            return delegate.getUriInfo();
        }

        @Override
        public KeycloakSession getSession() {
            return delegate.getSession();
        }

        @Override
        public HttpRequest getHttpRequest() {
            return delegate.getHttpRequest();
        }

        @Override
        public AuthenticatorConfigModel getAuthenticatorConfig() {
            return delegate.getAuthenticatorConfig();
        }
    }
}
