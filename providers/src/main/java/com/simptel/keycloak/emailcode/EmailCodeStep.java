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
 * with an address that already has a proven account) the step behaves the same way to the browser: a
 * code is issued and kept hashed, but never sent, and nothing typed is ever accepted. So the page never
 * tells whether an account exists. The same holds for a code kept back by the address's hourly mail
 * bound ({@link MailBound}).
 *
 * <p>A registration creates no account before its code: the form leaves a {@link PendingAccount},
 * the code goes to its address, and the account is created, email verified, when the code is accepted.
 *
 * <p>The step decides; its hosts render: the pages ({@link EmailCodeForm}) and the JSON endpoint
 * read the same {@link Result}.
 */
final class EmailCodeStep {

    private static final Logger LOG = Logger.getLogger(EmailCodeStep.class);

    /** Event detail naming the flow the step ran in. */
    static final String DETAIL_FLOW = "simptel_flow";

    /** How the step ended this request. */
    public enum Kind {
        CHALLENGE, FAILURE_CHALLENGE, SUCCESS, RESTART,
        /**
         * The address is proven but the username of the pending registration was taken meanwhile: show
         * the registration form again (its data kept) with the message on the username field.
         */
        REGISTER_AGAIN
    }

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

    /**
     * Who the code goes to: a user, or the address of a pending registration ({@code user} null,
     * {@code pending} true), or nobody ({@code address} empty; see the class comment).
     */
    private record Recipient(UserModel user, String address, boolean pending) {
        static Recipient of(StepHost host) {
            UserModel user = host.user();
            if (user != null && user.isEnabled() && user.getEmail() != null && !user.getEmail().isBlank()) {
                return new Recipient(user, user.getEmail(), false);
            }
            String pendingAddress = user == null ? PendingAccount.email(host.authSession()) : null;
            if (pendingAddress != null && !pendingAddress.isBlank()) {
                return new Recipient(null, pendingAddress, true);
            }
            return new Recipient(null, "", false);
        }

        boolean present() {
            return !address.isEmpty();
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
        String typed = form.getFirst(EmailCodePage.FIELD_CODE);
        if (!state.mailed() && recipient.present() && adopted(host, recipient, typed, now)) {
            checked(host, "accepted");
            return verified(host, recipient);
        }
        Check check = rules.check(state, failures.count(), typed, pepper.secret(), now);
        if (check.outcome() == CodeRules.Outcome.VALID || check.outcome() == CodeRules.Outcome.WRONG
                || check.outcome() == CodeRules.Outcome.FLOW_LOCKED && !rules.flowLocked(failures.count())) {
            // compared only with a try of the code claimed in the shared store: exact under parallel requests
            int attempt = CodeTries.claim(host.session(), host.realm(), state.id(), state.attempts() + 1,
                    rules.maxAttempts(), (state.expiresAtMillis() - now) / 1000 + 1);
            check = attempt == 0 ? new Check(CodeRules.Outcome.EXHAUSTED, state.withAttempts(rules.maxAttempts()))
                    : rules.check(state.withAttempts(attempt - 1), failures.count(), typed, pepper.secret(), now);
        }
        String wrongReason = "wrong_code";
        if (check.outcome() == CodeRules.Outcome.VALID && refused(host, recipient, state, now)) {
            // answered exactly like a wrong code: the page must not tell why
            check = rules.wrongTry(check.state(), failures.count());
            wrongReason = !recipient.present() ? "no_recipient" : "code_not_mailed";
        }
        if (check.outcome() == CodeRules.Outcome.WRONG || check.outcome() == CodeRules.Outcome.FLOW_LOCKED) {
            failures.record();
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
                if (check.state().attempts() != state.attempts()) {
                    CodeNotes.save(host.authSession(), check.state()); // parallel tries used the code up
                }
                return Result.challenge(page(check.state()), Message.error("emailCodeExhausted"));
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
     * This flow's code was kept back by the mail bound: the newest code mailed to the address for this
     * purpose (from another flow) works here, once, within its lifetime and its tries from other flows.
     */
    private boolean adopted(StepHost host, Recipient recipient, String typed, long now) {
        String input = OneTimeCode.normalize(typed);
        if (input == null || input.isEmpty()) {
            return false;
        }
        CodeState newest = NewestCode.find(host.session(), host.realm(), host.flowPath(), recipient.address());
        if (newest == null || !rules.usable(newest.withAttempts(0), now) || !belongsTo(host, newest, recipient)) {
            return false;
        }
        long ttl = (newest.expiresAtMillis() - now) / 1000 + 1;
        if (CodeTries.claim(host.session(), host.realm(), NewestCode.adoptedTriesId(newest), 1, rules.maxAttempts(), ttl) == 0) {
            return false;
        }
        CodePepper pepper = CodePepper.forKeyId(host.session(), host.realm(), newest.keyId());
        return pepper != null
                && rules.check(newest.withAttempts(0), 0, input, pepper.secret(), now).outcome() == CodeRules.Outcome.VALID
                && CodeTries.use(host.session(), host.realm(), newest.id(), ttl);
    }

    /**
     * A right code that must not pass: nobody was sent it (no recipient, or the address's mail bound
     * kept it back: it was guessed), or a parallel request used it already.
     */
    private boolean refused(StepHost host, Recipient recipient, CodeState state, long now) {
        return !recipient.present() || !state.mailed()
                || !CodeTries.use(host.session(), host.realm(), state.id(), (state.expiresAtMillis() - now) / 1000 + 1);
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
        if (user == null) {
            PendingAccount.Created created = PendingAccount.create(host.session(), host.realm(), authSession, host.event());
            switch (created.outcome()) {
                case CREATED -> {
                    user = created.user();
                    authSession.setAuthenticatedUser(user);
                }
                case PROVEN_ACCOUNT_EXISTS -> {
                    // the prover owns the address, so may learn that it has an account
                    CodeNotes.clear(authSession);
                    PendingAccount.forget(authSession);
                    return Result.restart("simptelExistingAccountSignIn");
                }
                default -> {
                    CodeNotes.clear(authSession);
                    return new Result(Kind.REGISTER_AGAIN, null, Message.field(
                            created.outcome() == PendingAccount.Outcome.USERNAME_TAKEN
                                    ? "simptelUsernameTakenMeanwhile" : "invalidUserMessage"));
                }
            }
        }
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
        boolean mailed = false;
        if (recipient.present()) {
            mailed = StepMails.code(host, recipient.user(), recipient.address(), issued.code(), rules.lifetimeMinutes());
        } else {
            StepMails.noticeOrNothing(host);
        }
        CodeState state = issued.state().withMailed(mailed);
        CodeNotes.save(host.authSession(), state);
        if (mailed) {
            NewestCode.remember(host.session(), host.realm(), host.flowPath(), recipient.address(), state,
                    rules.lifetimeSeconds());
        }
        return state;
    }

    private boolean belongsTo(StepHost host, CodeState state, Recipient recipient) {
        CodePepper pepper = CodePepper.forKeyId(host.session(), host.realm(), state.keyId());
        return pepper != null && CodeRules.sentTo(state, pepper.secret(), recipient.address());
    }

    /** A right code of a code never mailed counts apart; a guess without a recipient is just wrong. */
    private static String wrongOutcome(String wrongReason) {
        return "code_not_mailed".equals(wrongReason) ? "unsent" : "wrong";
    }

    private static void checked(StepHost host, String outcome) {
        SimptelMetrics.codeChecked(host.realm().getName(), host.flowPath(), outcome);
    }

    private void failed(StepHost host, Recipient recipient, String error, String reason) {
        EventBuilder event = event(host, EventType.VERIFY_EMAIL_ERROR).detail(Details.REASON, reason);
        if (recipient.user() != null) {
            event.user(recipient.user());
        }
        if (recipient.present()) {
            event.detail(Details.EMAIL, recipient.address());
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
