package io.kpool.transport;

import io.kpool.core.config.Require;
import io.kpool.protocol.Topics;
import io.kpool.transport.security.ClientProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where the pool's Kafka is and how kpool's clients talk to it. Keys are strings (job ids, slots),
 * values are raw bytes (JSON written and read by {@link io.kpool.protocol.Json}). Every client kpool
 * opens takes its properties from here: the user's ({@code --kafka-config}: TLS, SASL, ...) first,
 * then kpool's own, which the user's may not name ({@link ClientProperties#RESERVED}), then kpool's
 * tuning ({@link #tune}), where the user's value wins.
 *
 * @param bootstrap the Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topics    the topic names
 * @param client    the user's client properties ({@link ClientProperties#none()} for none)
 */
public record KafkaSettings(String bootstrap, Topics topics, ClientProperties client) {

    /** How long a transaction may stay open before the broker aborts it. */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    public KafkaSettings {
        Require.notBlank("bootstrap", bootstrap);
        Require.notNull("topics", topics);
        Require.notNull("client", client);
        for (String server : bootstrap.split(",")) {
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || colon == server.length() - 1 || !server.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new io.kpool.core.config.ConfigException("bootstrap",
                        "needs host:port[,host:port...], but was '" + bootstrap + "'");
            }
        }
    }

    /** Settings on Kafka's defaults: plain text, no authentication. */
    public KafkaSettings(String bootstrap, Topics topics) {
        this(bootstrap, topics, ClientProperties.none());
    }

    /** The same Kafka and topics, reached with other client properties (another principal's). */
    public KafkaSettings withClient(ClientProperties other) {
        return new KafkaSettings(bootstrap, topics, other);
    }

    /** Settings for an admin client. */
    public Map<String, Object> admin(String clientId) {
        Map<String, Object> props = common(clientId);
        tune(props, CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return props;
    }

    /** An idempotent producer for plain (non-transactional) writes. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> props = common(clientId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        tune(props, ProducerConfig.LINGER_MS_CONFIG, 5);
        tune(props, ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        return props;
    }

    /**
     * A transactional producer. A transaction that begins right after a commit finds the broker
     * still writing the last one's markers: its first writes are refused with "concurrent
     * transactions" and retried. The retries' backoff is short and stays short ({@code
     * retry.backoff.ms} 5, {@code retry.backoff.max.ms} 10): with Kafka's defaults (100 ms, growing
     * to 1 s) back-to-back commits ran at 4 k records/s against 15 k; with 5 ms growing to 1 s, a
     * transaction over 4 partitions still waited p50 18–22 ms to commit, against 6–7 ms capped at 10.
     */
    public Map<String, Object> transactionalProducer(String clientId, String transactionalId) {
        Map<String, Object> props = producer(clientId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        tune(props, CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, 5);
        tune(props, CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, 10);
        return props;
    }

    /**
     * A consumer that sees only committed records and commits nothing by itself.
     *
     * @param groupId the consumer group, or null for none
     */
    public Map<String, Object> consumer(String clientId, String groupId) {
        Map<String, Object> props = common(clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return props;
    }

    /**
     * Sets kpool's value of a tuning key ({@link ClientProperties#TUNED}) on a client's properties,
     * unless the user's client properties set that key: the user's value wins, on every client.
     */
    public void tune(Map<String, Object> props, String key, Object value) {
        if (!ClientProperties.TUNED.contains(key)) {
            throw new IllegalArgumentException(key + " is not a key kpool lets the user tune: set it with put");
        }
        if (!client.values().containsKey(key)) {
            props.put(key, value);
        }
    }

    private Map<String, Object> common(String clientId) {
        Map<String, Object> props = new HashMap<>(client.values());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
