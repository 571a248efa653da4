package com.simptel.keycloak.it.recovery;

import com.simptel.keycloak.it.support.Page;

import java.util.regex.Pattern;

/**
 * A page as an onlooker would compare it: status and HTML, with what differs on every request
 * anyway (session codes, tab ids, the auth-session hash, the seconds of a countdown) and the name
 * they typed themselves replaced by placeholders. Two accounts are told apart if their fingerprints differ.
 */
public final class PageFingerprint {

    private static final Pattern PER_REQUEST_PARAMS =
            Pattern.compile("(session_code|execution|tab_id|client_data|auth_session_id)=[^&\"'\\s<]+");
    private static final Pattern AUTH_SESSION_HASH = Pattern.compile("checkAuthSession\\(\\s*\"[^\"]*\"");
    /** The emailed-code page counts the resend cooldown down: a second more or less is not about the account. */
    private static final Pattern COUNTDOWN = Pattern.compile("(data-wait=\"|\\()\\d+(\"| s\\))");

    private PageFingerprint() {
    }

    public static String of(Page page, String typedUsername) {
        String html = page.body().replace(typedUsername, "{typed-username}");
        html = PER_REQUEST_PARAMS.matcher(html).replaceAll("$1={per-request}");
        html = AUTH_SESSION_HASH.matcher(html).replaceAll("checkAuthSession(\"{per-session}\"");
        html = COUNTDOWN.matcher(html).replaceAll("$1{seconds}$2");
        return page.status() + "\n" + html;
    }
}
