package com.simptel.keycloak.realmimport;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.constants.ServiceAccountConstants;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.DefaultClientScopes;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A realm file that defines client scopes of its own gets Keycloak's built-in ones ({@code profile},
 * {@code email}, {@code roles}, …) only when it sets the realm attribute {@value #ATTRIBUTE}. Keycloak
 * 26.7 reads and drops that attribute at import, creates the built-in scopes before the file's clients
 * and gives them to its own clients. Keycloak 26.4 and 26.5 store it as a plain attribute and create
 * nothing. Once such a realm exists, this does here what 26.7 does there, so that one realm file
 * gives the same scopes on every version; on 26.7 the attribute is gone and this does nothing.
 * Registered from a factory's {@code postInit}: a listener needs no SPI of its own.
 */
public final class BuiltInClientScopes {

    /** Keycloak's name ({@code Constants.CREATE_DEFAULT_CLIENT_SCOPES}, which 26.4 lacks). */
    static final String ATTRIBUTE = "CreateDefaultClientScopes";

    private static final Logger LOG = Logger.getLogger(BuiltInClientScopes.class);

    /** The clients Keycloak creates in a new realm before it imports the file's clients. */
    private static final Set<String> KEYCLOAK_CLIENTS = Set.of(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID,
            Constants.ACCOUNT_CONSOLE_CLIENT_ID, Constants.BROKER_SERVICE_CLIENT_ID,
            Constants.REALM_MANAGEMENT_CLIENT_ID, Constants.ADMIN_CONSOLE_CLIENT_ID, Constants.ADMIN_CLI_CLIENT_ID);

    private BuiltInClientScopes() {
    }

    /** Completes every realm created from now on (realm imports among them). */
    public static void listen(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                completeImport(created.getKeycloakSession(), created.getCreatedRealm());
            }
        });
    }

    static void completeImport(KeycloakSession session, RealmModel realm) {
        String requested = realm.getAttribute(ATTRIBUTE);
        if (requested == null) {
            return;
        }
        realm.removeAttribute(ATTRIBUTE);
        // profile is created unconditionally with the others: if it exists, Keycloak made them already
        // (a realm file without client scopes)
        if (!Boolean.parseBoolean(requested)
                || KeycloakModelUtils.getClientScopeByName(realm, OAuth2Constants.SCOPE_PROFILE) != null) {
            return;
        }
        Set<String> existing = realm.getClientScopesStream().map(ClientScopeModel::getId).collect(Collectors.toSet());
        DefaultClientScopes.createDefaultClientScopes(session, realm, false);
        Set<ClientScopeModel> defaults = created(realm, true, existing);
        Set<ClientScopeModel> optional = created(realm, false, existing);

        // 26.7 gives its own clients every realm default scope existing before the file's, among them
        // offline_access; the file's clients get the realm defaults when they are created. A file client
        // that lists its scopes lost the built-in ones it names (not there yet): it gets them all back.
        ClientScopeModel offlineAccess = realm.getDefaultClientScopesStream(false)
                .filter(scope -> OAuth2Constants.OFFLINE_ACCESS.equals(scope.getName()))
                .findFirst().orElse(null);
        ClientScopeModel serviceAccount = KeycloakModelUtils.getClientScopeByName(realm,
                ServiceAccountConstants.SERVICE_ACCOUNT_SCOPE);
        realm.getClientsStream().forEach(client -> {
            client.addClientScopes(defaults, true);
            client.addClientScopes(optional, false);
            if (offlineAccess != null && KEYCLOAK_CLIENTS.contains(client.getClientId())) {
                client.addClientScope(offlineAccess, false);
            }
            // as Keycloak's ClientManager does when it enables a service account
            if (serviceAccount != null && client.isServiceAccountsEnabled() && client.getType() == null) {
                client.addClientScope(serviceAccount, true);
            }
        });
        LOG.infof("Realm '%s' was imported with %s=true, which this Keycloak ignores: created its built-in"
                + " client scopes %s and gave them to the realm's clients, as Keycloak 26.7 does",
                realm.getName(), ATTRIBUTE, names(defaults, optional));
    }

    private static Set<ClientScopeModel> created(RealmModel realm, boolean defaultScope, Set<String> existing) {
        return realm.getDefaultClientScopesStream(defaultScope)
                .filter(scope -> !existing.contains(scope.getId()))
                .collect(Collectors.toSet());
    }

    private static String names(Set<ClientScopeModel> defaults, Set<ClientScopeModel> optional) {
        return Map.of("default", defaults, "optional", optional).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue().stream().map(ClientScopeModel::getName).sorted().toList())
                .collect(Collectors.joining(", "));
    }
}
