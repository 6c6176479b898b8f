package io.kpool.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

/** Each failure of a transaction sorted by what it is. */
class TransactionFailureTest {

    @Test
    void aProcessFencedRefusedOrOnABrokerThatCannotStops() {
        assertThat(TransactionFailure.of(new ProducerFencedException("newer epoch"))).isEqualTo(TransactionFailure.FATAL);
        assertThat(TransactionFailure.of(new InvalidProducerEpochException("old epoch"))).isEqualTo(TransactionFailure.FATAL);
        assertThat(TransactionFailure.of(new OutOfOrderSequenceException("gap"))).isEqualTo(TransactionFailure.FATAL);
        assertThat(TransactionFailure.of(new TopicAuthorizationException("t.tasks"))).isEqualTo(TransactionFailure.FATAL);
        assertThat(TransactionFailure.of(new UnsupportedVersionException("v2"))).isEqualTo(TransactionFailure.FATAL);
    }

    @Test
    void whatPassesIsAbortedAndDoneAgain() {
        assertThat(TransactionFailure.of(new TimeoutException("slow"))).isEqualTo(TransactionFailure.ABORT_AND_RETRY);
        assertThat(TransactionFailure.of(new NotCoordinatorException("moved"))).isEqualTo(TransactionFailure.ABORT_AND_RETRY);
        assertThat(TransactionFailure.of(new TransactionAbortableException("abort"))).isEqualTo(TransactionFailure.ABORT_AND_RETRY);
        assertThat(TransactionFailure.of(new CommitFailedException("rebalanced"))).isEqualTo(TransactionFailure.ABORT_AND_RETRY);
    }

    @Test
    void aWrapperIsSortedByTheFirstKnownFailureAmongItsCauses() {
        assertThat(TransactionFailure.of(new KafkaException("Unexpected error in TxnOffsetCommitResponse",
                new TimeoutException("slow")))).isEqualTo(TransactionFailure.ABORT_AND_RETRY);
        assertThat(TransactionFailure.of(new KafkaException("Cannot execute transactional method",
                new ProducerFencedException("newer epoch")))).isEqualTo(TransactionFailure.FATAL);
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(TransactionFailure.of(new KafkaException("something new"))).isEqualTo(TransactionFailure.UNKNOWN);
        assertThat(TransactionFailure.of(new KafkaException("wrapped", new IllegalStateException("odd"))))
                .isEqualTo(TransactionFailure.UNKNOWN);
    }
}
