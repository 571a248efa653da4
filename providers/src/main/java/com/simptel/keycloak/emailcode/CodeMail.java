package com.simptel.keycloak.emailcode;

import com.simptel.keycloak.common.SimptelMetrics;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends a themed mail with Keycloak's {@link EmailTemplateProvider} and the realm's SMTP settings,
 * after the request's transaction has committed and off the request thread.
 *
 * <p>Why not inline: the response must take the same time whether or not a mail goes out (a
 * registration with an address that has an account, a recovery for an unknown user), or its
 * duration tells who has an account; SMTP latency must not land on the request. The mail reaches
 * a user the same request just created only once that user is committed, and a request whose
 * transaction rolls back sends nothing (it promised nothing).
 */
public final class CodeMail {

    private static final Logger LOG = Logger.getLogger(CodeMail.class);
    private static final String EXECUTOR = "simptel-email";

    /** Event detail naming the kind of mail (code, existing_account_notice, recovery_notice). */
    public static final String MAIL_KIND_DETAIL = "simptel_mail";

    /**
     * One mail to a user: template (under the email theme's html/ and text/), subject key and
     * parameters, template attributes (plain values: they cross to another thread), the locale
     * resolved in the request, and the event recorded once SMTP has answered, with its details.
     */
    public record Letter(String realmId, String userId, String localeTag, String subjectKey, List<Object> subjectParams,
                         String template, Map<String, Object> attributes, EventType eventType,
                         Map<String, String> eventDetails, String clientId, String ipAddress) {

        /** A code or notice of the email-code step: recorded as SEND_VERIFY_EMAIL. */
        public Letter(String realmId, String userId, String localeTag, String subjectKey, List<Object> subjectParams,
                      String template, Map<String, Object> attributes, Map<String, String> eventDetails,
                      String clientId, String ipAddress) {
            this(realmId, userId, localeTag, subjectKey, subjectParams, template, attributes,
                    EventType.SEND_VERIFY_EMAIL, eventDetails, clientId, ipAddress);
        }
    }

    private CodeMail() {
    }

    public static void sendAfterCommit(KeycloakSession session, Letter letter) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    executor.execute(() -> deliver(factory, letter));
                } catch (RejectedExecutionException e) {
                    LOG.warnf("Mail %s to user %s not queued: %s", letter.template(), letter.userId(), e.getMessage());
                }
            }

            @Override
            protected void rollbackImpl() {
                // the flow did not commit: nothing was promised, nothing is sent
            }
        });
    }

    private static void deliver(KeycloakSessionFactory factory, Letter letter) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> deliver(session, letter));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Mail %s to user %s failed", letter.template(), letter.userId());
        }
    }

    private static void deliver(KeycloakSession session, Letter letter) {
        RealmModel realm = session.realms().getRealm(letter.realmId());
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        // No request here: pin the locale the user saw, which the locale selector reads first.
        session.setAttribute(LocaleSelectorProvider.USER_REQUEST_LOCALE, letter.localeTag());
        UserModel user = session.users().getUserById(realm, letter.userId());
        EventBuilder event = new EventBuilder(realm, session).event(letter.eventType())
                .client(letter.clientId()).ipAddress(letter.ipAddress());
        letter.eventDetails().forEach(event::detail);
        if (user == null || user.getEmail() == null) {
            event.user(letter.userId()).error(Errors.USER_NOT_FOUND);
            return;
        }
        event.user(user).detail(Details.EMAIL, user.getEmail());
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(letter.subjectKey(), letter.subjectParams(), letter.template(), new HashMap<>(letter.attributes()));
            event.success();
            SimptelMetrics.mailSent(realm.getName(), mailKind(letter), letter.eventDetails().get(EmailCodeStep.DETAIL_FLOW));
        } catch (EmailException e) {
            // the message says what failed (SMTP, template), never what was in the mail
            LOG.warnf("Could not send %s to user %s: %s", letter.template(), user.getId(), e.getMessage());
            event.detail(Details.REASON, e.getMessage()).error(Errors.EMAIL_SEND_FAILED);
            SimptelMetrics.mailFailed(realm.getName(), mailKind(letter), letter.eventDetails().get(EmailCodeStep.DETAIL_FLOW));
        }
    }

    private static String mailKind(Letter letter) {
        return letter.eventDetails().get(MAIL_KIND_DETAIL);
    }
}
