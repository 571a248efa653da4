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
                         Map<String, String> eventDetails, String clientId, String ipAddress, String address,
                         String sessionId) {

        /** A mail to {@code address} (a recipient without an account yet), or to the user's own when null. */
        public Letter(String realmId, String userId, String localeTag, String subjectKey, List<Object> subjectParams,
                      String template, Map<String, Object> attributes, EventType eventType,
                      Map<String, String> eventDetails, String clientId, String ipAddress, String address) {
            this(realmId, userId, localeTag, subjectKey, subjectParams, template, attributes, eventType, eventDetails,
                    clientId, ipAddress, address, null);
        }

        /** A mail to a user's own address (read when it is sent). */
        public Letter(String realmId, String userId, String localeTag, String subjectKey, List<Object> subjectParams,
                      String template, Map<String, Object> attributes, EventType eventType,
                      Map<String, String> eventDetails, String clientId, String ipAddress) {
            this(realmId, userId, localeTag, subjectKey, subjectParams, template, attributes, eventType, eventDetails,
                    clientId, ipAddress, null);
        }

        /** A code or notice of the email-code step: recorded as SEND_VERIFY_EMAIL. */
        public Letter(String realmId, String userId, String localeTag, String subjectKey, List<Object> subjectParams,
                      String template, Map<String, Object> attributes, Map<String, String> eventDetails,
                      String clientId, String ipAddress) {
            this(realmId, userId, localeTag, subjectKey, subjectParams, template, attributes,
                    EventType.SEND_VERIFY_EMAIL, eventDetails, clientId, ipAddress);
        }
    }

    /** Event detail {@code reason} of a mail not sent because of the address's hourly bound. */
    public static final String REASON_BOUND = "mail_bound_reached";
    /** Event detail {@code reason} of a mail dropped because this node's mail queue was full. */
    public static final String REASON_QUEUE_FULL = "mail_queue_full";

    private static final MailQueue QUEUE = MailQueue.fromSystemProperty();

    static {
        SimptelMetrics.mailsInFlight(QUEUE, MailQueue::inFlight);
    }

    private CodeMail() {
    }

    /**
     * The one way our mails go out: counts the mail against its address's hourly bound
     * ({@link MailBound}), then sends it after the transaction commits, on the mail thread, if this
     * node's mail queue has room. Returns false when the bound was reached: nothing is sent (an event
     * {@code reason=mail_bound_reached} and the metric {@code simptel_mails_bounded_total} record it);
     * the caller must answer exactly as if it had been sent. {@code letter.address()} names a recipient
     * that has no account yet; otherwise the user's own address is used.
     */
    public static boolean sendAfterCommit(KeycloakSession session, Letter letter) {
        RealmModel realm = session.realms().getRealm(letter.realmId());
        String address = letter.address();
        if (address == null && letter.userId() != null) {
            UserModel user = session.users().getUserById(realm, letter.userId());
            address = user == null ? null : user.getEmail();
        }
        if (address != null && !address.isBlank() && !MailBound.claim(session, realm, address)) {
            notSent(session, realm, letter, address, REASON_BOUND);
            SimptelMetrics.mailBounded(realm.getName(), mailKind(letter), flowOf(letter));
            return false;
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        String realmName = realm.getName();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                if (!QUEUE.submit(executor, () -> deliver(factory, letter))) {
                    LOG.warnf("Mail %s to user %s dropped: the mail queue is full", letter.template(), letter.userId());
                    SimptelMetrics.mailDropped(realmName, mailKind(letter), flowOf(letter));
                    KeycloakModelUtils.runJobInTransaction(factory, s -> {
                        RealmModel r = s.realms().getRealm(letter.realmId());
                        if (r != null) {
                            notSent(s, r, letter, letter.address(), REASON_QUEUE_FULL);
                        }
                    });
                }
            }

            @Override
            protected void rollbackImpl() {
                // the flow did not commit: nothing was promised, nothing is sent
            }
        });
        return true;
    }

    private static void deliver(KeycloakSessionFactory factory, Letter letter) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> deliver(session, letter));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Mail %s to user %s failed", letter.template(), letter.userId());
        }
    }

    /** The error event of a mail that was not sent: the letter's event type, error, with the reason. */
    private static void notSent(KeycloakSession session, RealmModel realm, Letter letter, String address, String reason) {
        EventBuilder event = new EventBuilder(realm, session).event(letter.eventType())
                .client(letter.clientId()).ipAddress(letter.ipAddress()).session(letter.sessionId());
        letter.eventDetails().forEach(event::detail);
        if (letter.userId() != null) {
            event.user(letter.userId());
        }
        if (address != null) {
            event.detail(Details.EMAIL, address);
        }
        event.detail(Details.REASON, reason).error(Errors.EMAIL_SEND_FAILED);
    }

    private static void deliver(KeycloakSession session, Letter letter) {
        RealmModel realm = session.realms().getRealm(letter.realmId());
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        // No request here: pin the locale the user saw, which the locale selector reads first.
        session.setAttribute(LocaleSelectorProvider.USER_REQUEST_LOCALE, letter.localeTag());
        UserModel user = letter.userId() == null ? PendingRecipient.of(session, realm, letter.address())
                : session.users().getUserById(realm, letter.userId());
        EventBuilder event = new EventBuilder(realm, session).event(letter.eventType())
                .client(letter.clientId()).ipAddress(letter.ipAddress()).session(letter.sessionId());
        letter.eventDetails().forEach(event::detail);
        if (user == null || user.getEmail() == null) {
            event.user(letter.userId()).error(Errors.USER_NOT_FOUND);
            return;
        }
        if (letter.userId() != null) {
            event.user(user);
        }
        event.detail(Details.EMAIL, user.getEmail());
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

    private static String flowOf(Letter letter) {
        return letter.eventDetails().get(EmailCodeStep.DETAIL_FLOW);
    }

    private static String mailKind(Letter letter) {
        return letter.eventDetails().get(MAIL_KIND_DETAIL);
    }
}
