package com.simptel.keycloak.sessions;

import com.simptel.keycloak.common.ProviderFactoryBase;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import ua_parser.Parser;

/**
 * Event listener {@value #PROVIDER_ID}: add it to a realm's event listeners (realm-config does
 * for {@code simptel}) so that its sessions show the browser that opened them.
 */
public final class UserAgentRecorderFactory extends ProviderFactoryBase<EventListenerProvider>
        implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "simptel-session-useragent";

    private UserAgentDescriber describer;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new UserAgentRecorder(session, describer);
    }

    @Override
    public void init(Config.Scope config) {
        // uap-java compiles its pattern file once; the parser is immutable afterwards
        describer = new UserAgentDescriber(new Parser());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
