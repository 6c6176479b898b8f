package io.kpool.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The broker's log stays free of ERROR lines under what kpool does all day: back-to-back
 * transactions, each writing several batches to each of a few partitions (the dispatcher's and a
 * worker's pattern). With transactions v2 the first batch of a transaction to a partition is often
 * refused with CONCURRENT_TRANSACTIONS (the previous transaction's markers are still being written);
 * the batches pipelined behind it are then refused with a retriable OUT_OF_ORDER_SEQUENCE_NUMBER
 * (KAFKA-18202), which the broker logs at ERROR although the producer retries them and nothing is
 * lost. {@link BrokerLogNoise} keeps exactly that line out of the log.
 */
class BrokerLogNoiseTest {

    private static final String TOPIC = "burst";
    private static final int PARTITIONS = 8;

    @Test
    void backToBackTransactionsLeaveNoErrorInTheBrokersLog() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> errors = new ListAppender<>();
        errors.setContext(context);
        errors.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(errors);
        long hiddenBefore = BrokerLogNoise.hidden();
        int transactions = 0;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    ends.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
                }
                admin.listOffsets(ends).all().get(); // every partition takes writes (see TopicAdmin)
            }
            Map<String, Object> config = Map.of(
                    "bootstrap.servers", kafka.bootstrap(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "burst",
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.BATCH_SIZE_CONFIG, 1024, // several batches per partition in flight
                    ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
            String value = "x".repeat(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                // Until the race has happened a few times (the producer's retries are quick), or time is up.
                while (BrokerLogNoise.hidden() - hiddenBefore < 3 && errorsOf(errors).isEmpty()
                        && System.nanoTime() < deadline) {
                    producer.beginTransaction();
                    for (int i = 0; i < 10 * PARTITIONS; i++) {
                        producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, "k" + i, value));
                    }
                    // As a worker does: the offsets in the transaction too (more markers to write).
                    producer.sendOffsetsToTransaction(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(transactions)),
                            new ConsumerGroupMetadata("burst"));
                    producer.commitTransaction();
                    transactions++;
                }
            }
        } finally {
            root.detachAppender(errors);
        }
        assertThat(errorsOf(errors)).as("ERROR lines of the broker after %d transactions", transactions).isEmpty();
        assertThat(BrokerLogNoise.hidden() - hiddenBefore)
                .as("Kafka's retriable out-of-order refusals seen (and kept out of the log) in %d transactions", transactions)
                .isPositive();
    }

    @Test
    void hidesOnlyThatLineOfThatLogger() {
        BrokerLogNoise.install();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> errors = new ListAppender<>();
        errors.setContext(context);
        errors.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(errors);
        try {
            org.slf4j.Logger replicaManager = LoggerFactory.getLogger(BrokerLogNoise.LOGGER);
            replicaManager.error("Error processing append operation on partition t-0", new OutOfOrderSequenceException(
                    "Invalid sequence number for producer 1 at offset 112 in partition t-0: 7 (incoming seq. number). "
                            + BrokerLogNoise.KAFKA_18202 + "."));
            replicaManager.error("Error processing append operation on partition t-0", new OutOfOrderSequenceException(
                    "Out of order sequence number for producer 1 at offset 9 in partition t-0: 7 (incoming seq. number), "
                            + "5 (current end sequence number)"));
            replicaManager.error("Error processing append operation on partition t-0",
                    new KafkaStorageException("disk gone"));
            LoggerFactory.getLogger("kafka.server.KafkaApis").error("elsewhere", new OutOfOrderSequenceException(
                    BrokerLogNoise.KAFKA_18202));
        } finally {
            root.detachAppender(errors);
        }
        assertThat(errorsOf(errors)).hasSize(3)
                .noneMatch(line -> line.startsWith(BrokerLogNoise.LOGGER) && line.contains(BrokerLogNoise.KAFKA_18202));
    }

    private static List<String> errorsOf(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return appender.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                    .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
                            + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                    .toList();
        }
    }
}
