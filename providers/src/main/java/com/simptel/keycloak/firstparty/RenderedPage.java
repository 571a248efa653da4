package com.simptel.keycloak.firstparty;

import org.jboss.logging.Logger;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.forms.login.freemarker.FreeMarkerLoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.FormMessage;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step put on its page: the messages and attributes it gave Keycloak's login form (one per
 * request), read back after the step ran, so the JSON answer says what the page would show.
 * {@link LoginFormsProvider} has setters only: our {@link PageModelForms} hands them over; where an
 * operator chose Keycloak's own FreeMarker provider its fields are read, and a provider of another
 * kind reads as a page without messages.
 */
final class RenderedPage {

    private static final Logger LOG = Logger.getLogger(RenderedPage.class);
    private static final Field MESSAGES = field("messages");
    private static final Field ATTRIBUTES = field("attributes");

    private final List<FormMessage> messages;
    private final Map<String, Object> attributes;

    private RenderedPage(List<FormMessage> messages, Map<String, Object> attributes) {
        this.messages = messages;
        this.attributes = attributes;
    }

    /** Empties the request's form, so the next step's page starts with nothing of the last one. */
    static void clear(KeycloakSession session) {
        LoginFormsProvider forms = session.getProvider(LoginFormsProvider.class);
        if (forms instanceof FreeMarkerLoginFormsProvider && MESSAGES != null && ATTRIBUTES != null) {
            // PageModelForms is one too: the same two fields
            try {
                MESSAGES.set(forms, null);
                ((Map<?, ?>) ATTRIBUTES.get(forms)).clear();
            } catch (IllegalAccessException e) {
                LOG.debugf("Login form not cleared: %s", e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static RenderedPage of(KeycloakSession session) {
        LoginFormsProvider forms = session.getProvider(LoginFormsProvider.class);
        if (forms instanceof PageModelForms page) {
            return new RenderedPage(new ArrayList<>(page.pageMessages()), new HashMap<>(page.pageAttributes()));
        }
        if (forms instanceof FreeMarkerLoginFormsProvider && MESSAGES != null && ATTRIBUTES != null) {
            try {
                List<FormMessage> messages = (List<FormMessage>) MESSAGES.get(forms);
                Map<String, Object> attributes = (Map<String, Object>) ATTRIBUTES.get(forms);
                return new RenderedPage(messages == null ? List.of() : new ArrayList<>(messages), new HashMap<>(attributes));
            } catch (IllegalAccessException | RuntimeException e) {
                LOG.debugf("Login form not readable: %s", e.getMessage());
            }
        }
        return new RenderedPage(List.of(), Map.of());
    }

    List<FormMessage> messages() {
        return messages;
    }

    /** The first message, or null. */
    FormMessage message() {
        return messages.isEmpty() ? null : messages.get(0);
    }

    Object attribute(String name) {
        return attributes.get(name);
    }

    boolean flag(String name) {
        Object value = attributes.get(name);
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    private static Field field(String name) {
        try {
            Field field = FreeMarkerLoginFormsProvider.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            LOG.warnf("Keycloak's login form has no field %s: JSON answers carry no page messages", name);
            return null;
        }
    }
}
