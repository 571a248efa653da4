package com.simptel.keycloak.firstparty;

import com.simptel.keycloak.emailcode.EmailCodeAuthenticatorFactory;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.ForkFlowException;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionContextResult;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.AuthenticationFlowResolver;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.HashSet;
import java.util.Set;

/**
 * Runs one request of a journey on Keycloak's own flow engine, over the flow Keycloak would run for
 * the same client in a browser, then the user's required actions, as after a browser login. Each
 * step runs as behind its page ({@link AuthenticationProcessor}, {@link RequiredActionProvider});
 * this class only hands a step the app's answer as the form its page would have posted
 * ({@link StepForm}) and reads back the page it rendered. A step, or a page of a step, with no
 * JSON form sends the user to the browser; nothing is ever skipped.
 *
 * <p>One request may pass several steps: an answer in it goes to the first step that asks for it
 * (a first request with username and password passes the password form at once).
 */
final class FlowDriver {

    private static final Logger LOG = Logger.getLogger(FlowDriver.class);

    /** Where the journey is: in the flow, or in the required actions after it. */
    static final String PHASE_NOTE = "simptel.first-party.phase";
    private static final String IN_FLOW = "flow";
    private static final String IN_ACTIONS = "required-actions";
    private static final int MAX_STEPS = 32;

    /** What the request came to. */
    sealed interface Result permits Asked, Completed, ToBrowser {
    }

    record Asked(Challenge challenge) implements Result {
    }

    record Completed(UserModel user) implements Result {
    }

    /** @param step the authenticator or required action without a JSON form (for the event) */
    record ToBrowser(String step) implements Result {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ChallengeFlow flow;
    private final AuthenticationSessionModel authSession;
    private final ChallengeParams params;
    private final EventBuilder event;
    private final ChallengeMessages messages;
    private final HttpRequest request;
    /** The steps this request's answer went to already: an answer is taken once per step. */
    private final Set<String> answered = new HashSet<>();

    FlowDriver(KeycloakSession session, ChallengeFlow flow, AuthenticationSessionModel authSession,
               ChallengeParams params, EventBuilder event, ChallengeMessages messages) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.flow = flow;
        this.authSession = authSession;
        this.params = params;
        this.event = event;
        this.messages = messages;
        this.request = session.getContext().getHttpRequest();
    }

    Result run() {
        session.setAttribute(PageModelForms.JSON_REQUEST, Boolean.TRUE);
        try {
            String phase = authSession.getAuthNote(PHASE_NOTE);
            if (IN_ACTIONS.equals(phase)) {
                return requiredActions();
            }
            if (phase == null) {
                authSession.setAuthNote(PHASE_NOTE, IN_FLOW);
                return steps(start());
            }
            String execution = authSession.getAuthNote(AuthenticationProcessor.CURRENT_AUTHENTICATION_EXECUTION);
            StepForm step = execution == null ? null : JsonSteps.authenticator(authenticatorOf(execution));
            if (step == null || !step.answered(params)) {
                // like a reload of the page: the current step asks again
                return steps(start());
            }
            answered.add(execution);
            return steps(act(execution, step));
        } catch (ForkFlowException e) {
            return forked(e);
        } catch (AuthenticationFlowException e) {
            return failed(e);
        } catch (ChallengeError e) {
            throw e;
        } catch (WebApplicationException e) {
            // a step answered with a page of its own (an error page): the browser shows it, the app goes there
            LOG.debugf("Step answered HTTP %d: %s", e.getResponse().getStatus(), e.getMessage());
            return new ToBrowser("page");
        } catch (RuntimeException e) {
            LOG.warnf(e, "A step of the realm's flow failed on a JSON request");
            processor(request).handleBrowserException(e);
            return new Asked(Challenge.denied("unexpectedErrorHandlingRequestMessage"));
        }
    }

    /** A processor's call and what it answered; {@code completed} once the flow has succeeded. */
    private record Call(CompletingProcessor processor, Response response) {
    }

    private Call start() {
        CompletingProcessor processor = processor(request);
        return new Call(processor, processor.authenticate());
    }

    private Call act(String execution, StepForm step) {
        CompletingProcessor processor = processor(new AnsweredForm(request, step.form(params)));
        return new Call(processor, processor.authenticationAction(execution));
    }

    private Result steps(Call call) {
        FormMessage carried = null;
        for (int i = 0; i < MAX_STEPS; i++) {
            if (call.processor().completed()) {
                return requiredActions();
            }
            Response response = call.response();
            if (response == null || response.getStatus() / 100 == 3) {
                return new ToBrowser(response == null ? "unknown" : "redirect");
            }
            String execution = authSession.getAuthNote(AuthenticationProcessor.CURRENT_AUTHENTICATION_EXECUTION);
            String authenticator = execution == null ? null : authenticatorOf(execution);
            StepForm step = JsonSteps.authenticator(authenticator);
            if (step == null) {
                return new ToBrowser(authenticator);
            }
            if (step.answered(params) && answered.add(execution)) {
                call = act(execution, step);
                continue;
            }
            StepView view = view();
            Challenge challenge = step.ask(view);
            if (challenge == null && step.retriesAfterError() && view.page().message() != null && carried == null) {
                carried = view.page().message(); // the error page's "try again": the step asks anew
                call = start();
                continue;
            }
            if (challenge != null && carried != null && view.page().message() == null) {
                challenge = challenge.describedBy(carried.getMessage(), carried.getParameters());
            }
            return challenge == null ? new ToBrowser(authenticator) : new Asked(challenge);
        }
        throw new AuthenticationFlowException(AuthenticationFlowError.INTERNAL_ERROR);
    }

    /** The user's required actions (and the consent screen), as Keycloak runs them after a flow. */
    private Result requiredActions() {
        authSession.setAuthNote(PHASE_NOTE, IN_ACTIONS);
        UserModel user = authSession.getAuthenticatedUser();
        if (user == null || !user.isEnabled()) {
            throw new AuthenticationFlowException(AuthenticationFlowError.USER_DISABLED);
        }
        for (int i = 0; i < MAX_STEPS; i++) {
            String alias = AuthenticationManager.nextRequiredAction(session, authSession, request, event);
            if (alias == null) {
                return new Completed(user);
            }
            RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(alias);
            String providerId = model == null ? alias : model.getProviderId();
            StepForm step = JsonSteps.requiredAction(providerId);
            RequiredActionFactory factory = step == null ? null : (RequiredActionFactory) session.getKeycloakSessionFactory()
                    .getProviderFactory(RequiredActionProvider.class, providerId);
            if (factory == null) {
                return new ToBrowser(providerId);
            }
            boolean current = providerId.equals(authSession.getAuthNote(AuthenticationProcessor.CURRENT_AUTHENTICATION_EXECUTION));
            boolean act = current && step.answered(params) && answered.add("action:" + providerId);
            HttpRequest form = act ? new AnsweredForm(request, step.form(params)) : request;
            session.getContext().setHttpRequest(form);
            RenderedPage.clear(session);
            RequiredActionContextResult context = new RequiredActionContextResult(authSession, realm, event, session,
                    form, user, factory);
            RequiredActionProvider provider = factory.create(session);
            if (act) {
                provider.processAction(context);
            } else {
                provider.requiredActionChallenge(context);
            }
            RequiredActionContext.Status status = context.getStatus();
            if (status == RequiredActionContext.Status.SUCCESS) {
                event.clone().event(EventType.CUSTOM_REQUIRED_ACTION).detail(Details.CUSTOM_REQUIRED_ACTION, providerId).success();
                user.removeRequiredAction(providerId);
                authSession.removeRequiredAction(providerId);
                authSession.removeAuthNote(AuthenticationProcessor.CURRENT_AUTHENTICATION_EXECUTION);
                continue;
            }
            if (status == RequiredActionContext.Status.CHALLENGE) {
                authSession.setAuthNote(AuthenticationProcessor.CURRENT_AUTHENTICATION_EXECUTION, providerId);
                if (!act && step.answered(params) && !answered.contains("action:" + providerId)) {
                    continue; // the answer is in this request: the action takes it next round
                }
                Challenge challenge = step.ask(view());
                return challenge == null ? new ToBrowser(providerId) : new Asked(challenge);
            }
            if (status == RequiredActionContext.Status.FAILURE) {
                return new Asked(Challenge.denied("accessDeniedMessage"));
            }
            return new ToBrowser(providerId);
        }
        throw new AuthenticationFlowException(AuthenticationFlowError.INTERNAL_ERROR);
    }

    /** A step ended the flow and started it anew in the browser (too many wrong emailed codes): the journey is over. */
    private Result forked(ForkFlowException e) {
        FormMessage message = e.getErrorMessage();
        String key = message == null ? "expiredActionMessage" : message.getMessage();
        String execution = authSession.getAuthNote(AuthenticationProcessor.CURRENT_AUTHENTICATION_EXECUTION);
        if (execution != null && EmailCodeAuthenticatorFactory.PROVIDER_ID.equals(authenticatorOf(execution))) {
            return new Asked(Challenge.collect(EmailCodeJson.NEXT, key).withTriesLeft(0).ending());
        }
        return new Asked(Challenge.denied(key));
    }

    /** The flow failed as it fails in a browser: the same event, the error page's message as JSON. */
    private Result failed(AuthenticationFlowException e) {
        AuthenticationFlowError error = e.getError();
        if (error == AuthenticationFlowError.EXPIRED_CODE || error == AuthenticationFlowError.INVALID_CLIENT_SESSION) {
            throw ChallengeError.invalidSession();
        }
        processor(request).handleBrowserException(e); // records the browser's event for the failure
        String key = switch (error == null ? AuthenticationFlowError.INTERNAL_ERROR : error) {
            case ACCESS_DENIED -> e.getUserErrorMessage() == null ? "accessDeniedMessage" : e.getUserErrorMessage();
            case USER_DISABLED -> "accountDisabledMessage";
            case USER_TEMPORARILY_DISABLED, INVALID_USER, INVALID_CREDENTIALS, UNKNOWN_USER -> "invalidUserMessage";
            case CREDENTIAL_SETUP_REQUIRED -> "credentialSetupRequired";
            default -> "unexpectedErrorHandlingRequestMessage";
        };
        return new Asked(Challenge.denied(key));
    }

    private StepView view() {
        return new StepView(session, realm, authSession, authSession.getAuthenticatedUser(), RenderedPage.of(session), messages);
    }

    private String authenticatorOf(String execution) {
        AuthenticationExecutionModel model = realm.getAuthenticationExecutionById(execution);
        return model == null ? null : model.getAuthenticator();
    }

    private CompletingProcessor processor(HttpRequest form) {
        session.getContext().setHttpRequest(form);
        RenderedPage.clear(session);
        CompletingProcessor processor = new CompletingProcessor();
        processor.setAuthenticationSession(authSession)
                .setFlowPath(flow.flowPath())
                .setBrowserFlow(true)
                .setFlowId(flowModel().getId())
                .setConnection(session.getContext().getConnection())
                .setEventBuilder(event)
                .setRealm(realm)
                .setSession(session)
                .setUriInfo(session.getContext().getUri())
                .setRequest(form);
        return processor;
    }

    /** The flow Keycloak runs for this client in a browser. */
    private AuthenticationFlowModel flowModel() {
        return switch (flow) {
            case LOGIN -> AuthenticationFlowResolver.resolveBrowserFlow(authSession);
            case REGISTRATION -> realm.getRegistrationFlow();
            case ACCOUNT_RECOVERY -> realm.getResetCredentialsFlow();
        };
    }

    /** Keycloak's processor, stopped where a browser flow would go on to required actions and the redirect. */
    static final class CompletingProcessor extends AuthenticationProcessor {
        private boolean completed;

        @Override
        protected Response authenticationComplete() {
            new AcrStore(session, authenticationSession).setAuthFlowLevelAuthenticatedToCurrentRequest();
            AuthenticationManager.setClientScopesInSession(session, authenticationSession);
            completed = true;
            return null;
        }

        boolean completed() {
            return completed;
        }
    }
}
