package com.simptel.keycloak.sessions;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bucket writes of one session, one at a time across the cluster, each stored in a transaction of
 * its own before the request answers.
 *
 * <p>Why: Keycloak 26 persists user sessions, and two transactions that update the same session
 * row race in the database (optimistic lock on its version). A write that lost that race at the
 * request's commit used to answer 500 after up to 10 s of Keycloak's retries, and the cached
 * session kept the refused note, since Keycloak applies a note to the cached session when it is
 * set. So a write first takes the session's write lock in Keycloak's single-use store
 * ({@link SingleUseObjectProvider#putIfAbsent}: atomic cluster-wide), waiting a bounded time
 * (else 409 with Retry-After), then reads the bucket, checks If-Match, computes the new bucket and
 * sets the note in a nested transaction that commits before the lock is released. The version
 * If-Match is checked against is therefore the committed one: exactly one conditional write per
 * version wins, and a PATCH merges into the bucket as stored, so no merge is lost. If the
 * database still refuses the write (a concurrent write of Keycloak's own to the session outlasted
 * its retries), the bucket is set back to the one the write was based on and the caller gets 409.
 */
final class BucketWrites {

    private static final Logger LOG = Logger.getLogger(BucketWrites.class);

    static final String KEY_PREFIX = "simptel.sessions.bucket:";
    /** Outlives any write (Keycloak's own retries end after 10 s); frees the session if a node dies. */
    static final long LOCK_LIFESPAN_SECONDS = 15;
    /** How long a write waits for the one before it; then 409 with Retry-After. */
    static final long LOCK_WAIT_MILLIS = 5_000;

    /** The new bucket JSON from the current bucket; may throw {@link SessionsApiException}. */
    interface Change {
        String apply(SessionNotes.Bucket current);
    }

    /** What is recorded of a write (its admin event), in the write's own transaction: one commit for both. */
    interface Record {
        void written(KeycloakSession nested, UserSessionModel userSession, SessionNotes.Bucket written);
    }

    private final KeycloakSession session;

    BucketWrites(KeycloakSession session) {
        this.session = session;
    }

    static SessionNotes.Bucket read(UserSessionModel userSession) {
        return SessionNotes.Bucket.of(userSession.getNote(SessionNotes.BUCKET));
    }

    /** 412 unless If-Match (when sent) names this version; cheap, before any parsing or merge. */
    static void checkPrecondition(SessionNotes.Bucket current, String ifMatch) {
        if (ifMatch != null && !EntityTags.matches(ifMatch, current.version())) {
            throw SessionsApiException.preconditionFailed("The bucket has changed: its ETag is now "
                    + EntityTags.quote(current.version()) + ". Read the session again and retry.");
        }
    }

    /**
     * Stores the bucket {@code change} makes of the session's current one, if If-Match allows.
     *
     * @return the bucket written, committed
     * @throws SessionsApiException 409 (Retry-After) when the session stays busy or the database
     *                              refused the write; 412 for If-Match; what {@code change} throws
     */
    SessionNotes.Bucket write(RealmModel realm, String userSessionId, String ifMatch, Change change, Record record) {
        SingleUseObjectProvider singleUse = session.singleUseObjects();
        String lock = KEY_PREFIX + userSessionId + ":writing";
        acquire(singleUse, lock);
        try {
            return store(realm, userSessionId, ifMatch, change, record);
        } finally {
            singleUse.remove(lock);
        }
    }

    private SessionNotes.Bucket store(RealmModel realm, String userSessionId, String ifMatch, Change change,
                                      Record record) {
        SessionNotes.Bucket[] base = new SessionNotes.Bucket[1];
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                    session.getContext(), nested -> {
                        UserSessionModel userSession = nested.sessions().getUserSession(realm(nested, realm), userSessionId);
                        if (userSession == null) {
                            throw SessionsApiException.conflict("The session ended while this write waited for it");
                        }
                        base[0] = read(userSession);
                        checkPrecondition(base[0], ifMatch);
                        SessionNotes.Bucket written = new SessionNotes.Bucket(
                                UUID.randomUUID().toString().replace("-", ""), change.apply(base[0]));
                        userSession.setNote(SessionNotes.BUCKET, written.note());
                        record.written(nested, userSession, written);
                        return written;
                    }, "simptel bucket write");
        } catch (SessionsApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // the database refused the commit; the cached session may hold the note already
            LOG.debugf(e, "Bucket write to session %s refused at commit", userSessionId);
            if (base[0] != null) {
                restore(realm, userSessionId, base[0]);
            }
            throw SessionsApiException.conflict("Another request changed this session at the same moment and"
                    + " this write was not stored. Retry.");
        }
    }

    /** Sets the note back to the last stored bucket, which no other bucket write can have changed (lock). */
    private void restore(RealmModel realm, String userSessionId, SessionNotes.Bucket base) {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), session.getContext(), nested -> {
                UserSessionModel userSession = nested.sessions().getUserSession(realm(nested, realm), userSessionId);
                if (userSession != null && !base.equals(read(userSession))) {
                    userSession.setNote(SessionNotes.BUCKET, base.note());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not set the bucket of session %s back after a refused write: %s", userSessionId,
                    e.getMessage());
        }
    }

    private static RealmModel realm(KeycloakSession nested, RealmModel realm) {
        return nested.realms().getRealm(realm.getId());
    }

    /** Takes the session's write lock, waiting at most {@link #LOCK_WAIT_MILLIS}; else 409. */
    private static void acquire(SingleUseObjectProvider singleUse, String lock) {
        long deadline = System.nanoTime() + LOCK_WAIT_MILLIS * 1_000_000;
        long pause = 2;
        while (!singleUse.putIfAbsent(lock, LOCK_LIFESPAN_SECONDS)) {
            if (System.nanoTime() > deadline) {
                throw SessionsApiException.conflict("Other requests are writing this session's bucket. Retry in a"
                        + " moment.");
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(1, pause + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SessionsApiException.conflict("The write was interrupted while waiting. Retry.");
            }
            pause = Math.min(pause * 2, 50);
        }
    }
}
