package com.simptel.keycloak.sessions;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserSessionModel;

import java.util.UUID;

/**
 * Optimistic concurrency for bucket writes, safe across a cluster without any lock in this JVM.
 *
 * <p>Every write first claims its base version in Keycloak's single-use store
 * ({@link SingleUseObjectProvider#putIfAbsent}, an atomic put on the cluster-wide replicated
 * cache). Of all writes based on one version exactly one wins the claim: a write with If-Match
 * that loses it gets 412, so two conditional writers never both succeed. A PUT without If-Match
 * writes anyway (last write wins); a PATCH without If-Match that loses gets 409, since its merge
 * was computed on a bucket another request is replacing. Each write stores a fresh random
 * version, so an ETag always names exactly one bucket content, even after unconditional writes
 * raced. A claim lives a few minutes (long past any request) and is dropped if the write's
 * transaction rolls back, so a failed write does not block the version.
 */
final class BucketWrites {

    static final String CLAIM_PREFIX = "simptel.sessions.bucket:";
    static final long CLAIM_LIFESPAN_SECONDS = 300;

    private final KeycloakSession session;

    BucketWrites(KeycloakSession session) {
        this.session = session;
    }

    static String version(UserSessionModel userSession) {
        String version = userSession.getNote(SessionNotes.BUCKET_VERSION);
        return version == null ? SessionNotes.INITIAL_VERSION : version;
    }

    /** 412 unless If-Match (when sent) names the current version; cheap, before any parsing or merge. */
    static void checkPrecondition(UserSessionModel userSession, String ifMatch) {
        String current = version(userSession);
        if (ifMatch != null && !EntityTags.matches(ifMatch, current)) {
            throw SessionsApiException.preconditionFailed("The bucket has changed: its ETag is now "
                    + EntityTags.quote(current) + ". Read the session again and retry.");
        }
    }

    /**
     * Stores {@code bucketJson} as the session's bucket.
     *
     * @param mergedFromStored whether the new bucket was computed from the stored one (PATCH)
     * @return the new version
     */
    String replace(UserSessionModel userSession, String ifMatch, String bucketJson, boolean mergedFromStored) {
        checkPrecondition(userSession, ifMatch);
        boolean conditional = ifMatch != null && !EntityTags.isAny(ifMatch);
        String base = version(userSession);
        String claim = CLAIM_PREFIX + userSession.getId() + ":" + base;
        SingleUseObjectProvider singleUse = session.singleUseObjects();
        if (singleUse.putIfAbsent(claim, CLAIM_LIFESPAN_SECONDS)) {
            session.getTransactionManager().enlistAfterCompletion(new ReleaseClaimOnRollback(singleUse, claim));
        } else if (conditional) {
            throw SessionsApiException.preconditionFailed("The bucket was changed by a concurrent request."
                    + " Read the session again and retry.");
        } else if (mergedFromStored) {
            throw SessionsApiException.conflict("The bucket is being changed by a concurrent request."
                    + " Retry, or send If-Match with the ETag you read.");
        }
        String version = UUID.randomUUID().toString().replace("-", "");
        userSession.setNote(SessionNotes.BUCKET, bucketJson);
        userSession.setNote(SessionNotes.BUCKET_VERSION, version);
        return version;
    }

    private static final class ReleaseClaimOnRollback extends AbstractKeycloakTransaction {

        private final SingleUseObjectProvider singleUse;
        private final String claim;

        ReleaseClaimOnRollback(SingleUseObjectProvider singleUse, String claim) {
            this.singleUse = singleUse;
            this.claim = claim;
        }

        @Override
        protected void commitImpl() {
            // the claim stays: the version it names is gone for good
        }

        @Override
        protected void rollbackImpl() {
            singleUse.remove(claim);
        }
    }
}
