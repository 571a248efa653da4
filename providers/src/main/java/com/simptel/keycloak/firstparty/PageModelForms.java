package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.freemarker.FreeMarkerLoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.theme.Theme;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keycloak's FreeMarker login pages, with two additions for the JSON journeys: the page's model
 * (its messages and attributes) can be read back, and a request of a JSON journey skips the
 * FreeMarker render, because its answer is made from the model and the HTML would be thrown away.
 * Every step still builds its page exactly as for a browser; browsers get the same pages as before.
 */
public final class PageModelForms extends FreeMarkerLoginFormsProvider {

    /** Session attribute set for the requests of a JSON journey. */
    static final String JSON_REQUEST = "simptel.first-party.json-request";

    PageModelForms(KeycloakSession session) {
        super(session);
    }

    @Override
    protected Response processTemplate(Theme theme, String templateName, Locale locale) {
        if (session.getAttribute(JSON_REQUEST) != null) {
            return Response.status(status == null ? Response.Status.OK : status).build();
        }
        return super.processTemplate(theme, templateName, locale);
    }

    List<FormMessage> pageMessages() {
        return messages == null ? List.of() : messages;
    }

    Map<String, Object> pageAttributes() {
        return attributes;
    }
}
