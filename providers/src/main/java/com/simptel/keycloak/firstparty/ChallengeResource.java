package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.utils.RedirectUtils;
import org.keycloak.services.Urls;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The Authorization Challenge Endpoint (draft-ietf-oauth-first-party-apps), {@code POST
 * /realms/{realm}/authorization-challenge}: sign-in, registration and account recovery for
 * first-party apps, answered as JSON, state in Keycloak's authentication sessions.
 */
public final class ChallengeResource {

    /** Event detail on every event of a journey here, telling it apart from the HTML flows. */
    static final String DETAIL_ENDPOINT = "simptel_endpoint";
    static final String ENDPOINT = "authorization-challenge";

    private static final Pattern PKCE_CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final KeycloakSession session;
    private final RealmModel realm;

    ChallengeResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response form() {
        return answer(() -> ChallengeParams.fromForm(session.getContext().getHttpRequest().getDecodedFormParameters()), true);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response json(String body) {
        return answer(() -> ChallengeParams.fromJson(body), false);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response other() {
        return ChallengeAnswers.error(ChallengeError.invalidRequest(
                "Send the parameters as application/x-www-form-urlencoded or application/json"));
    }

    private Response answer(Supplier<ChallengeParams> parse, boolean formBody) {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.LOGIN).detail(DETAIL_ENDPOINT, ENDPOINT)
                .detail(Details.AUTH_METHOD, OIDCLoginProtocol.LOGIN_PROTOCOL);
        ChallengeSessions sessions = new ChallengeSessions(session, realm);
        AuthenticationSessionModel authSession = null;
        ChallengeParams params = null;
        try {
            requireSsl();
            params = parse.get();
            String responseType = params.get(ChallengeParams.RESPONSE_TYPE);
            if (responseType != null && !OAuth2Constants.CODE.equals(responseType)) {
                return ChallengeAnswers.error(new ChallengeError(400, "unsupported_response_type",
                        "Only response_type=code is supported"));
            }
            ClientModel client = FirstPartyClients.authenticate(session, realm, event, params, formBody);
            boolean started = params.get(ChallengeParams.AUTH_SESSION) == null;
            ChallengeSessions.Opened opened = open(sessions, client, params);
            authSession = opened.authSession();
            session.getContext().setAuthenticationSession(authSession);
            ChallengeFlow flow = ChallengeSessions.flowOf(authSession);
            if (flow == null) {
                throw ChallengeError.invalidSession();
            }
            event.event(flow.eventType());
            allowed(flow, event);
            DpopBinding.check(session, event, authSession, started);
            ChallengeMessages messages = ChallengeMessages.of(session, realm);
            FlowDriver.Result result = new FlowDriver(session, flow, authSession, params, event, messages).run();
            if (result instanceof FlowDriver.Completed done) {
                return issue(client, flow, authSession, done.user(), event, messages);
            }
            if (result instanceof FlowDriver.ToBrowser web) {
                event.clone().event(EventType.LOGIN_ERROR).detail(Details.REASON, "step_needs_browser")
                        .detail("simptel_step", web.step()).error(Errors.NOT_ALLOWED);
                Map<String, Object> pushed = WebRedirect.push(session, realm, client, authSession);
                sessions.end(authSession);
                return ChallengeAnswers.redirectToWeb(messages.text("simptelChallengeRedirectToWeb"), pushed);
            }
            Challenge challenge = ((FlowDriver.Asked) result).challenge();
            Response response = ChallengeAnswers.challenge(challenge, opened.handle(), messages);
            if (challenge.ends()) {
                sessions.end(authSession);
            }
            return response;
        } catch (ChallengeError e) {
            if (authSession != null && params != null && params.get(ChallengeParams.AUTH_SESSION) == null) {
                sessions.end(authSession); // started by this request, and no handle went out
            }
            return ChallengeAnswers.error(e);
        }
    }

    /** Registration and recovery only where the realm offers them, as its login page does. */
    private void allowed(ChallengeFlow flow, EventBuilder event) {
        if (flow == ChallengeFlow.REGISTRATION && !realm.isRegistrationAllowed()) {
            event.clone().event(EventType.REGISTER_ERROR).error(Errors.REGISTRATION_DISABLED);
            throw ChallengeError.unauthorizedClient("Registration is not allowed in this realm");
        }
        if (flow == ChallengeFlow.ACCOUNT_RECOVERY && !realm.isResetPasswordAllowed()) {
            event.clone().event(EventType.RESET_PASSWORD_ERROR).error(Errors.NOT_ALLOWED);
            throw ChallengeError.unauthorizedClient("Account recovery is not allowed in this realm");
        }
    }

    /** As Keycloak's token endpoint under the realm's "Require SSL". */
    private void requireSsl() {
        if (!"https".equals(session.getContext().getUri().getBaseUri().getScheme())
                && realm.getSslRequired().isRequired(session.getContext().getConnection())) {
            new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.LOGIN_ERROR)
                    .detail(DETAIL_ENDPOINT, ENDPOINT).error(Errors.SSL_REQUIRED);
            throw new ChallengeError(403, "invalid_request", "HTTPS required");
        }
    }

    private Response issue(ClientModel client, ChallengeFlow flow, AuthenticationSessionModel authSession, UserModel user,
                           EventBuilder event, ChallengeMessages messages) {
        EventBuilder success = event.clone().event(EventType.LOGIN).user(user).detail(Details.USERNAME, user.getUsername());
        if (user.getEmail() != null) {
            success.detail(Details.EMAIL, user.getEmail());
        }
        String code = CodeIssuer.issue(session, realm, authSession, user, flow.mode(), success);
        return ChallengeAnswers.issued(code, client.getClientId(), user.getEmail(), flow.mode().value(),
                messages.text(flow.doneMessage()));
    }

    /** The journey's session: the one named by {@code auth_session}, or a new one for a first request. */
    private ChallengeSessions.Opened open(ChallengeSessions sessions, ClientModel client, ChallengeParams params) {
        String handle = params.get(ChallengeParams.AUTH_SESSION);
        if (handle != null) {
            return sessions.find(handle, client, params.get(ChallengeParams.FLOW));
        }
        ChallengeFlow flow = ChallengeFlow.of(params.get(ChallengeParams.FLOW));
        if (flow == null) {
            throw ChallengeError.invalidRequest("flow must be login, registration or account_recovery");
        }
        String challenge = params.get(ChallengeParams.CODE_CHALLENGE);
        String method = params.get(ChallengeParams.CODE_CHALLENGE_METHOD);
        if (challenge == null || !PKCE_CHALLENGE.matcher(challenge).matches()) {
            throw ChallengeError.invalidRequest("code_challenge is required (43 to 128 characters of RFC 7636)");
        }
        if (!OAuth2Constants.PKCE_METHOD_S256.equals(method)) {
            throw ChallengeError.invalidRequest("code_challenge_method must be S256");
        }
        String scope = params.get(ChallengeParams.SCOPE);
        scope = scope == null ? OAuth2Constants.SCOPE_OPENID
                : (" " + scope + " ").contains(" openid ") ? scope : OAuth2Constants.SCOPE_OPENID + " " + scope;
        if (!TokenManager.isValidScope(session, scope, client, null)) {
            throw new ChallengeError(400, "invalid_scope", "The scope is not available to this client");
        }
        ChallengeSessions.Opened opened = sessions.start(client, flow);
        AuthenticationSessionModel authSession = opened.authSession();
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setAction(AuthenticationSessionModel.Action.AUTHENTICATE.name());
        authSession.setClientNote(OIDCLoginProtocol.RESPONSE_TYPE_PARAM, OAuth2Constants.CODE);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        authSession.setClientNote(OAuth2Constants.SCOPE, scope);
        authSession.setClientNote(OIDCLoginProtocol.CODE_CHALLENGE_PARAM, challenge);
        authSession.setClientNote(OIDCLoginProtocol.CODE_CHALLENGE_METHOD_PARAM, method);
        String uiLocales = params.get(ChallengeParams.UI_LOCALES);
        if (uiLocales != null) {
            authSession.setClientNote(LocaleSelectorProvider.CLIENT_REQUEST_LOCALE, uiLocales);
        }
        copyNote(authSession, params, ChallengeParams.STATE, OIDCLoginProtocol.STATE_PARAM);
        copyNote(authSession, params, ChallengeParams.NONCE, OIDCLoginProtocol.NONCE_PARAM);
        String redirectUri = redirectUri(client, params.get(ChallengeParams.REDIRECT_URI));
        if (redirectUri != null) {
            authSession.setAuthNote(WebRedirect.REDIRECT_URI_NOTE, redirectUri);
        }
        return opened;
    }

    /**
     * Where a browser would return the code if a step sends the user there: the given URI, checked as
     * the authorization endpoint checks it, or else the client's only registered one.
     */
    private String redirectUri(ClientModel client, String given) {
        if (given != null) {
            String verified = RedirectUtils.verifyRedirectUri(session, given, client);
            if (verified == null) {
                throw ChallengeError.invalidRequest("redirect_uri is not registered for the client");
            }
            return verified;
        }
        Set<String> registered = RedirectUtils.resolveValidRedirects(session, client.getRootUrl(), client.getRedirectUris());
        return registered.size() == 1 && !registered.iterator().next().contains("*") ? registered.iterator().next() : null;
    }

    private static void copyNote(AuthenticationSessionModel authSession, ChallengeParams params, String param, String note) {
        String value = params.get(param);
        if (value != null) {
            authSession.setClientNote(note, value);
        }
    }
}
