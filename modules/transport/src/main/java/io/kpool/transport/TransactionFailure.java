package io.kpool.transport;

import io.kpool.transport.security.KafkaRefusal;
import java.util.List;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * What a failed transaction calls for, by what the failure is: each kind Kafka's clients throw is
 * sorted here, and what is not is {@link #UNKNOWN}, for the caller to decide on explicitly. A
 * wrapper ({@code KafkaException("Unexpected error in TxnOffsetCommitResponse", cause)}) is sorted
 * by the first known failure among its causes.
 */
public enum TransactionFailure {

    /**
     * Abort the transaction and do its work again: the failure passes (a rebalance moved the
     * partitions, a broker was away for a moment, the coordinator asked for an abort).
     */
    ABORT_AND_RETRY,

    /**
     * Stop: another process took this one's place (fenced), Kafka refuses it (ACLs, credentials),
     * or the broker cannot do what it needs. Doing the work again cannot succeed; a restarted
     * process can, or an operator must act.
     */
    FATAL,

    /** None of the above: the caller decides, and says so. */
    UNKNOWN;

    private static final List<Class<? extends Throwable>> FATAL_KINDS = List.of(ProducerFencedException.class,
            InvalidProducerEpochException.class, InvalidPidMappingException.class, FencedInstanceIdException.class,
            OutOfOrderSequenceException.class, AuthorizationException.class, AuthenticationException.class,
            UnsupportedVersionException.class, InvalidConfigurationException.class);

    private static final List<Class<? extends Throwable>> PASSING_KINDS = List.of(TransactionAbortableException.class,
            RetriableException.class, CommitFailedException.class, RebalanceInProgressException.class,
            IllegalGenerationException.class, UnknownMemberIdException.class);

    /** What {@code failure} calls for. */
    public static TransactionFailure of(Throwable failure) {
        if (KafkaRefusal.isRefusal(failure)) {
            return FATAL;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isA(t, FATAL_KINDS)) {
                return FATAL;
            }
            if (isA(t, PASSING_KINDS)) {
                return ABORT_AND_RETRY;
            }
        }
        return UNKNOWN;
    }

    private static boolean isA(Throwable t, List<Class<? extends Throwable>> kinds) {
        return kinds.stream().anyMatch(kind -> kind.isInstance(t));
    }
}
