package com.simptel.keycloak.firstparty;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

/**
 * Texts of the answers from the realm's login theme, in the language Keycloak picks for the request
 * ({@code ui_locales}, then the browser's, then the realm's default), never the user's: a text in
 * the account's own language would tell that the name is an account.
 */
final class ChallengeMessages {

    private static final Logger LOG = Logger.getLogger(ChallengeMessages.class);

    private final Locale locale;
    private final Properties messages;

    private ChallengeMessages(Locale locale, Properties messages) {
        this.locale = locale;
        this.messages = messages;
    }

    static ChallengeMessages of(KeycloakSession session, RealmModel realm) {
        Locale locale = session.getContext().resolveLocale(null);
        Properties messages = new Properties();
        try {
            Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
            messages = theme.getEnhancedMessages(realm, locale);
        } catch (IOException e) {
            LOG.warnf("Login theme messages not readable: %s", e.getMessage());
        }
        return new ChallengeMessages(locale, messages);
    }

    /** Parameters such as {@code ${username}} (Keycloak's attribute display names) as their text. */
    private Object[] resolved(Object[] params) {
        if (params == null) {
            return new Object[0];
        }
        Object[] out = params.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof String s && s.startsWith("${") && s.endsWith("}")) {
                out[i] = messages.getProperty(s.substring(2, s.length() - 1), s.substring(2, s.length() - 1));
            }
        }
        return out;
    }

    String text(String key, Object... params) {
        if (key == null) {
            return "";
        }
        String pattern = messages.getProperty(key);
        if (pattern == null) {
            return key;
        }
        try {
            return new MessageFormat(pattern, locale).format(resolved(params));
        } catch (IllegalArgumentException e) {
            return pattern;
        }
    }
}
