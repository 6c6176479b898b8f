package io.kpool.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a peer pool's output topic as a downstream consumer would: {@code read_committed}, every
 * partition from the beginning, no group. Each result is parsed from the member's
 * {@code {"in":partition,"off":offset,"n":n,"out":2n}}.
 */
public final class PeerOutputs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerOutputs.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One result.
     *
     * @param key       the key of the job
     * @param in        the input partition of the job
     * @param off       the input offset of the job
     * @param n         the job's number
     * @param out       the member's answer (should be 2n)
     * @param writtenMs when the member wrote it (the record's create time, epoch ms)
     * @param readMs    when this reader got it (epoch ms)
     */
    public record Output(String key, int in, long off, long n, long out, long writtenMs, long readMs) {
    }

    private final KafkaConsumer<String, String> consumer;

    public PeerOutputs(Map<String, Object> connection, PeerTopics topics) {
        Map<String, Object> props = new HashMap<>(connection);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "kpool-bench-peer-output");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumer = new KafkaConsumer<>(props);
        consumer.assign(topics.outputPartitions());
        consumer.seekToBeginning(topics.outputPartitions());
    }

    /** The results that arrive within {@code timeout} (none if none did). */
    public List<Output> poll(Duration timeout) {
        List<Output> outputs = new ArrayList<>();
        for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
            long now = System.currentTimeMillis();
            try {
                JsonNode value = JSON.readTree(record.value());
                outputs.add(new Output(record.key(), value.path("in").asInt(-1), value.path("off").asLong(-1),
                        value.path("n").asLong(), value.path("out").asLong(), record.timestamp(), now));
            } catch (IOException | RuntimeException e) {
                log.warn("unreadable result at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        record.value());
            }
        }
        return outputs;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
