package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.emailcode.EmailCodeConfig;
import com.simptel.keycloak.emailcode.EmailCodePage;
import com.simptel.keycloak.emailcode.EmailCodeStep;
import com.simptel.keycloak.emailcode.StepHost;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.models.UserModel;

import java.util.Map;

/**
 * The emailed-code step of a journey: the pages' own {@link EmailCodeStep} (codes, limits, budget,
 * mails, events), its result answered as JSON. What the page shows as a message is the
 * {@code error_description}; where the page shows the tries left, so does {@code tries_left}.
 */
final class EmailCodeLeg {

    private final EmailCodeStep step;

    EmailCodeLeg(Map<String, String> config) {
        this.step = new EmailCodeStep(EmailCodeConfig.of(config));
    }

    /** Sends the first code (or none, without a recipient) and asks for it. */
    Outcome begin(Exchange x, UserModel user) {
        x.expect(Challenge.Next.EMAIL_CODE);
        return answer(step.begin(host(x, user)));
    }

    /** Checks {@code email_code}, or sends a new code on {@code resend_email_code=true}. */
    Outcome act(Exchange x, UserModel user) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        if (x.params().isTrue(ChallengeParams.RESEND_EMAIL_CODE)) {
            form.putSingle(EmailCodePage.BUTTON_RESEND, "");
        } else {
            form.putSingle(EmailCodePage.FIELD_CODE, x.params().raw(ChallengeParams.EMAIL_CODE));
        }
        return answer(step.act(host(x, user), form));
    }

    private static StepHost host(Exchange x, UserModel user) {
        return new StepHost(x.session(), x.realm(), user, x.authSession(), x.event(), x.flow().flowPath(), x.ipAddress());
    }

    private static Outcome answer(EmailCodeStep.Result result) {
        EmailCodeStep.Message message = result.message();
        switch (result.kind()) {
            case SUCCESS:
                return Outcome.done(null);
            case RESTART:
                // same shape as a wrong code; the handle is dead from now on
                return Outcome.askAndEnd(Challenge.collect(Challenge.Next.EMAIL_CODE, message.key()).withTriesLeft(0));
            default:
                if (message == null) {
                    return Outcome.ask(Challenge.collect(Challenge.Next.EMAIL_CODE, "simptelChallengeEmailCode",
                            result.page().getLength()));
                }
                Challenge challenge = Challenge.collect(Challenge.Next.EMAIL_CODE, message.key(), message.params());
                return Outcome.ask("emailCodeInvalid".equals(message.key())
                        ? challenge.withTriesLeft(result.page().getAttemptsLeft()) : challenge);
        }
    }
}
