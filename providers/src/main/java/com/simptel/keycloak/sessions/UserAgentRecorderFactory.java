package com.simptel.keycloak.sessions;

import com.simptel.keycloak.common.ProjectVersion;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import ua_parser.Parser;

import java.util.Map;

/**
 * Event listener {@value #PROVIDER_ID}: add it to a realm's event listeners (realm-config does
 * for {@code simptel}) so that its sessions show the browser that opened them.
 */
public final class UserAgentRecorderFactory implements EventListenerProviderFactory,
        ServerInfoAwareProviderFactory {

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
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Shown in the admin console's Server info, Providers: which Simptel JAR is installed. */
    @Override
    public Map<String, String> getOperationalInfo() {
        return ProjectVersion.info();
    }
}
