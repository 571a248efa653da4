package com.simptel.keycloak.emailcode;

import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The mails of the emailed-code step: the code, or for a taken address the owner's notice. */
final class StepMails {

    static final String CODE_TEMPLATE = "email-code.ftl";
    static final String NOTICE_TEMPLATE = "email-existing-account.ftl";
    private static final String NOTICE_SENT_NOTE = "simptel.registration.existing-account-notified";

    private StepMails() {
    }

    /**
     * The code, to a user or (registration not yet proven: {@code to} null) to the address alone.
     * False when the address's hourly mail bound kept it back: then the code must never be accepted.
     */
    static boolean code(StepHost host, UserModel to, String address, String code, int lifetimeMinutes) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", code);
        attributes.put("codeLifetimeMinutes", lifetimeMinutes);
        return send(host, to, address, "emailCodeSubject", CODE_TEMPLATE, attributes, "code");
    }

    /**
     * A registration with an address that has an account: the owner (only the owner) learns of it,
     * once per flow. Any other flow without a recipient sends nothing.
     */
    static void noticeOrNothing(StepHost host) {
        AuthenticationSessionModel authSession = host.authSession();
        String ownerId = authSession.getAuthNote(CodeNotes.EXISTING_ACCOUNT_NOTE);
        UserModel owner = ownerId == null ? null : host.session().users().getUserById(host.realm(), ownerId);
        if (owner != null && owner.getEmail() != null && authSession.getAuthNote(NOTICE_SENT_NOTE) == null) {
            authSession.setAuthNote(NOTICE_SENT_NOTE, "true");
            send(host, owner, null, "existingAccountSubject", NOTICE_TEMPLATE, new HashMap<>(), "existing_account_notice");
            return;
        }
        EmailCodeStep.event(host, EventType.SEND_VERIFY_EMAIL)
                .detail(Details.REASON, owner == null ? "no_recipient" : "notice_already_sent")
                .error(Errors.USER_NOT_FOUND);
    }

    private static boolean send(StepHost host, UserModel to, String address, String subjectKey, String template,
                                Map<String, Object> attributes, String kind) {
        Locale locale = host.session().getContext().resolveLocale(to);
        String realmName = host.realm().getDisplayName() != null ? host.realm().getDisplayName() : host.realm().getName();
        Map<String, String> details = Map.of(EmailCodeStep.DETAIL_FLOW, host.flowPath(), CodeMail.MAIL_KIND_DETAIL, kind,
                Details.CODE_ID, host.authSession().getParentSession().getId());
        return CodeMail.sendAfterCommit(host.session(), new CodeMail.Letter(host.realm().getId(),
                to == null ? null : to.getId(), locale.toLanguageTag(), subjectKey, List.of(realmName), template,
                attributes, EventType.SEND_VERIFY_EMAIL, details, host.authSession().getClient().getClientId(),
                host.ipAddress(), to == null ? address : null));
    }
}
