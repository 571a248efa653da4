package com.simptel.keycloak.sessions;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserSessionModel;

import java.util.Map;
import java.util.UUID;

/**
 * Optimistic concurrency for bucket writes, safe across a cluster without any lock in this JVM.
 *
 * <p>Every conditional write first claims its base version in Keycloak's single-use store
 * ({@link SingleUseObjectProvider#putIfAbsent}, an atomic put on the cluster-wide replicated
 * cache). Of all conditional writes based on one version exactly one wins the claim; the others
 * get 412, so two conditional writers never both succeed. A write without If-Match claims
 * nothing and stores anyway: the last write wins (for a PATCH: the last merge wins).
 *
 * <p>Keycloak applies a session note to the cached session before its transaction has
 * completed, so a request may read a version whose write is still being stored. Each write
 * therefore marks its new version "pending" until its transaction has completed; a conditional
 * write based on a pending version could complete before it and then be overwritten by it, so
 * it gets 409 (retry) instead. Each write stores a fresh random version together with the
 * content in one note, so an ETag always names exactly one bucket content. Claims and markers
 * expire after 30 seconds and are dropped when the write's transaction rolls back.
 */
final class BucketWrites {

    static final String KEY_PREFIX = "simptel.sessions.bucket:";
    /**
     * A claim only has to outlive the moment between a competitor reading the version and
     * claiming it (one request); short, so that a claim whose write never became visible cannot
     * block the bucket for long.
     */
    static final long CLAIM_LIFESPAN_SECONDS = 30;
    static final long PENDING_LIFESPAN_SECONDS = 30;

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
     * Stores {@code json} as the bucket that follows {@code base}.
     *
     * @return the bucket written
     */
    SessionNotes.Bucket replace(UserSessionModel userSession, SessionNotes.Bucket base, String ifMatch, String json) {
        checkPrecondition(base, ifMatch);
        boolean conditional = ifMatch != null && !EntityTags.isAny(ifMatch);
        SingleUseObjectProvider singleUse = session.singleUseObjects();
        String prefix = KEY_PREFIX + userSession.getId() + ":";
        if (conditional && singleUse.contains(prefix + base.version() + ":pending")) {
            throw SessionsApiException.conflict("The version you name is still being stored by another request."
                    + " Retry in a moment.");
        }
        // Only conditional writes claim: an unconditional write overwrites whatever it meets, and a
        // claim it held on a version that a racing write then left visible would refuse every
        // If-Match on that version until the claim expired.
        String claim = conditional ? prefix + base.version() : null;
        if (claim != null && !singleUse.putIfAbsent(claim, CLAIM_LIFESPAN_SECONDS)) {
            throw SessionsApiException.preconditionFailed("The bucket was changed by a concurrent request."
                    + " Read the session again and retry.");
        }
        SessionNotes.Bucket written = new SessionNotes.Bucket(UUID.randomUUID().toString().replace("-", ""), json);
        String pending = prefix + written.version() + ":pending";
        singleUse.put(pending, PENDING_LIFESPAN_SECONDS, Map.of());
        session.getTransactionManager().enlistAfterCompletion(
                new ReleaseAfterCompletion(singleUse, pending, claim));
        userSession.setNote(SessionNotes.BUCKET, written.note());
        return written;
    }

    /** Drops the pending marker once stored (or not); drops the claim too if nothing was stored. */
    private static final class ReleaseAfterCompletion extends AbstractKeycloakTransaction {

        private final SingleUseObjectProvider singleUse;
        private final String pending;
        private final String claim;

        ReleaseAfterCompletion(SingleUseObjectProvider singleUse, String pending, String claim) {
            this.singleUse = singleUse;
            this.pending = pending;
            this.claim = claim;
        }

        @Override
        protected void commitImpl() {
            singleUse.remove(pending);
        }

        @Override
        protected void rollbackImpl() {
            singleUse.remove(pending);
            if (claim != null) {
                singleUse.remove(claim);
            }
        }
    }
}
