package io.kpool.bench.peer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes jobs to a peer pool's input topic: a fast idempotent producer (acks=all, 5 ms linger,
 * 64 KiB batches). A job is a decimal {@code n} as text, keyed so jobs spread over the partitions.
 * Safe to use from several threads.
 */
public final class PeerInput implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerInput.class);

    private final String topic;
    private final KafkaProducer<String, String> producer;

    public PeerInput(Map<String, Object> connection, String topic) {
        this.topic = topic;
        Map<String, Object> props = new HashMap<>(connection);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "kpool-bench-peer-input");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.producer = new KafkaProducer<>(props);
    }

    /** Sends job {@code n} under {@code key}; the partition follows from the key. */
    void send(String key, long n) {
        producer.send(new ProducerRecord<>(topic, key, Long.toString(n)), PeerInput::onAck);
    }

    /** Sends job {@code n} under {@code key} to one partition. */
    void sendTo(int partition, String key, long n) {
        producer.send(new ProducerRecord<>(topic, partition, key, Long.toString(n)), PeerInput::onAck);
    }

    /** Sends {@code value} (a job's JSON payload) under {@code key}; the partition follows from the key. */
    public void sendText(String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value), PeerInput::onAck);
    }

    public void flush() {
        producer.flush();
    }

    private static void onAck(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception error) {
        if (error != null) {
            log.warn("a job was not written: {}", error.toString());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
