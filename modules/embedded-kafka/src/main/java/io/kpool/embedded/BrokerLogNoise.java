package io.kpool.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps one line of the embedded broker out of the log: the ERROR
 * {@code Error processing append operation on partition ...} of {@code kafka.server.ReplicaManager}
 * whose exception is the OutOfOrderSequenceException "Expected sequence 0 for transactions v2
 * idempotent producer with no existing state". Nothing is wrong when the broker logs it, and nothing
 * is lost: it is a retriable refusal that the producer retries.
 *
 * <p>Why it happens (Kafka 4.1 to 4.4, transactions v2, which kpool's transactional producers use):
 * after a transaction ends, the marker's bumped epoch empties the producer's state on each partition
 * it wrote ({@code ProducerStateEntry.maybeUpdateProducerEpoch}). The next transaction's first batch
 * to a partition (sequence 0) is added to the transaction by the broker, which asks the transaction
 * coordinator; while the previous transaction's markers are still being written the coordinator
 * answers CONCURRENT_TRANSACTIONS and the batch is not appended. The batches the producer pipelined
 * behind it (sequence 1, 2, ...) then meet the check KAFKA-18202 added
 * ({@code ProducerAppendInfo.checkSequence}: "reject non-zero sequences when there is no producer ID
 * state", apache/kafka#19902, meant as "the re-triable OutOfOrderSequence error"); the producer
 * retries them once the first batch is in ({@code TransactionManager.canRetry}: an
 * OUT_OF_ORDER_SEQUENCE_NUMBER for a batch that is not the next in sequence is retried). But
 * {@code ReplicaManager.processFailedRecord} logs every failed append at ERROR except
 * InvalidProducerEpochException, so a busy pool's broker printed ERROR lines that looked like data
 * loss. {@code BrokerLogNoiseTest} shows the race, and that the filter hides only that line; any
 * other failed append (another out-of-order sequence included) is still logged.
 *
 * <p>Only where logback is slf4j's provider (kpool's jar and its tests); elsewhere the line stays.
 */
final class BrokerLogNoise {

    static final String LOGGER = "kafka.server.ReplicaManager";
    static final String KAFKA_18202 = "Expected sequence 0 for transactions v2 idempotent producer with no existing state";

    private static final Logger log = LoggerFactory.getLogger(BrokerLogNoise.class);
    private static final AtomicLong HIDDEN = new AtomicLong();

    private BrokerLogNoise() {
    }

    /** Installs the filter once in logback's context, if logback is the provider. */
    static void install() {
        if ("ch.qos.logback.classic.LoggerContext".equals(LoggerFactory.getILoggerFactory().getClass().getName())) {
            Logback.install((LoggerContext) LoggerFactory.getILoggerFactory());
        }
    }

    /** Whether a broker log event is the retriable refusal of KAFKA-18202 described above. */
    static boolean isKnownNoise(String loggerName, Throwable thrown) {
        return LOGGER.equals(loggerName)
                && thrown instanceof OutOfOrderSequenceException
                && thrown.getMessage() != null
                && thrown.getMessage().contains(KAFKA_18202);
    }

    /** How many such lines were kept out of the log in this JVM. */
    static long hidden() {
        return HIDDEN.get();
    }

    /** Kept apart so that nothing of logback is loaded where it is not the provider. */
    private static final class Logback {

        static synchronized void install(LoggerContext context) {
            if (context.getTurboFilterList().stream().noneMatch(Filter.class::isInstance)) {
                Filter filter = new Filter();
                filter.setName("kpool-broker-log-noise");
                filter.setContext(context);
                filter.start();
                context.addTurboFilter(filter);
            }
        }
    }

    static final class Filter extends TurboFilter {

        @Override
        public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level, String format,
                                  Object[] params, Throwable thrown) {
            if (thrown == null || level != Level.ERROR || !isKnownNoise(logger.getName(), thrown)) {
                return FilterReply.NEUTRAL;
            }
            HIDDEN.incrementAndGet();
            log.debug("the broker refused a batch with a retriable OUT_OF_ORDER_SEQUENCE_NUMBER (KAFKA-18202, "
                    + "logged by Kafka at ERROR; the producer retries it): {}", thrown.getMessage());
            return FilterReply.DENY;
        }
    }
}
