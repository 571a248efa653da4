package com.simptel.keycloak.sessions;

import com.simptel.keycloak.common.ProviderFactoryBase;
import com.simptel.keycloak.common.ProjectVersion;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sessions REST API, {@code /realms/{realm}/sessions}. Options (see {@link SessionsConfig}):
 * {@code --spi-realm-restapi-extension--sessions--bucket-max-bytes},
 * {@code --spi-realm-restapi-extension--sessions--bucket-max-depth}.
 */
public final class SessionsResourceProviderFactory extends ProviderFactoryBase<RealmResourceProvider>
        implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "sessions";

    private SessionsConfig config = new SessionsConfig(SessionsConfig.DEFAULT_BUCKET_MAX_BYTES,
            SessionsConfig.DEFAULT_BUCKET_MAX_DEPTH);
    private BucketJson bucketJson = new BucketJson(SessionsConfig.DEFAULT_BUCKET_MAX_DEPTH);

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new SessionsResourceProvider(session, config, bucketJson);
    }

    @Override
    public void init(Config.Scope scope) {
        config = SessionsConfig.from(scope);
        bucketJson = new BucketJson(config.bucketMaxDepth());
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return SessionsConfig.metadata();
    }

    /** Shown in the admin console's Provider info, so operators see the options in effect. */
    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put(ProjectVersion.KEY, ProjectVersion.get());
        info.put(SessionsConfig.BUCKET_MAX_BYTES, Integer.toString(config.bucketMaxBytes()));
        info.put(SessionsConfig.BUCKET_MAX_DEPTH, Integer.toString(config.bucketMaxDepth()));
        return info;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
