package io.kpool.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.core.handler.JobHandler;
import io.kpool.protocol.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of the plain pool kpool is compared with: the worker users would write instead of
 * kpool. It joins a consumer group on the input topic ({@code subscribe}, default session and
 * heartbeat settings), and for each poll, in one Kafka transaction, writes {@code 2n} for every
 * input {@code n} to the output topic and commits the input offsets
 * ({@code sendOffsetsToTransaction} with the consumer's group metadata, so a member the group has
 * moved on from cannot commit). Nothing is tuned but the producer's {@code retry.backoff.ms}, as
 * kpool does.
 *
 * <p>An output value is {@code {"in":partition,"off":offset,"n":n,"out":2n}}, keyed like its input.
 * Runs until {@link #stop()}.
 *
 * <p>With a {@link JobHandler} (the bench's scenarios: {@code sleep}, {@code double}), an input is a
 * JSON payload and the member runs the handler on it as a kpool worker does, one job after another,
 * and writes {@code {"in":partition,"off":offset,"n":payload,"out":output}}. Like a kpool worker it
 * does not catch the handler's exception: {@link #run()} throws it (the open transaction is aborted
 * as the producer closes) and the process ends, for whatever restarts it to restart it.
 */
public final class PeerMember implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerMember.class);

    private final String output;
    private final JobHandler handler;
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private volatile boolean running = true;
    private long processed;

    /**
     * @param connection the Kafka bootstrap servers and client properties
     * @param input     the topic to consume
     * @param output    the topic to write results to
     * @param group     the consumer group
     * @param staticId  the static group member id ({@code group.instance.id}), or null for a dynamic member
     */
    public PeerMember(Map<String, Object> connection, String input, String output, String group, String staticId) {
        this(connection, input, output, group, staticId, null);
    }

    /**
     * @param handler the handler to run on each job's JSON payload, or null to write {@code 2n} for a
     *                decimal {@code n} without one
     */
    public PeerMember(Map<String, Object> connection, String input, String output, String group, String staticId,
                      JobHandler handler) {
        this.output = output;
        this.handler = handler;
        String memberId = staticId != null ? staticId : UUID.randomUUID().toString().substring(0, 8);
        String name = group + "-" + memberId;
        this.consumer = new KafkaConsumer<>(consumerProps(connection, group, staticId, name));
        this.producer = new KafkaProducer<>(producerProps(connection, name));
        producer.initTransactions();
        consumer.subscribe(List.of(input));
        log.info("member {} of group {}: {} -> {}", memberId, group, input, output);
    }

    private static Map<String, Object> consumerProps(Map<String, Object> connection, String group, String staticId,
                                                     String name) {
        Map<String, Object> props = new HashMap<>(connection);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        if (staticId != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, staticId);
        }
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return props;
    }

    private static Map<String, Object> producerProps(Map<String, Object> connection, String transactionalId) {
        Map<String, Object> props = new HashMap<>(connection);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return props;
    }

    /** Polls and processes until {@link #stop()}; a fenced member returns at once. */
    public void run() {
        try {
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    processInTransaction(records);
                }
            }
        } catch (WakeupException e) {
            log.debug("woken up to stop");
        } catch (ProducerFencedException | FencedInstanceIdException e) {
            log.warn("fenced by a newer member: stopping ({})", e.toString());
        }
        log.info("stopped after {} records", processed);
    }

    private void processInTransaction(ConsumerRecords<String, String> records) {
        producer.beginTransaction();
        try {
            for (ConsumerRecord<String, String> record : records) {
                producer.send(new ProducerRecord<>(output, record.key(), outputOf(record)));
            }
            producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
            producer.commitTransaction();
            processed += records.count();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | FencedInstanceIdException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("transaction aborted, rewinding to the committed offsets: {}", e.toString());
            producer.abortTransaction();
            rewind();
        }
    }

    private String outputOf(ConsumerRecord<String, String> record) {
        String n;
        String out;
        if (handler == null) {
            long value = Long.parseLong(record.value().trim());
            n = Long.toString(value);
            out = Long.toString(2 * value);
        } else {
            JsonNode payload;
            try {
                payload = Json.mapper().readTree(record.value());
            } catch (IOException e) {
                throw new IllegalArgumentException("let it crash: the job is not JSON: " + record.value(), e);
            }
            n = payload.toString();
            try {
                out = handler.handle(payload).toString();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the handler failed: " + e, e);
            }
        }
        return "{\"in\":" + record.partition() + ",\"off\":" + record.offset() + ",\"n\":" + n + ",\"out\":" + out
                + "}";
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, String>> in = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(in.get(in.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** After an abort: read again from the last committed offsets (or the start) of what we own. */
    private void rewind() {
        Set<TopicPartition> owned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(owned);
        for (TopicPartition partition : owned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    /** Makes {@link #run()} return soon (safe from any thread, e.g. a signal handler). */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
