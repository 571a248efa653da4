package com.simptel.keycloak.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WriteLedgerTest {

    private static final String EMPTY_VIEW = "{\"_id\":\"s\",\"data\":{\"MFAInputsBucket\":{}}}";

    private static String viewOf(long seq) {
        return "{\"_id\":\"s\",\"data\":{\"MFAInputsBucket\":{\"user\":3,\"seq\":" + seq + ",\"replaced\":0}}}";
    }

    /** Writes 1..n, each acknowledged and each on the bucket the one before left. */
    private static WriteLedger acknowledgedChain(int n) {
        WriteLedger ledger = new WriteLedger();
        long replaced = WriteLedger.EMPTY;
        for (int i = 0; i < n; i++) {
            long seq = ledger.next();
            ledger.record(seq, replaced, 200);
            replaced = seq;
        }
        return ledger;
    }

    @Test
    void everyAcknowledgedWriteIsKeptWhenTheLastOneIsReadBack() {
        WriteLedger.Verdict verdict = acknowledgedChain(3).verify(3);

        assertThat(verdict).isEqualTo(new WriteLedger.Verdict(3, 0, 0, 0, true, WriteLedger.EMPTY));
        assertThat(verdict.explained()).isTrue();
    }

    @Test
    void anOlderWriteReadBackLosesEachAcknowledgedWriteAfterIt() {
        WriteLedger.Verdict verdict = acknowledgedChain(4).verify(2);

        assertThat(verdict.acknowledged()).isEqualTo(4);
        assertThat(verdict.lost()).isEqualTo(2);
    }

    @Test
    void anAcknowledgedWriteReplacedBehindItsBackIsLostThoughTheLastOneIsReadBack() {
        WriteLedger ledger = new WriteLedger();
        ledger.record(ledger.next(), WriteLedger.EMPTY, 200); // 1 on the empty bucket
        ledger.record(ledger.next(), 1, 200);                 // 2 on 1
        ledger.record(ledger.next(), 1, 200);                 // 3 also on 1: a stale ETag was accepted, 2 vanished

        WriteLedger.Verdict verdict = ledger.verify(3);

        assertThat(verdict.lost()).isEqualTo(1);
        assertThat(verdict.acknowledged()).isEqualTo(3);
    }

    @Test
    void aWriteWithoutAnswerOrA412FoundInTheChainIsMaybeAppliedNotLost() {
        WriteLedger ledger = new WriteLedger();
        ledger.record(ledger.next(), WriteLedger.EMPTY, 200);       // 1
        ledger.record(ledger.next(), 1, WriteLedger.NO_ANSWER);     // 2: applied, the answer lost with the node
        ledger.record(ledger.next(), 2, 412);                       // 3: applied, the resend answered 412
        ledger.record(ledger.next(), 3, 200);                       // 4

        WriteLedger.Verdict verdict = ledger.verify(4);

        assertThat(verdict).isEqualTo(new WriteLedger.Verdict(2, 0, 2, 0, true, WriteLedger.EMPTY));
    }

    @Test
    void unansweredWritesOutsideTheChainAreNeitherLostNorMaybeApplied() {
        WriteLedger ledger = new WriteLedger();
        ledger.record(ledger.next(), WriteLedger.EMPTY, 200); // 1
        ledger.record(ledger.next(), 1, 503);                 // 2: not applied
        ledger.record(ledger.next(), 1, 412);                 // 3: not applied

        WriteLedger.Verdict verdict = ledger.verify(1);

        assertThat(verdict).isEqualTo(new WriteLedger.Verdict(1, 0, 0, 0, true, WriteLedger.EMPTY));
    }

    @Test
    void aRefusedWriteFoundInTheChainIsCountedApart() {
        WriteLedger ledger = new WriteLedger();
        ledger.record(ledger.next(), WriteLedger.EMPTY, 409); // "nothing of it is kept", yet read back

        WriteLedger.Verdict verdict = ledger.verify(1);

        assertThat(verdict.refusedButKept()).isEqualTo(1);
        assertThat(verdict.maybeApplied()).isZero();
        assertThat(verdict.explained()).isFalse();
    }

    @Test
    void contentNoWriteExplainsLosesEveryAcknowledgedWrite() {
        WriteLedger ledger = acknowledgedChain(2);

        WriteLedger.Verdict foreign = ledger.verify(WriteLedger.FOREIGN);
        WriteLedger.Verdict unknown = ledger.verify(7);

        assertThat(foreign.lost()).isEqualTo(2);
        assertThat(foreign.explained()).isFalse();
        assertThat(unknown.lost()).isEqualTo(2);
        assertThat(unknown.chainEnd()).isEqualTo(7);
    }

    @Test
    void anEmptyBucketReadBackLosesEveryAcknowledgedWrite() {
        WriteLedger.Verdict verdict = acknowledgedChain(2).verify(WriteLedger.EMPTY);

        assertThat(verdict.lost()).isEqualTo(2);
        assertThat(verdict.explained()).isTrue();
    }

    @Test
    void anUnreadableBucketCountsEveryAcknowledgedWriteLost() {
        WriteLedger ledger = acknowledgedChain(2);
        ledger.record(ledger.next(), 2, WriteLedger.NO_ANSWER);

        WriteLedger.Verdict verdict = ledger.unreadable();

        assertThat(verdict).isEqualTo(new WriteLedger.Verdict(2, 2, 0, 0, false, WriteLedger.FOREIGN));
    }

    @Test
    void lastAcknowledgedIgnoresWritesWithoutA200() {
        WriteLedger ledger = acknowledgedChain(2);
        ledger.record(ledger.next(), 2, WriteLedger.NO_ANSWER);

        assertThat(ledger.lastAcknowledged()).isEqualTo(2);
    }

    @Test
    void verdictsOfSeveralUsersAddUp() {
        WriteLedger.Verdict a = new WriteLedger.Verdict(5, 1, 2, 0, true, WriteLedger.EMPTY);
        WriteLedger.Verdict b = new WriteLedger.Verdict(3, 0, 0, 1, true, 9);

        WriteLedger.Verdict sum = WriteLedger.Verdict.NONE.plus(a).plus(b);

        assertThat(sum).isEqualTo(new WriteLedger.Verdict(8, 1, 2, 1, true, 9));
        assertThat(sum.explained()).isFalse();
    }

    @Test
    void readBackFindsTheSequenceNumberOfTheBucketInASessionView() {
        assertThat(WriteLedger.readBack(viewOf(42))).isEqualTo(42);
        assertThat(WriteLedger.readBack(EMPTY_VIEW)).isEqualTo(WriteLedger.EMPTY);
        assertThat(WriteLedger.readBack("{\"_id\":\"s\",\"data\":{\"MFAInputsBucket\":null}}")).isEqualTo(WriteLedger.EMPTY);
        assertThat(WriteLedger.readBack("{\"_id\":\"s\",\"data\":{\"MFAInputsBucket\":{\"step\":2}}}"))
                .isEqualTo(WriteLedger.FOREIGN);
        assertThat(WriteLedger.readBack("{\"error\":\"invalid_token\",\"error_description\":\"x\"}")).isEqualTo(WriteLedger.FOREIGN);
        assertThat(WriteLedger.readBack("<html>sign in</html>")).isEqualTo(WriteLedger.FOREIGN);
    }
}
