package com.simptel.keycloak.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One simulated user's bucket writes, and what the bucket read back at the end says about each of
 * them; the failover and the rolling-update benchmark keep one per user (one thread each).
 * <p>
 * Every write names its sequence number and the one of the bucket it replaced (the version whose
 * ETag it sent with {@code If-Match}). The chain of "replaced" links from the bucket read back at the
 * end down to the empty bucket is what was kept. A write answered 200 (acknowledged) is kept when it
 * is in that chain: it is what is read back, or a later write that was applied replaced it. Outside
 * the chain it is lost. A write without an answer (no connection, a timeout, a 5xx) or answered 412
 * (a proxy that resends a write the dying node had applied gets 412 for the resend) that is in the
 * chain was applied unacknowledged: "maybe applied", never a loss. Any other answer says nothing of
 * the write was kept; such a write in the chain is counted apart ({@link Verdict#refusedButKept}).
 */
final class WriteLedger {

    /** What {@link #readBack} finds in an empty bucket. */
    static final long EMPTY = 0;
    /** What {@link #readBack} finds in a bucket no write of ours could have left. */
    static final long FOREIGN = -1;
    /** The status of a write that got no answer (connection failure, timeout). */
    static final int NO_ANSWER = -1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Write(long replaced, int status) {
        boolean acknowledged() {
            return status == 200;
        }

        boolean maybeApplied() {
            return status == NO_ANSWER || status >= 500 || status == 412;
        }
    }

    private final Map<Long, Write> writes = new HashMap<>();
    private long sequence;
    private long lastAcknowledged;

    /** The sequence number of the next write. */
    long next() {
        return ++sequence;
    }

    /** Write {@code seq}, sent on the bucket {@code replaced}, was answered {@code status} ({@link #NO_ANSWER} for none). */
    void record(long seq, long replaced, int status) {
        writes.put(seq, new Write(replaced, status));
        if (status == 200) {
            lastAcknowledged = Math.max(lastAcknowledged, seq);
        }
    }

    /** The newest acknowledged write; a read showing an older one is stale. */
    long lastAcknowledged() {
        return lastAcknowledged;
    }

    long acknowledged() {
        return writes.values().stream().filter(Write::acknowledged).count();
    }

    /** The accounting once the bucket read back at the end holds write {@code readBack} ({@link #readBack}). */
    Verdict verify(long readBack) {
        Set<Long> kept = new HashSet<>();
        long seq = readBack;
        while (seq > 0 && writes.containsKey(seq) && kept.add(seq)) {
            seq = writes.get(seq).replaced();
        }
        long lost = 0;
        long maybeApplied = 0;
        long refusedButKept = 0;
        for (Map.Entry<Long, Write> e : writes.entrySet()) {
            Write w = e.getValue();
            boolean inChain = kept.contains(e.getKey());
            if (w.acknowledged() && !inChain) {
                lost++;
            } else if (!w.acknowledged() && inChain) {
                if (w.maybeApplied()) {
                    maybeApplied++;
                } else {
                    refusedButKept++;
                }
            }
        }
        return new Verdict(acknowledged(), lost, maybeApplied, refusedButKept, true, seq == EMPTY ? EMPTY : seq);
    }

    /** The accounting when the bucket could not be read back: no acknowledged write can be shown kept. */
    Verdict unreadable() {
        long acknowledged = acknowledged();
        return new Verdict(acknowledged, acknowledged, 0, 0, false, FOREIGN);
    }

    /**
     * The accounting of one user, or summed over users. {@code chainEnd}: where the chain of the bucket
     * read back ended, {@link #EMPTY} when it reached the empty bucket; anything else is content no
     * write of the user explains.
     */
    record Verdict(long acknowledged, long lost, long maybeApplied, long refusedButKept, boolean readable, long chainEnd) {

        static final Verdict NONE = new Verdict(0, 0, 0, 0, true, EMPTY);

        boolean explained() {
            return readable && chainEnd == EMPTY && refusedButKept == 0;
        }

        /** Sums of two users' figures; {@code chainEnd} stays {@link #EMPTY} only while every chain reached it. */
        Verdict plus(Verdict other) {
            return new Verdict(acknowledged + other.acknowledged, lost + other.lost, maybeApplied + other.maybeApplied,
                    refusedButKept + other.refusedButKept, readable && other.readable,
                    chainEnd == EMPTY ? other.chainEnd : chainEnd);
        }
    }

    /**
     * The {@code seq} of the bucket in a session view: {@link #EMPTY} for an empty bucket,
     * {@link #FOREIGN} for anything else (no session view, a bucket without {@code seq}).
     */
    static long readBack(String sessionView) {
        try {
            JsonNode data = JSON.readTree(sessionView).path("data");
            if (!data.isObject()) {
                return FOREIGN;
            }
            JsonNode bucket = data.path("MFAInputsBucket");
            if (bucket.isNull() || bucket.isMissingNode() || bucket.isObject() && bucket.isEmpty()) {
                return EMPTY;
            }
            return bucket.path("seq").isIntegralNumber() ? bucket.path("seq").asLong() : FOREIGN;
        } catch (IOException e) {
            return FOREIGN;
        }
    }
}
