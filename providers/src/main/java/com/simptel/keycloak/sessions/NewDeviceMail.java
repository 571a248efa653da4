package com.simptel.keycloak.sessions;

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
 * Sends the new-device notice with Keycloak's {@link EmailTemplateProvider}, as our other mails are
 * sent: after the request's transaction has committed (a sign-in that rolls back mails nothing) and
 * off the request thread (SMTP latency stays off the sign-in). Once SMTP has answered, it records
 * the user event {@code SEND_VERIFY_EMAIL} with {@code simptel_mail=new_device_notice} (our mails'
 * convention; Keycloak has no event type for a sign-in notice), or its error.
 */
final class NewDeviceMail {

    private static final Logger LOG = Logger.getLogger(NewDeviceMail.class);
    /** The executor our other mails use. */
    private static final String EXECUTOR = "simptel-email";
    static final String MAIL_KIND_DETAIL = "simptel_mail";

    /** Plain values only: they cross to the mail thread. */
    record Letter(String realmId, String userId, String localeTag, String subjectKey, List<Object> subjectParams,
                  String template, Map<String, Object> attributes, Map<String, String> eventDetails,
                  String clientId, String ipAddress, String sessionId) {
    }

    private NewDeviceMail() {
    }

    static void sendAfterCommit(KeycloakSession session, Letter letter) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    executor.execute(() -> deliver(factory, letter));
                } catch (RejectedExecutionException e) {
                    LOG.warnf("New-device notice to user %s not queued: %s", letter.userId(), e.getMessage());
                }
            }

            @Override
            protected void rollbackImpl() {
                // the sign-in did not commit: no session, no notice
            }
        });
    }

    private static void deliver(KeycloakSessionFactory factory, Letter letter) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> deliver(session, letter));
        } catch (RuntimeException e) {
            LOG.warnf(e, "New-device notice to user %s failed", letter.userId());
        }
    }

    private static void deliver(KeycloakSession session, Letter letter) {
        RealmModel realm = session.realms().getRealm(letter.realmId());
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        session.setAttribute(LocaleSelectorProvider.USER_REQUEST_LOCALE, letter.localeTag());
        UserModel user = session.users().getUserById(realm, letter.userId());
        EventBuilder event = new EventBuilder(realm, session).event(EventType.SEND_VERIFY_EMAIL)
                .client(letter.clientId()).ipAddress(letter.ipAddress()).session(letter.sessionId());
        letter.eventDetails().forEach(event::detail);
        if (user == null || user.getEmail() == null) {
            event.user(letter.userId()).error(Errors.USER_NOT_FOUND);
            return;
        }
        event.user(user).detail(Details.EMAIL, user.getEmail());
        String kind = letter.eventDetails().get(MAIL_KIND_DETAIL);
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(letter.subjectKey(), letter.subjectParams(), letter.template(),
                            new HashMap<>(letter.attributes()));
            event.success();
            SimptelMetrics.mailSent(realm.getName(), kind, null);
        } catch (EmailException e) {
            LOG.warnf("Could not send the new-device notice to user %s: %s", user.getId(), e.getMessage());
            event.detail(Details.REASON, e.getMessage()).error(Errors.EMAIL_SEND_FAILED);
            SimptelMetrics.mailFailed(realm.getName(), kind, null);
        }
    }
}
