package io.kpool.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the broker itself allows: a producer-to-consumer hop, and a transactional
 * read-process-write loop (100 records per transaction, as KAFKA-NOTES measured), on the same
 * broker as everything else.
 */
final class Ceiling {

    private static final Logger log = LoggerFactory.getLogger(Ceiling.class);
    private static final int PARTITIONS = 4;
    private static final byte[] VALUE = "{\"id\":\"j-0000000\",\"payload\":1234}".getBytes(StandardCharsets.UTF_8);

    private Ceiling() {
    }

    /** Records a second through one producer and one consumer. */
    static double hop(BenchEnvironment env, int records) throws InterruptedException {
        String topic = "ceiling-" + UUID.randomUUID().toString().substring(0, 8);
        RawTopics.create(env.connection(), Map.of(topic, PARTITIONS));
        AtomicLong consumed = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(env, "read_uncommitted", 2000)) {
                consumer.assign(RawTopics.partitions(topic, PARTITIONS));
                consumer.seekToBeginning(consumer.assignment());
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (consumed.get() < records && System.nanoTime() < deadline) {
                    consumed.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
                }
            }
        }, "bench-hop-reader");
        reader.start();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(env, null)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, VALUE));
            }
        }
        reader.join(Duration.ofMinutes(2).toMillis());
        double rate = consumed.get() / (RawTopics.elapsed(start).toNanos() / 1e9);
        log.info("ceiling: producer -> consumer {} records/s", Math.round(rate));
        return rate;
    }

    /** Records a second through a transactional loop: read, write, commit the offsets, 100 a transaction. */
    static double transactionalLoop(BenchEnvironment env, int records) {
        String in = "ceiling-in-" + UUID.randomUUID().toString().substring(0, 8);
        String out = in.replace("-in-", "-out-");
        RawTopics.create(env.connection(), Map.of(in, PARTITIONS, out, PARTITIONS));
        try (KafkaProducer<byte[], byte[]> feed = producer(env, null)) {
            for (int i = 0; i < records; i++) {
                feed.send(new ProducerRecord<>(in, i % PARTITIONS, null, VALUE));
            }
        }
        long done = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(env, "read_committed", 100);
             KafkaProducer<byte[], byte[]> producer = producer(env, "ceiling-" + in)) {
            producer.initTransactions();
            List<TopicPartition> partitions = RawTopics.partitions(in, PARTITIONS);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            start = System.nanoTime();
            long deadline = start + Duration.ofMinutes(3).toNanos();
            while (done < records && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                if (batch.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    producer.send(new ProducerRecord<>(out, r.partition(), null, r.value()));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, new org.apache.kafka.clients.consumer.ConsumerGroupMetadata(
                        "ceiling-" + in));
                producer.commitTransaction();
                done += batch.count();
            }
        }
        double rate = done / (RawTopics.elapsed(start).toNanos() / 1e9);
        log.info("ceiling: transactional loop {} records/s", Math.round(rate));
        return rate;
    }

    private static KafkaProducer<byte[], byte[]> producer(BenchEnvironment env, String transactionalId) {
        return new KafkaProducer<>(producerProps(env, transactionalId), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /**
     * A raw producer's settings: acks all, 5 ms linger, 64 KiB batches, 5 ms retry backoff;
     * transactional when an id is given.
     */
    static Map<String, Object> producerProps(BenchEnvironment env, String transactionalId) {
        Map<String, Object> props = env.connection();
        props.put("acks", "all");
        props.put("linger.ms", 5);
        props.put("batch.size", 64 * 1024);
        props.put("retry.backoff.ms", 5);
        if (transactionalId != null) {
            props.put("transactional.id", transactionalId);
        }
        return props;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(BenchEnvironment env, String isolation, int maxPoll) {
        return new KafkaConsumer<>(consumerProps(env, isolation, maxPoll), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** A raw consumer's settings: this isolation, at most {@code maxPoll} records a poll, no auto commit. */
    static Map<String, Object> consumerProps(BenchEnvironment env, String isolation, int maxPoll) {
        Map<String, Object> props = env.connection();
        props.put("isolation.level", isolation);
        props.put("max.poll.records", maxPoll);
        props.put("enable.auto.commit", false);
        return props;
    }
}
