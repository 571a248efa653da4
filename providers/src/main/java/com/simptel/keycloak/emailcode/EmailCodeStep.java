package com.simptel.keycloak.emailcode;

import com.simptel.keycloak.authmode.AuthMode;
import com.simptel.keycloak.common.FlowFailures;
import com.simptel.keycloak.common.SimptelMetrics;
import com.simptel.keycloak.emailcode.CodeRules.Check;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;

/**
 * The emailed-code step, shared by the authenticator and the required action: send a code, show
 * the page, check what is typed, resend after the cooldown, and end the flow after too many wrong
 * codes.
 *
 * <p>Without a user that can receive mail (unknown user, disabled user, no address, a registration
 * with an address that already has an account) the step behaves the same way to the browser: a code
 * is issued and kept hashed, but never sent, and nothing typed is ever accepted. So the page never
 * tells whether an account exists.
 *
 * <p>The step decides; its hosts render: the pages ({@link EmailCodeForm}) and the JSON endpoint
 * read the same {@link Result}.
 */
public final class EmailCodeStep {

    private static final Logger LOG = Logger.getLogger(EmailCodeStep.class);

    /** Event detail naming the flow the step ran in. */
    static final String DETAIL_FLOW = "simptel_flow";

    /** How the step ended this request. */
    public enum Kind { CHALLENGE, FAILURE_CHALLENGE, SUCCESS, RESTART }

    /**
     * What the step decided: the state of the code page ({@code page}, null on success and restart)
     * and the message to show with it (null for none; on restart the reason).
     */
    public record Result(Kind kind, EmailCodePage page, Message message) {
        static Result challenge(EmailCodePage page, Message message) {
            return new Result(Kind.CHALLENGE, page, message);
        }

        static Result failure(EmailCodePage page, Message message) {
            return new Result(Kind.FAILURE_CHALLENGE, page, message);
        }

        static Result success() {
            return new Result(Kind.SUCCESS, null, null);
        }

        static Result restart(String key) {
            return new Result(Kind.RESTART, null, Message.error(key));
        }
    }

    /** A message of the code page, by theme key: on the code field, above the form, or a success note. */
    public record Message(String key, Placement placement, Object... params) {
        public enum Placement { FIELD, ERROR, INFO }

        static Message field(String key, Object... params) {
            return new Message(key, Placement.FIELD, params);
        }

        static Message error(String key, Object... params) {
            return new Message(key, Placement.ERROR, params);
        }

        static Message info(String key) {
            return new Message(key, Placement.INFO);
        }
    }

    /** Who the code goes to; {@code user} null means nobody (see the class comment). */
    private record Recipient(UserModel user, String address) {
        static Recipient of(StepHost host) {
            UserModel user = host.user();
            if (user != null && user.isEnabled() && user.getEmail() != null && !user.getEmail().isBlank()) {
                return new Recipient(user, user.getEmail());
            }
            return new Recipient(null, "");
        }
    }

    private final CodeRules rules;

    public EmailCodeStep(EmailCodeConfig config) {
        this.rules = config.rules();
    }

    /** First visit, or a reload of the page: send a code only if this flow has none for this address. */
    public Result begin(StepHost host) {
        Recipient recipient = Recipient.of(host);
        CodeState state = CodeNotes.load(host.authSession());
        int failures = CodeNotes.failures(host.authSession()).count();
        if (rules.flowLocked(failures)) {
            return restart(host, recipient, failures);
        }
        if (state == null || !belongsTo(host, state, recipient)) {
            state = issue(host, recipient);
        }
        return Result.challenge(page(state), null);
    }

    public Result act(StepHost host, MultivaluedMap<String, String> form) {
        Recipient recipient = Recipient.of(host);
        CodeState state = CodeNotes.load(host.authSession());
        if (state != null && !belongsTo(host, state, recipient)) {
            state = null; // the address changed or the realm key is gone: that code can verify nothing
        }
        FlowFailures failures = CodeNotes.failures(host.authSession());
        if (rules.flowLocked(failures.count())) {
            return restart(host, recipient, failures.count());
        }
        if (form.containsKey(EmailCodePage.BUTTON_RESEND)) {
            return resend(host, recipient, state);
        }
        if (state == null) {
            checked(host, "expired");
            failed(host, recipient, Errors.EXPIRED_CODE, "no_code");
            return Result.challenge(page(null), Message.error("emailCodeExpired"));
        }

        long now = Time.currentTimeMillis();
        CodePepper pepper = CodePepper.forKeyId(host.session(), host.realm(), state.keyId());
        Check check = rules.check(state, failures.count(), form.getFirst(EmailCodePage.FIELD_CODE), pepper.secret(), now);
        String wrongReason = "wrong_code";
        if (check.outcome() == CodeRules.Outcome.VALID && refused(host, recipient)) {
            // answered exactly like a wrong code: the page must not tell why
            check = rules.wrongTry(state, failures.count());
            wrongReason = recipient.user() == null ? "no_recipient" : "user_budget_exhausted";
        }
        if (check.outcome() == CodeRules.Outcome.WRONG || check.outcome() == CodeRules.Outcome.FLOW_LOCKED) {
            failures.record();
            // recorded without a user too, so both cases do the same work and take the same time
            UserGuessBudget.recordFailure(host.session(), host.realm(), budgetSubject(host, recipient), rules);
        }
        switch (check.outcome()) {
            case VALID:
                checked(host, "accepted");
                return verified(host, recipient);
            case MISSING:
                return Result.challenge(page(state), Message.field("emailCodeMissing"));
            case EXPIRED:
                checked(host, "expired");
                failed(host, recipient, Errors.EXPIRED_CODE, "expired");
                return Result.challenge(page(state), Message.error("emailCodeExpired"));
            case EXHAUSTED:
                checked(host, "exhausted");
                failed(host, recipient, Errors.INVALID_CODE, "code_exhausted");
                return Result.challenge(page(state), Message.error("emailCodeExhausted"));
            case FLOW_LOCKED:
                checked(host, wrongOutcome(wrongReason));
                CodeNotes.save(host.authSession(), check.state());
                failed(host, recipient, Errors.INVALID_CODE, wrongReason);
                return restart(host, recipient, failures.count());
            case WRONG:
            default:
                checked(host, wrongOutcome(wrongReason));
                CodeNotes.save(host.authSession(), check.state());
                failed(host, recipient, Errors.INVALID_CODE, wrongReason);
                Message message = rules.exhausted(check.state())
                        ? Message.error("emailCodeExhausted")
                        : Message.field("emailCodeInvalid", rules.attemptsLeft(check.state()));
                return Result.failure(page(check.state()), message);
        }
    }

    /**
     * A right code that must not pass: nobody was sent one (it was guessed), or the user's wrong codes
     * across flows are past the hourly budget.
     */
    private boolean refused(StepHost host, Recipient recipient) {
        return recipient.user() == null
                || UserGuessBudget.exhausted(host.session(), host.realm(), budgetSubject(host, recipient), rules);
    }

    private static String budgetSubject(StepHost host, Recipient recipient) {
        return UserGuessBudget.subject(recipient.user(), host.authSession().getParentSession().getId());
    }

    private Result resend(StepHost host, Recipient recipient, CodeState state) {
        long now = Time.currentTimeMillis();
        long wait = state == null ? 0 : rules.resendWaitSeconds(state, now);
        if (wait > 0) {
            return Result.challenge(page(state), Message.error("emailCodeResendTooSoon", wait));
        }
        CodeState fresh = issue(host, recipient);
        return Result.challenge(page(fresh), Message.info("emailCodeResent"));
    }

    private Result verified(StepHost host, Recipient recipient) {
        UserModel user = recipient.user();
        AuthenticationSessionModel authSession = host.authSession();
        user.setEmailVerified(true);
        // the mailbox is proven: no link mail, no second code for this user
        for (String action : List.of(UserModel.RequiredAction.VERIFY_EMAIL.name(), VerifyEmailByCodeActionFactory.PROVIDER_ID)) {
            user.removeRequiredAction(action);
            authSession.removeRequiredAction(action);
        }
        CodeNotes.clear(authSession);
        authSession.setUserSessionNote(AuthMode.MAILBOX_PROVEN_NOTE, "true");
        if (LoginActionsService.REGISTRATION_PATH.equals(host.flowPath())) {
            authSession.setUserSessionNote(AuthMode.USER_SESSION_NOTE, AuthMode.REGISTRATION.value());
        }
        event(host, EventType.VERIFY_EMAIL).user(user).detail(Details.EMAIL, user.getEmail()).success();
        return Result.success();
    }

    private Result restart(StepHost host, Recipient recipient, int failures) {
        failed(host, recipient, Errors.INVALID_CODE, "too_many_failures");
        LOG.debugf("Emailed-code flow ended after %d wrong codes", failures);
        return Result.restart("emailCodeTooManyFailures");
    }

    private CodeState issue(StepHost host, Recipient recipient) {
        CodePepper pepper = CodePepper.active(host.session(), host.realm());
        CodeRules.Issued issued = rules.issue(pepper.secret(), pepper.keyId(), recipient.address(),
                Time.currentTimeMillis());
        CodeNotes.save(host.authSession(), issued.state());
        if (recipient.user() != null) {
            StepMails.code(host, recipient.user(), issued.code(), rules.lifetimeMinutes());
        } else {
            StepMails.noticeOrNothing(host);
        }
        return issued.state();
    }

    private boolean belongsTo(StepHost host, CodeState state, Recipient recipient) {
        CodePepper pepper = CodePepper.forKeyId(host.session(), host.realm(), state.keyId());
        return pepper != null && CodeRules.sentTo(state, pepper.secret(), recipient.address());
    }

    /** A right code refused for the user's hourly budget counts apart; a guess without a recipient is just wrong. */
    private static String wrongOutcome(String wrongReason) {
        return "user_budget_exhausted".equals(wrongReason) ? "budget" : "wrong";
    }

    private static void checked(StepHost host, String outcome) {
        SimptelMetrics.codeChecked(host.realm().getName(), host.flowPath(), outcome);
    }

    private void failed(StepHost host, Recipient recipient, String error, String reason) {
        EventBuilder event = event(host, EventType.VERIFY_EMAIL_ERROR).detail(Details.REASON, reason);
        if (recipient.user() != null) {
            event.user(recipient.user()).detail(Details.EMAIL, recipient.user().getEmail());
        }
        event.error(error);
    }

    static EventBuilder event(StepHost host, EventType type) {
        return host.event().clone().event(type).detail(DETAIL_FLOW, host.flowPath());
    }

    private EmailCodePage page(CodeState state) {
        long now = Time.currentTimeMillis();
        return new EmailCodePage(rules.length(), rules.lifetimeMinutes(),
                state == null ? 0 : rules.resendWaitSeconds(state, now),
                state != null && rules.usable(state, now),
                state == null ? 0 : rules.attemptsLeft(state));
    }
}
