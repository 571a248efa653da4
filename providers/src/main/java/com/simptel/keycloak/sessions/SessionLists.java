package com.simptel.keycloak.sessions;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

import java.net.URI;
import java.util.List;
import java.util.function.Predicate;

/**
 * A page of a user's session views, regular and offline, for the user's own API and the admin's.
 * The ids of both kinds come from one query ({@link SessionRows}); only the page's sessions become
 * views. A next page is announced as an RFC 8288 {@code Link} header, so the body stays the array
 * of views it always was.
 */
final class SessionLists {

    static final String LINK = "Link";

    private SessionLists() {
    }

    /** 200 with the page; 400 for a bad {@code max} or {@code after}. */
    static Response page(KeycloakSession session, RealmModel realm, UserModel user, Predicate<UserSessionModel> current,
                         String max, String after) {
        int limit = SessionPage.max(max);
        SessionPage.Page<UserSessionModel> page = SessionPage.of(SessionsOfUser.allValid(session, realm, user),
                SessionLists::key, after, limit);
        SessionViews views = new SessionViews(session, realm);
        SessionViews.UserPart userPart = views.userPart(user);
        List<SessionRepresentation> list = page.entries().stream()
                .map(us -> views.view(us, userPart, current.test(us), BucketWrites.read(us)))
                .toList();
        if (page.next() == null) {
            return JsonResponses.ok(list);
        }
        URI next = session.getContext().getUri().getRequestUriBuilder()
                .replaceQueryParam("max", limit)
                .replaceQueryParam("after", page.next())
                .build();
        return JsonResponses.okWithHeader(list, LINK, "<" + next + ">; rel=\"next\"");
    }

    static SessionPage.Key key(UserSessionModel us) {
        return new SessionPage.Key(us.getStarted(), us.isOffline(), us.getId());
    }
}
